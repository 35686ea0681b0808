"""Right to erasure (GDPR art. 17) in workshops' participants (ParticipationConfig.ready()).

A participant joined with a free name, not a link to the directory: any participant
of the workspace's workshops whose name holds the person's full name (as fold()
compares names) loses it and stays an anonymous participant, with their votes and
contributions.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher
from essor.participation.models import Participant


def _named_like(person) -> list[int]:
    participants = Participant.objects.filter(
        workshop__process__workspace_id=person.workspace_id
    ).exclude(name="")
    matcher = PersonMatcher.of(person)
    named = matcher.mentioned_in(participants.only("pk", "name").iterator(), ["name"])
    return [p.pk for p in named]


def describe(person) -> list[Effect]:
    named = Participant.objects.filter(pk__in=_named_like(person))
    count = named.count()
    text = ngettext(
        "%(count)d workshop participant named like the person: the name is removed",
        "%(count)d workshop participants named like the person: the name is removed",
        count,
    ) % {"count": count}
    return [Effect(text, count, processes_of(named, "workshop__process"))]


def erase(person) -> None:
    Participant.objects.filter(pk__in=_named_like(person)).update(name="")
