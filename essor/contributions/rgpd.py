"""Right of access (GDPR art. 15): the contributions a person of the directory authored.

Called by the organisations app's export of a person. Erasure needs nothing
here: ``author_person`` is cut (SET_NULL) when the person is deleted, and the
contribution stays, anonymous, as part of the process's memory.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from essor.contributions.models import Contribution

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
