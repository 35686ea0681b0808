import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from essor.demo.builder import DEMO_PASSWORD, DEMO_TITLE, DEMO_USERS, build_demo, demo_exists
from essor.demo.second_workspace import SECOND_TITLE, SECOND_USERS
from essor.territories.lookup import TerritoryKeyError


class Command(BaseCommand):
    help = "Load the demo process (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Date the demo's calendar around this day (YYYY-MM-DD; default: today).",
        )

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write(f"Démarche de démonstration déjà présente : {DEMO_TITLE}")
        else:
            try:
                process = build_demo(today=options["today"])
            except TerritoryKeyError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Démarche de démonstration créée (n° {process.pk}) : {DEMO_TITLE}")
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        labels = {None: "administrateur de la plateforme"}
        for email, full_name, role in DEMO_USERS:
            label = labels.get(role) or str(role.label)
            self.stdout.write(f"  {email:<28} {full_name} — {label}")
        self.stdout.write(f"Second espace, isolé du premier : {SECOND_TITLE}")
        for email, full_name, role in SECOND_USERS:
            self.stdout.write(f"  {email:<28} {full_name} — {role.label}")
        self.stdout.write("")
        self.stdout.write(f"Essor : {settings.SITE_URL}")
