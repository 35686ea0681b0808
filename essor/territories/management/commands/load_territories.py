import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.territories.datafile import TERRITORIES_FILE, TerritoryFileError
from essor.territories.models import TerritoryKind
from essor.territories.services import load_territories


class Command(BaseCommand):
    help = (
        "Load or update the French territories (régions, départements, EPCI, communes, France) "
        "from the file shipped with Essor; running it again updates names, populations and links."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=TERRITORIES_FILE,
            help="another territory file (CSV, optionally gzip-compressed) with the same columns",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = load_territories(options["file"])
        except TerritoryFileError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] < 1:
            return
        for kind in reversed(TerritoryKind.values):
            self.stdout.write(
                _("%(kind)s: %(total)s (created: %(created)s, updated: %(updated)s)")
                % {
                    "kind": TerritoryKind(kind).label,
                    "total": report.total(kind),
                    "created": report.created[kind],
                    "updated": report.updated[kind],
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Territories loaded in %(seconds).1f s.")
                % {"seconds": time.monotonic() - started}
            )
        )
