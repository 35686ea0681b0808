"""Right of access (GDPR art. 15): the contributions a person of the directory authored.

Called by the organisations app's export of a person.

Right to erasure (art. 17, registered in ContributionsConfig.ready()): a
contribution is part of the process's memory, so it stays, but those the person
authored or that were made from their survey answers lose their author, and the
person's name and e-mail are replaced in every contribution of the workspace
(a participant may have named them). The organisation author stays: it is no
personal data.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import ngettext

from essor.contributions.models import Contribution
from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher, redact_rows

PARIS = ZoneInfo("Europe/Paris")


def person_data(person, processes=None) -> list[dict]:
    """JSON-ready list of the contributions whose known author is ``person``, in
    ``processes`` (all when None)."""
    contributions = (
        Contribution.objects.filter(author_person=person)
        .select_related("process", "workshop", "question")
        .order_by("created_at", "pk")
    )
    if processes is not None:
        contributions = contributions.filter(process__in=processes)
    return [
        {
            "id": c.pk,
            "process": c.process.title,
            "workshop": c.workshop.title if c.workshop_id else None,
            "question": c.question.text if c.question_id else None,
            "survey_answer": c.survey_answer_label or None,
            "kind": c.kind,
            "text": c.text,
            "theme": c.theme,
            "source": c.source,
            "withdrawn": c.is_withdrawn,
            "created_at": c.created_at.astimezone(PARIS).isoformat(timespec="seconds"),
        }
        for c in contributions
    ]


CONTRIBUTION_TEXTS = ["text", "theme"]


def _authored(person):
    """Contributions by the person, or made from their (non-anonymous) survey answers."""
    return Contribution.objects.filter(
        Q(author_person=person) | Q(survey_answers__response__person=person)
    ).distinct()


def _of_workspace(person):
    return Contribution.objects.filter(process__workspace_id=person.workspace_id)


def describe(person) -> list[Effect]:
    authored = _authored(person)
    count = authored.count()
    mentioning = PersonMatcher.of(person).mentioned_in(
        _of_workspace(person).iterator(), CONTRIBUTION_TEXTS
    )
    mentions = len(mentioning)
    return [
        Effect(
            ngettext(
                "%(count)d contribution kept without its author",
                "%(count)d contributions kept without their author",
                count,
            )
            % {"count": count},
            count,
            processes_of(authored, "process"),
        ),
        Effect(
            ngettext(
                "%(count)d contribution naming the person: the name is replaced",
                "%(count)d contributions naming the person: the name is replaced",
                mentions,
            )
            % {"count": mentions},
            mentions,
            processes_of(Contribution.objects.filter(pk__in=[c.pk for c in mentioning]), "process"),
        ),
    ]


def erase(person) -> None:
    Contribution.objects.filter(pk__in=_authored(person).values("pk")).update(author_person=None)
    redact_rows(PersonMatcher.of(person), _of_workspace(person), CONTRIBUTION_TEXTS)
