"""Print every contribution of a process as JSON or CSV (UTF-8, stable column order).

python manage.py export_contributions --process ID --format json|csv
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.contributions import exports
from essor.processes.commands import process_from_option


class Command(BaseCommand):
    help = "Print every contribution of a process (JSON or CSV), with its origin and votes."

    def add_arguments(self, parser):
        parser.add_argument("--process", required=True, help="Id of the process.")
        parser.add_argument("--format", default="json", help="json (default) or csv.")

    def handle(self, *args, **options):
        process = process_from_option(options["process"])
        output_format = (options["format"] or "").strip().lower()
        if output_format not in ("json", "csv"):
            raise CommandError(
                _("Unknown format “%(format)s”: use json or csv.") % {"format": options["format"]}
            )
        rows = exports.contribution_rows(process)
        text = exports.to_json(rows) if output_format == "json" else exports.to_csv(rows)
        self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
