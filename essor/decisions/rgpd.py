"""Right to erasure (GDPR art. 17) in decisions, registered in DecisionsConfig.ready().

A decision is the record of a body: it stays, but the person's name and e-mail are
replaced in what it says (summary, comment, subject) across the workspace's bodies.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher, redact_rows
from essor.decisions.models import Decision

DECISION_TEXTS = ["summary", "comment", "subject_label"]


def _of_workspace(person):
    return Decision.objects.filter(body__process__workspace_id=person.workspace_id)


def describe(person) -> list[Effect]:
    found = PersonMatcher.of(person).mentioned_in(_of_workspace(person).iterator(), DECISION_TEXTS)
    naming = Decision.objects.filter(pk__in=[d.pk for d in found])
    count = len(found)
    text = ngettext(
        "%(count)d decision naming the person: the name is replaced",
        "%(count)d decisions naming the person: the name is replaced",
        count,
    ) % {"count": count}
    return [Effect(text, count, processes_of(naming, "body__process"))]


def erase(person) -> None:
    redact_rows(PersonMatcher.of(person), _of_workspace(person), DECISION_TEXTS)
