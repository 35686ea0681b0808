"""Create a workshop from a script; prints its id.

python manage.py create_workshop --process ID --title "..." [--date YYYY-MM-DD] [--question "..."]
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.processes.commands import process_from_option
from essor.workshops.models import Workshop
from essor.workshops.services import create_workshop

TITLE_MAX = Workshop._meta.get_field("title").max_length


class Command(BaseCommand):
    help = "Create a workshop in a process and print its id."

    def add_arguments(self, parser):
        parser.add_argument("--process", required=True, help="Id of the process.")
        parser.add_argument("--title", required=True, help="Title of the workshop.")
        parser.add_argument("--date", help="Date of the workshop, YYYY-MM-DD.")
        parser.add_argument(
            "--question",
            action="append",
            default=[],
            help="A guiding question (repeat the option for several questions, in order).",
        )

    def handle(self, *args, **options):
        process = process_from_option(options["process"])
        title = (options["title"] or "").strip()
        if not title:
            raise CommandError(_("The title of the workshop is empty."))
        if len(title) > TITLE_MAX:
            raise CommandError(
                _("The title has %(length)s characters; the limit is %(limit)s.")
                % {"length": len(title), "limit": TITLE_MAX}
            )
        date = None
        if options["date"]:
            try:
                date = dt.date.fromisoformat(options["date"].strip())
            except ValueError:
                raise CommandError(
                    _("The date “%(date)s” is not valid: expected YYYY-MM-DD, e.g. 2026-03-15.")
                    % {"date": options["date"]}
                ) from None
        questions = [q.strip() for q in options["question"]]
        for number, question in enumerate(questions, start=1):
            if not question:
                raise CommandError(_("Question %(number)s is empty.") % {"number": number})
            if len(question) > 500:
                raise CommandError(
                    _("Question %(number)s is longer than 500 characters.") % {"number": number}
                )
        workshop = create_workshop(process=process, title=title, date=date, questions=questions)
        self.stdout.write(str(workshop.pk))
