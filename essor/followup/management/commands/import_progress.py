"""python manage.py import_progress --plan ID FILE [INDICATORS_CSV]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essor.followup.management.followed_plan import followed_plan
from essor.followup.progress_files import read_paths
from essor.followup.progress_import import ProgressImportErrors, import_progress, parse_progress
from essor.organisations.tabular import ImportFileError


class Command(BaseCommand):
    help = (
        "Import progress reports and indicator values into a validated plan from the "
        "follow-up XLSX filled in, or a CSV of actions and an optional CSV of indicator "
        "values. Nothing is written unless the whole file is valid (exit code 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="Id of the plan.")
        parser.add_argument("file", type=Path, help="The .xlsx or .csv file.")
        parser.add_argument(
            "indicators", type=Path, nargs="?", help="A second CSV: the indicator values."
        )

    def handle(self, *args, plan, file, indicators, **options):
        followed = followed_plan(plan)
        paths = [file] + ([indicators] if indicators else [])
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")
        try:
            tables = read_paths(paths)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        parsed = parse_progress(followed, *tables)
        label = f"import_progress {file.name}"[:200]
        try:
            import_progress(followed, parsed, actor=None, author_label=label)
        except ProgressImportErrors as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                f"Rien n’a été importé : {len(error.errors)} erreur(s) à corriger."
            ) from None
        self.stdout.write(
            f"{len(parsed.reports)} point(s) d’avancement et {len(parsed.values)} valeur(s) "
            f"d’indicateur enregistrés ; {parsed.unchanged} ligne(s) inchangée(s) ignorée(s)."
        )
