"""The answer to a dot button, written in Python.

A room of thousands of phones voting at once makes this the most frequent
answer of a workshop; the template engine took about as much CPU to render
its four includes as the rest of the vote (bench/profile_vote.py). The HTML is
the same as the templates' (``includes/vote_feedback.html``, ``dots_left.html``,
``vote_item.html``, ``dot_plus.html``, which still render the whole panel):
``tests/test_vote_fragments.py`` compares the two, so a change to a template
without this module fails a test. Every value from the database is escaped.
"""

from __future__ import annotations

import functools

from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from essor.contributions.models import ContributionKind

OOB = ' hx-swap-oob="true"'


@functools.lru_cache(maxsize=16)
def _labels(language: str) -> dict[str, str]:
    """The fixed texts of the fragments, translated and escaped once per language
    (``language`` is the key: the active language gives the translation)."""
    labels = {
        "saved": _("Your vote has been recorded."),
        "plus": _("add a dot"),
        "minus": _("remove a dot"),
        "dot": _("dot"),
        "dots": _("dots"),
    }
    labels.update({f"kind:{value}": label for value, label in ContributionKind.choices})
    return {key: escape(str(text)) for key, text in labels.items()}


def _label(key: str) -> str:
    return _labels(get_language())[key]


def feedback(*, oob: bool = False, error: str = "", saved: bool = False) -> str:
    """``includes/vote_feedback.html``."""
    if error:
        inner = f'<p class="message message-error" role="alert">{escape(error)}</p>'
    elif saved:
        inner = f'<p class="visually-hidden" role="status">{_label("saved")}</p>'
    else:
        inner = ""
    return f'<div id="vote-feedback"{OOB if oob else ""}>{inner}</div>\n'


def dots_left(left: int, total: int, *, oob: bool = False) -> str:
    """``includes/dots_left.html``."""
    text = ngettext(
        "You have <strong>%(left)s</strong> dot left out of %(total)s.",
        "You have <strong>%(left)s</strong> dots left out of %(total)s.",
        left,
    ) % {"left": int(left), "total": int(total)}
    return f'<p class="dots-left" id="dots-left"{OOB if oob else ""}>{text}</p>\n'


def dot_plus(pk: int, my_points: int, dots_left: int, *, oob: bool = False, label="") -> str:
    """``includes/dot_plus.html``: the "+" of an idea (``label``: its hidden text,
    translated once by a caller writing many buttons)."""
    pk, my_points = int(pk), int(my_points)
    label = label or _label("plus")
    return (
        f'<button type="submit" name="vote" value="{pk}:{my_points + 1}" id="plus-{pk}"'
        f'{OOB if oob else ""} class="button dot-button" aria-describedby="idea-{pk}"'
        f'{"" if dots_left else " disabled"}>+<span class="visually-hidden"> '
        f"{label}</span></button>\n"
    )


def _kind(contribution) -> str:
    labels = _labels(get_language())
    kind = labels.get(f"kind:{contribution.kind}")
    return kind if kind is not None else escape(contribution.get_kind_display())


def vote_item(contribution, dots_left: int, *, oob: bool = False) -> str:
    """``includes/vote_item.html``: one idea with its "−", its dots and its "+"."""
    pk, points = int(contribution.pk), int(contribution.my_points)
    unit = _label("dots" if points > 1 else "dot")
    return (
        f'<li id="vote-item-{pk}"{OOB if oob else ""} class="vote-item'
        f'{" voted" if points else ""}"><p class="vote-text" id="idea-{pk}">'
        f'<span class="badge neutral">{_kind(contribution)}</span> '
        f"{linebreaksbr(contribution.text)}</p>\n"
        f'        <div class="dots-form"><button type="submit" name="vote" '
        f'value="{pk}:{points - 1}" id="minus-{pk}" class="button secondary dot-button" '
        f'aria-describedby="idea-{pk}"{"" if points else " disabled"}>−'
        f'<span class="visually-hidden"> {_label("minus")}</span></button>\n'
        f'          <span class="dot-count">{points} {unit}</span>\n'
        f"          {dot_plus(pk, points, dots_left)}</div></li>\n"
    )


def dots_changed(contribution, *, left: int, total: int, other_ideas) -> str:
    """The out-of-band fragments answering a dot button (see views._dots_changed):
    the status message, the counter (``left`` dots out of ``total``), the idea, and
    the other ideas' "+" buttons when the participant ran out of dots or got some back."""
    parts = [
        feedback(oob=True, saved=True),
        dots_left(left, total, oob=True),
        vote_item(contribution, left, oob=True),
    ]
    label = _label("plus")
    plus = "".join(
        dot_plus(other["pk"], other["my_points"], left, oob=True, label=label) + "\n"
        for other in other_ideas
    )
    return "\n".join(parts) + "\n" + plus + "\n"
