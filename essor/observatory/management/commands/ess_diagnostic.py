"""python manage.py ess_diagnostic TERRITORY --format json|csv (the documented contract)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.observatory.diagnostic import DiagnosticError, diagnose, resolve_territory
from essor.observatory.exports import diagnostic_csv


class Command(BaseCommand):
    help = _(
        "Print the ESS diagnostic of a territory: commune:86194, epci:200069854, "
        "departement:86, region:75 or france."
    )

    def add_arguments(self, parser):
        parser.add_argument("territory")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        try:
            diagnostic = diagnose(resolve_territory(options["territory"]))
        except DiagnosticError as exc:
            raise CommandError(str(exc)) from None
        if options["format"] == "csv":
            self.stdout.write(diagnostic_csv(diagnostic), ending="")
        else:
            self.stdout.write(json.dumps(diagnostic, ensure_ascii=False, indent=2))
