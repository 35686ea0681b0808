"""Import raw notes into a workshop without review; prints how many contributions it created.

python manage.py import_notes --workshop ID FILE

Same parsing as the web import; headings that match no guiding question
become new questions. Nothing is written if any line is invalid.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.contributions.notes import MAX_FILE_BYTES, MAX_IDEAS_UNREVIEWED, NotesError, parse_notes
from essor.contributions.services import import_parsed_notes, items_from_notes
from essor.workshops.models import Workshop


class Command(BaseCommand):
    help = "Import raw notes (.txt, .md, .docx, .odt) into a workshop; print the count created."

    def add_arguments(self, parser):
        parser.add_argument("--workshop", required=True, help="Id of the workshop.")
        parser.add_argument("file", help="Notes file: .txt, .md, .docx or .odt.")

    def handle(self, *args, **options):
        try:
            workshop = Workshop.objects.select_related("process").get(pk=int(options["workshop"]))
        except (ValueError, Workshop.DoesNotExist):
            raise CommandError(
                _("No workshop has the id “%(id)s”.") % {"id": options["workshop"]}
            ) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("The file “%(name)s” does not exist.") % {"name": path})
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(
                _("The file “%(name)s” is larger than %(size)s MB: split it.")
                % {"name": path.name, "size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        try:
            notes = parse_notes(path.read_bytes(), path.name, max_ideas=MAX_IDEAS_UNREVIEWED)
        except NotesError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                _("The file “%(name)s” cannot be read: %(error)s")
                % {"name": path, "error": error.strerror}
            ) from None
        if notes.errors:
            raise CommandError("\n".join([_("Nothing was imported."), *notes.errors]))
        try:
            created = import_parsed_notes(workshop, items_from_notes(workshop, notes))
        except ValidationError as error:
            raise CommandError(" ".join([_("Nothing was imported."), *error.messages])) from None
        self.stdout.write(str(len(created)))
