from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from essor.workspaces.models import Workspace
from essor.workspaces.services import create_workspace


class Command(BaseCommand):
    help = (
        "Create a workspace (an authority, a CRESS, a consultancy) and print its slug, e.g. "
        'create_workspace --slug angers --name "Ville d\'Angers" --admin lead@angers.fr.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="Identifier used in commands.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--admin", help="E-mail of an existing account: the first admin.")

    def handle(self, *args, **options):
        from essor.accounts.models import User

        slug = options["slug"].strip()
        if not slug or slugify(slug) != slug:
            raise CommandError(
                _("Invalid identifier “%(slug)s”: use lowercase letters, digits and hyphens.")
                % {"slug": slug}
            )
        if Workspace.objects.filter(slug=slug).exists():
            raise CommandError(_("The identifier “%(slug)s” is already taken.") % {"slug": slug})
        name = options["name"].strip()
        if not name:
            raise CommandError(_("The name of the workspace cannot be empty."))
        admin = None
        if options["admin"]:
            admin = User.objects.filter(email__iexact=options["admin"].strip()).first()
            if admin is None:
                raise CommandError(_("No account for “%(email)s”.") % {"email": options["admin"]})
        workspace = create_workspace(name=name, slug=slug, admin=admin)
        self.stdout.write(workspace.slug)
