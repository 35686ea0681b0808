"""Write the open data package of a published process, or of every published process."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from essor.opendata.package import instance_package, process_package, write_package
from essor.portal import visibility
from essor.processes.models import Process


class Command(BaseCommand):
    help = "Écrit le paquet de données ouvertes (ZIP de CSV, datapackage.json, README)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--process", help="Identifiant d’une démarche publiée (sans : toutes les démarches)."
        )
        parser.add_argument("--output", required=True, help="Fichier ZIP à écrire.")

    def handle(self, *args, **options):
        package = instance_package()
        if options["process"] is not None:
            package = process_package(published_process(options["process"]))
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Le dossier {output.parent} n’existe pas.")
        if output.is_dir():
            raise CommandError(f"{output} est un dossier : donnez le nom du fichier ZIP à écrire.")
        # Written beside the target and renamed: never a half-written ZIP at its path.
        handle, scratch = tempfile.mkstemp(dir=output.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as target:
                counts = write_package(package, target)
            os.replace(scratch, output)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
        rows = ", ".join(f"{name} : {count}" for name, count in counts.items())
        self.stdout.write(f"{output} écrit ({len(package.processes)} démarche(s) ; {rows}).")


def published_process(raw: str):
    try:
        return visibility.published_processes().select_related("workspace").get(pk=int(raw))
    except (ValueError, TypeError):
        raise CommandError(f"« {raw} » n’est pas un identifiant de démarche (un nombre).") from None
    except Process.DoesNotExist:
        raise CommandError(f"Aucune démarche publiée n’a l’identifiant {raw}.") from None
