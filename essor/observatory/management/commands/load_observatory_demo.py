from django.core.management.base import BaseCommand

from essor.observatory.demo import load_observatory_demo


class Command(BaseCommand):
    help = "Import generated SIRENE-format demo data into the observatory if it holds none."

    def add_arguments(self, parser):
        parser.add_argument("--establishments", type=int, default=100_000)

    def handle(self, *args, **options):
        report = load_observatory_demo(options["establishments"])
        if report is None:
            self.stdout.write("Observatoire : des données SIRENE sont déjà en service.")
        else:
            self.stdout.write(
                f"Observatoire : {report.establishments} établissements actifs de démonstration "
                "(fichiers générés au format SIRENE)."
            )
