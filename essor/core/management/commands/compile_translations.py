from django.core.management.base import BaseCommand

from essor.core.i18n_tools import compile_all


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        count = compile_all("fr")
        self.stdout.write(f"{count} catalogue(s) compiled.")
