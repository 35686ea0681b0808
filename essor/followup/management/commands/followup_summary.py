import json

from django.core.management.base import BaseCommand, CommandError

from essor.followup.summary import summary_contract
from essor.plans.models import Plan


class Command(BaseCommand):
    help = "Print the follow-up figures of a validated plan for a year (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="Id of the plan.")
        parser.add_argument("--year", type=int, required=True, help="The year, e.g. 2027.")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, plan, year, format, **options):
        try:
            followed = Plan.objects.select_related("process").get(pk=plan)
        except Plan.DoesNotExist:
            raise CommandError(f"Aucun plan n’a l’identifiant {plan}.") from None
        if not followed.is_frozen:
            raise CommandError(
                f"Le plan « {followed.name} » n’est pas validé : seul un plan validé (figé) "
                "peut être suivi."
            )
        if not followed.mandate_start <= year <= followed.mandate_end:
            raise CommandError(
                f"L’année {year} est hors du mandat du plan "
                f"({followed.mandate_start} à {followed.mandate_end})."
            )
        data = summary_contract(followed, year)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
