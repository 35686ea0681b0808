from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.methods.services import DATA_DIR, BuiltinFileError, load_builtin_templates


class Command(BaseCommand):
    help = "Create or update the built-in method templates from essor/methods/data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=str(DATA_DIR), help="Folder of the template files (*.yaml)."
        )

    def handle(self, *args, directory, **options):
        try:
            results = load_builtin_templates(Path(directory))
        except BuiltinFileError as exc:
            raise CommandError(str(exc)) from exc
        labels = {
            "created": _("created"),
            "updated": _("updated"),
            "unchanged": _("unchanged"),
        }
        for result in results:
            self.stdout.write(
                _("Method template %(action)s: %(slug)s (%(name)s)")
                % {
                    "action": labels[result.action],
                    "slug": result.template.slug,
                    "name": result.template.name,
                }
            )
        if not results:
            self.stdout.write(
                _("No template file found in %(directory)s.") % {"directory": directory}
            )
