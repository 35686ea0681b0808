from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.archive.importer import ArchiveError, import_process, plan_import, read_archive
from essor.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Create a process from an archive made by export_process (nothing written on error)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--workspace", required=True, help="slug of the target workspace")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, archive, workspace, dry_run, **options):
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(
                _("No workspace has the identifier “%(slug)s”.") % {"slug": workspace}
            )
        try:
            with open(archive, "rb") as stream:
                read = read_archive(stream)
            plan = plan_import(read, target)
            if not dry_run:
                process, plan = import_process(read, target)
        except OSError as exc:
            raise CommandError(_("The file cannot be read: %(error)s") % {"error": exc}) from exc
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        self._report(plan)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(
                _("Process “%(title)s” created (number %(id)s).")
                % {"title": process.title, "id": process.pk}
            )

    def _report(self, plan):
        for entity, count in plan.counts.items():
            if count:
                self.stdout.write(f"  {entity} : {count}")
        for label, items in [
            (_("People matched by e-mail"), plan.people_matched),
            (_("Organisations matched"), plan.organisations_matched),
            (
                _("Accounts unknown here (authors left empty, memberships left out)"),
                plan.unknown_accounts,
            ),
            (_("Codes already used here, renewed"), plan.renewed),
        ]:
            if items:
                self.stdout.write(f"{label} : {', '.join(items)}")
