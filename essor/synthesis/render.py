"""HTML of the wall's lines, built in Python for speed.

The template engine took about a second for 600 lines (each with its kind,
source, duplicate links and "Move" link); the same HTML built here with
``format_html`` and translations resolved once per page takes a fraction of
that. The structure is the one the wall's script and the tests use.

A line carries no form: its "Move" link leads to the line's move page, and
the wall's script turns it into a dialog holding the one list of places of
the page. With a list per line, 600 lines weighed a megabyte.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from essor.contributions.models import ContributionKind
from essor.synthesis.wall import Line, Wall


def _text(text: str) -> SafeString:
    # linebreaksbr of an escaped text: lists typed as lines stay lists.
    return mark_safe(escape(text).replace("\n", "<br>"))  # noqa: S308 - escaped just before


def render_lines(board: Wall, *, can_manage: bool) -> None:
    """Set ``line.html`` on every line of the board."""
    kinds = {value: str(label) for value, label in ContributionKind.choices}
    duplicate_label = _("Near-duplicate of")
    move = None
    if can_manage:
        # Reversed once, not 600 times: only the contribution id changes. Written relative
        # to the wall's own URL ("contributions/12/deplacer/"), 22 bytes less a line.
        process_id = board.synthesis.process_id
        sample = reverse("synthesis:contribution_move", args=[process_id, 0])
        sample = sample.removeprefix(reverse("synthesis:wall", args=[process_id]))
        move = (*sample.rsplit("/0/", 1), _("Move"))
    for line in [line for item in board.boxes for line in item.lines] + board.aside:
        line.html = _line_html(line, kinds, duplicate_label, move)


def _line_html(line: Line, kinds, duplicate_label, move) -> SafeString:
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
    link = ""
    if move:
        prefix, suffix, label = move
        link = format_html('<a href="{}/{}/{}">{}</a>', prefix, pk, suffix, label)
    # No class on the parts of a line (the stylesheet and the script find them by
    # place: text, meta, "Move" link): 600 lines, so every attribute counts.
    return format_html(
        '<li class="line{}" id="contribution-{}"><p>{}</p><p>{}</p>{}</li>',
        " duplicate" if line.duplicates else "",
        pk,
        _text(contribution.text),
        meta,
        link,
    )
