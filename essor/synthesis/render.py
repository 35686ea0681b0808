"""HTML of the wall's lines, built in Python for speed.

The template engine took about a second for 600 lines (each with its kind,
source, duplicate links and "Move to" form); the same HTML built here with
``format_html`` and translations resolved once per page takes a fraction of
that. The structure is the one the drag-and-drop script and the tests use.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from essor.contributions.models import ContributionKind
from essor.synthesis.wall import Line, Wall, attach_move_options


def _text(text: str) -> SafeString:
    # linebreaksbr of an escaped text: lists typed as lines stay lists.
    return mark_safe(escape(text).replace("\n", "<br>"))  # noqa: S308 - escaped just before


def render_lines(request, board: Wall, *, can_manage: bool) -> None:
    """Set ``line.html`` on every line of the board."""
    kinds = {value: str(label) for value, label in ContributionKind.choices}
    duplicate_label = _("Near-duplicate of")
    move_label = _("Move")
    form_start = ""
    if can_manage:
        attach_move_options(board)
        process_id = board.synthesis.process_id
        sample = reverse("synthesis:contribution_move", args=[process_id, 0])
        prefix, suffix = sample.rsplit("/0/", 1)
        form_start = (prefix, suffix, get_token(request))
    for line in [line for item in board.boxes for line in item.lines] + board.aside:
        line.html = _line_html(line, kinds, duplicate_label, move_label, form_start)


def _line_html(line: Line, kinds, duplicate_label, move_label, form_start) -> SafeString:
    contribution = line.contribution
    pk = contribution.pk
    meta = format_html(
        "{} · {}{}",
        kinds.get(contribution.kind, contribution.kind),
        line.source,
        format_html(" — {}", contribution.question.text) if contribution.question_id else "",
    )
    if line.duplicates:
        links = format_html_join(", ", '<a href="#contribution-{}">#{}</a>',
                                 ((other, other) for other in line.duplicates))  # fmt: skip
        meta = format_html(
            '{} · <strong class="badge">{} {}</strong>', meta, duplicate_label, links
        )
    form = ""
    if form_start:
        prefix, suffix, token = form_start
        form = format_html(
            '<form method="post" action="{}/{}/{}" class="move-form">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<label for="move-{}" class="visually-hidden">{}</label>'
            '<select id="move-{}" name="target">{}</select>'
            '<button type="submit" class="button secondary small">{}</button></form>',
            prefix, pk, suffix, token, pk,
            _("Move contribution #%(number)s to") % {"number": pk},
            pk, line.move_options, move_label,
        )  # fmt: skip
    return format_html(
        '<li class="line{}" id="contribution-{}"{} data-contribution="{}">'
        '<p class="line-text">{}</p><p class="line-meta">{}</p>{}</li>',
        " duplicate" if line.duplicates else "",
        pk,
        mark_safe(' draggable="true"') if form_start else "",  # noqa: S308 - constant
        pk,
        _text(contribution.text),
        meta,
        form,
    )
