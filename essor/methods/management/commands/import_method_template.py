from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.accounts.models import User
from essor.methods.schema import TemplateFormatError
from essor.methods.services import import_template


class Command(BaseCommand):
    help = "Import a method template from a YAML file (format essor-method/1)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The template file (.yaml).")
        parser.add_argument("--user", help="E-mail of the account recorded as its creator.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite the (non built-in) template that has the same identifier.",
        )

    def handle(self, *args, path, user, replace, **options):
        creator = None
        if user:
            creator = User.objects.filter(email__iexact=user).first()
            if creator is None:
                raise CommandError(
                    _("No account with the e-mail address %(email)s.") % {"email": user}
                )
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        try:
            template = import_template(data, user=creator, replace=replace)
        except TemplateFormatError as exc:
            raise CommandError(_("%(file)s: %(error)s") % {"file": path, "error": exc}) from exc
        self.stdout.write(
            _("Method template imported: %(slug)s (%(name)s)")
            % {"slug": template.slug, "name": template.name}
        )
