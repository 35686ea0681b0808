"""python manage.py import_sirene --legal-units PATH --establishments PATH [--max-bad-lines N]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.observatory.importing import ImportProgress, SireneImportError, import_sirene


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Command(BaseCommand):
    help = _(
        "Import the SIRENE stock files (legal units and establishments; CSV, zipped CSV or "
        "Parquet) into the observatory register. The previous import stays in service until "
        "this one is complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--legal-units", required=True, type=Path, help="StockUniteLegale")
        parser.add_argument("--establishments", required=True, type=Path, help="StockEtablissement")
        parser.add_argument(
            "--max-bad-lines",
            type=int,
            default=0,
            help=_("Malformed lines tolerated before the import is refused (default 0)."),
        )
        parser.add_argument(
            "--stock-date",
            help=_("Date of the stock (YYYY-MM-DD); default: the latest processing date."),
        )

    def handle(self, *args, **options):
        self._last_width = 0
        try:
            report = import_sirene(
                options["legal_units"],
                options["establishments"],
                max_bad_lines=options["max_bad_lines"],
                stock_date=options["stock_date"],
                progress=self._progress,
            )
        except SireneImportError as exc:
            self._end_line()
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            self._end_line()
            raise CommandError(
                _("Import interrupted: the previous data stays in service.")
            ) from None
        self._end_line()
        rate = (report.legal_units_read + report.establishments_read) / max(report.seconds, 1e-6)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Imported %(count)s active establishment in %(time)s (%(rate)s rows/s); "
                    "stock of %(date)s, size bands of %(year)s; version %(version)s now "
                    "in service.",
                    "Imported %(count)s active establishments in %(time)s (%(rate)s rows/s); "
                    "stock of %(date)s, size bands of %(year)s; version %(version)s now "
                    "in service.",
                    report.establishments,
                )
                % {
                    "count": number_format(report.establishments, force_grouping=True),
                    "time": _duration(report.seconds),
                    "rate": number_format(round(rate), force_grouping=True),
                    "date": report.stock_date or "?",
                    "year": report.size_band_year or "?",
                    "version": report.version,
                }
            )
        )
        if report.bad_lines:
            self.stdout.write(
                ngettext(
                    "%(count)s malformed line skipped:",
                    "%(count)s malformed lines skipped:",
                    report.bad_lines,
                )
                % {"count": report.bad_lines}
            )
            for example in report.bad_line_examples:
                self.stdout.write(f"  {example}")
        if report.unknown_communes:
            self.stdout.write(
                ngettext(
                    "%(count)s establishment has a commune code unknown to Essor's territories.",
                    "%(count)s establishments have a commune code unknown to Essor's territories.",
                    report.unknown_communes,
                )
                % {"count": report.unknown_communes}
            )

    def _progress(self, state: ImportProgress) -> None:
        rate = state.rows / state.elapsed if state.elapsed else 0
        remaining = (state.total_rows - state.rows) / rate if rate else 0
        bar = "#" * int(state.fraction * 30)
        line = _("[%(bar)s] %(percent)s %% — %(rate)s rows/s — %(eta)s left") % {
            "bar": bar.ljust(30),
            "percent": f"{state.fraction * 100:5.1f}",
            "rate": number_format(round(rate), force_grouping=True),
            "eta": _duration(remaining),
        }
        stream = sys.stderr
        stream.write("\r" + line.ljust(self._last_width))
        stream.flush()
        self._last_width = len(line)

    def _end_line(self) -> None:
        if self._last_width:
            sys.stderr.write("\n")
            self._last_width = 0
