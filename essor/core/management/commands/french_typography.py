from django.core.management.base import BaseCommand, CommandError

from essor.core.french_typography import fix_po, offenders
from essor.core.i18n_tools import po_files


class Command(BaseCommand):
    help = (
        "Set French spacing in every French catalogue: a no-break space before ':' and "
        "inside « », a narrow no-break space before ';', '!' and '?' (msgstr only). "
        "Run it again after adding strings; then run compile_translations."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list the lines to fix and fail if there are any.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            found = [line for path in po_files("fr") for line in offenders(path)]
            for line in found:
                self.stderr.write(line)
            if found:
                raise CommandError(
                    f"{len(found)} line(s) without French spacing: run manage.py french_typography."
                )
            self.stdout.write("French spacing correct in every catalogue.")
            return
        changed = 0
        for path in po_files("fr"):
            source = path.read_text(encoding="utf-8")
            fixed = fix_po(source)
            if fixed != source:
                path.write_text(fixed, encoding="utf-8")
                changed += 1
        self.stdout.write(f"{changed} catalogue(s) rewritten.")
