from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essor.followup.management.followed_plan import followed_plan
from essor.followup.report import ReportOptions, render_report

FORMATS = ["odt", "docx", "pdf", "pptx", "xlsx"]


def _ids(value: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise CommandError(
            f"--axes attend des identifiants d’axes séparés par des virgules, pas « {value} »."
        ) from None


class Command(BaseCommand):
    help = "Write the yearly follow-up report of a validated plan (ODT, DOCX, PDF, PPTX, XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="Id of the plan.")
        parser.add_argument("--year", type=int, required=True, help="The year, e.g. 2027.")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--mandate", action="store_true", help="The whole mandate up to --year."
        )
        parser.add_argument("--axes", default="", help="Ids of first-level axes, e.g. 3,5.")

    def handle(self, *args, plan, year, format, output, mandate, axes, **options):
        followed = followed_plan(plan, year)
        axis_ids = _ids(axes)
        known = set(
            followed.axes.filter(pk__in=axis_ids, parent__isnull=True).values_list("pk", flat=True)
        )
        if unknown := [str(pk) for pk in axis_ids if pk not in known]:
            raise CommandError(
                f"Axe(s) inconnu(s) dans ce plan (axes de premier niveau) : {', '.join(unknown)}."
            )
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"Le dossier « {path.parent} » n’existe pas.")
        if format == "xlsx":
            self._xlsx(followed, year, path)
        else:
            options = ReportOptions(year=year, mandate=mandate, axis_ids=axis_ids)
            path.write_bytes(render_report(followed, options, format))
        self.stdout.write(f"Rapport de suivi écrit dans {path}")

    def _xlsx(self, plan, year: int, path: Path) -> None:
        try:
            from essor.followup.spreadsheet import export_followup_xlsx
        except ImportError:
            raise CommandError(
                "L’export XLSX du suivi n’est pas disponible dans cette installation "
                "(module essor.followup.spreadsheet absent)."
            ) from None
        with path.open("wb") as stream:
            export_followup_xlsx(plan, year, stream)
