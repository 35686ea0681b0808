import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.organisations import tabular
from essor.plans import importing
from essor.processes.models import Process


class Command(BaseCommand):
    help = "Import a plan from a CSV or XLSX file (one row per action) into a process."

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, required=True, help="Id of the process.")
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument("--name", default="", help="Name of the new plan.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create unknown pilots, partners and departments in the directory.",
        )
        parser.add_argument(
            "--adopted-on",
            default="",
            metavar="YYYY-MM-DD",
            help="The council already adopted this plan on that date: create it validated, "
            "frozen and adopted, ready for follow-up.",
        )

    def handle(self, *args, process, file, name, create_missing, adopted_on, **options):
        adoption = None
        if adopted_on:
            try:
                adoption = dt.date.fromisoformat(adopted_on)
            except ValueError:
                raise CommandError(
                    f"Date d’adoption « {adopted_on} » invalide : écrivez-la AAAA-MM-JJ."
                ) from None
        try:
            process = Process.objects.get(pk=process)
        except Process.DoesNotExist:
            raise CommandError(f"Aucune démarche n’a l’identifiant {process}.") from None
        path = Path(file)
        if path.suffix.lower() not in tabular.EXTENSIONS or not path.exists():
            raise CommandError("Donnez un fichier .csv ou .xlsx existant.")
        try:
            table = tabular.read_table(path)
        except tabular.ImportFileError as error:
            raise CommandError(str(error)) from None
        parsed = importing.parse_table(process, table)
        if parsed.unknown_columns:
            self.stderr.write(
                _("Columns not recognised, not imported: %(columns)s.")
                % {"columns": ", ".join(f"«\u00a0{name}\u00a0»" for name in parsed.unknown_columns)}
            )
        try:
            plan = importing.import_plan(
                process,
                parsed,
                name=name or path.stem,
                actor=None,
                create_missing=create_missing,
                adopted_on=adoption,
            )
        except importing.ImportErrors as error:
            raise CommandError("Rien n’a été importé\u00a0:\n" + "\n".join(error.errors)) from None
        except ValidationError as error:
            raise CommandError("Rien n’a été importé\u00a0: " + " ".join(error.messages)) from None
        self.stdout.write(
            f"Plan {plan.pk} «\u00a0{plan.name}\u00a0» importé\u00a0: {len(parsed.rows)} actions."
        )
        if adoption:
            self.stdout.write(f"Validé et adopté le {adoption:%d/%m/%Y}, prêt pour le suivi.")
