from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essor.plans import exports
from essor.plans.documents import FORMATS, render_roadmap
from essor.plans.models import Plan


class Command(BaseCommand):
    help = "Write the roadmap of a plan (odt, docx, pdf) or its actions (csv, xlsx) to a file."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="Id of the plan.")
        parser.add_argument(
            "--format", required=True, choices=[*FORMATS, "csv", "xlsx"], dest="fmt"
        )
        parser.add_argument("--output", required=True, help="File to write.")

    def handle(self, *args, plan, fmt, output, **options):
        try:
            plan = Plan.objects.select_related("process").get(pk=plan)
        except Plan.DoesNotExist:
            raise CommandError(f"Aucun plan n’a l’identifiant {plan}.") from None
        if fmt in FORMATS:
            data = render_roadmap(plan, fmt)
        elif fmt == "csv":
            data = exports.csv_bytes(exports.action_rows(plan))
        else:
            data = exports.plan_xlsx(plan)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}\u00a0: {len(data)} octets ({fmt}).")
