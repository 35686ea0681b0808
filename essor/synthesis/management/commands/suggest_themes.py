"""Print the themes Essor would suggest for a process, without touching its wall.

python manage.py suggest_themes --process ID [--workshops ID ...] [--themes N] [--by-workshop]
    [--format json|text]

JSON: {"process", "contributions", "method", "themes": [{"letter", "title",
"keywords", "contributions": [ids, closest to the centre first]}],
"unsorted": [ids with no word to group on], "near_duplicates": [[ids]]}.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.contributions.models import Contribution
from essor.processes.commands import process_from_option
from essor.synthesis import engine
from essor.synthesis.models import letter_for


class Command(BaseCommand):
    help = "Print suggested themes (title, key words, contribution ids) for a process."

    def add_arguments(self, parser):
        parser.add_argument("--process", required=True, help="Id of the process.")
        parser.add_argument(
            "--workshops", nargs="*", default=[], help="Ids of workshops (all by default)."
        )
        parser.add_argument("--themes", help="Number of themes (chosen automatically by default).")
        parser.add_argument(
            "--by-workshop", action="store_true", help="Group each workshop's lines apart."
        )
        parser.add_argument("--format", default="json", help="json (default) or text.")

    def handle(self, *args, **options):
        process = process_from_option(options["process"])
        output_format = (options["format"] or "").strip().lower()
        if output_format not in ("json", "text"):
            raise CommandError(
                _("Unknown format “%(format)s”: use json or text.") % {"format": options["format"]}
            )
        n_themes = None
        if options["themes"] not in (None, ""):
            try:
                n_themes = int(options["themes"])
            except ValueError:
                n_themes = 0
            if not 1 <= n_themes <= 40:
                raise CommandError(_("Ask for 1 to 40 themes."))
        contributions = Contribution.objects.kept().filter(process=process)
        if options["workshops"]:
            try:
                ids = {int(value) for value in options["workshops"]}
            except ValueError:
                raise CommandError(_("Workshop ids are numbers.")) from None
            known = set(process.workshops.filter(pk__in=ids).values_list("pk", flat=True))
            if ids - known:
                missing = ", ".join(str(pk) for pk in sorted(ids - known))
                raise CommandError(
                    _("No workshop of this process has the id %(ids)s.") % {"ids": missing}
                )
            contributions = contributions.filter(workshop_id__in=ids)
        rows = list(contributions.values_list("pk", "text", "workshop_id"))
        suggestion = engine.suggest(
            [(pk, text) for pk, text, _workshop in rows],
            n_themes,
            sources={pk: workshop for pk, _text, workshop in rows}
            if options["by_workshop"]
            else None,
        )
        data = {"process": process.pk, "contributions": len(rows), **suggestion.as_dict()}
        for index, theme in enumerate(data["themes"]):
            theme["letter"] = letter_for(index)
        if output_format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for theme in data["themes"]:
            self.stdout.write(
                f"{theme['letter']}. {theme['title']} ({len(theme['contributions'])})"
            )
            self.stdout.write("   " + ", ".join(theme["keywords"]))
        if not rows:
            self.stdout.write(_("No contribution to group."))
