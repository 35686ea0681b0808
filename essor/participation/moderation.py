"""The facilitator's watch over a workshop's participants: signals of ballot
stuffing (many joins from one address, bursts of joins) and removal.

Signals are hints, not verdicts: a whole room often shares the venue's Wi-Fi,
so the facilitator, who sees the room, decides.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.participation.models import Participant, Vote
from essor.workshops.models import Workshop

# An address shared by this many participants is worth a look.
SHARED_ADDRESS = 5
# This many joins from one address within BURST_WINDOW looks scripted.
BURST_SIZE = 3
BURST_WINDOW = dt.timedelta(seconds=60)


@dataclass
class WatchedParticipant:
    participant: Participant
    idea_count: int
    points: int
    same_address: int  # participants of the workshop who joined from the same address
    signals: list[str] = field(default_factory=list)


def _bursts(joins: list[tuple[dt.datetime, int]]) -> set[int]:
    """Participants (ids) among ``joins`` (time, id) of one address who joined
    with at least BURST_SIZE - 1 others within BURST_WINDOW."""
    joins = sorted(joins)
    flagged: set[int] = set()
    last = 0
    for first, (started, _pk) in enumerate(joins):
        last = max(last, first)
        while last + 1 < len(joins) and joins[last + 1][0] < started + BURST_WINDOW:
            last += 1
        if last - first + 1 >= BURST_SIZE:
            flagged.update(pk for _moment, pk in joins[first : last + 1])
    return flagged


def watched_participants(workshop: Workshop) -> list[WatchedParticipant]:
    """Every participant with what they did and their signals, flagged ones first."""
    participants = list(
        workshop.participants.select_related("organisation")
        .annotate(idea_count=Count("contributions", distinct=True))
        .order_by("created_at", "id")
    )
    points = dict(
        Vote.objects.filter(participant__workshop=workshop)
        .values("participant")
        .annotate(total=Sum("points"))
        .values_list("participant", "total")
    )
    joins_by_address: dict[str, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for participant in participants:
        if participant.address_key:  # joined before addresses were recorded: unknown
            joins_by_address[participant.address_key].append(
                (participant.created_at, participant.pk)
            )
    in_bursts = set().union(*(_bursts(joins) for joins in joins_by_address.values()))
    rows = []
    for participant in participants:
        same_address = len(joins_by_address.get(participant.address_key, []))
        row = WatchedParticipant(
            participant=participant,
            idea_count=participant.idea_count,
            points=points.get(participant.pk, 0),
            same_address=same_address,
        )
        if same_address >= SHARED_ADDRESS:
            row.signals.append(
                _("%(count)s participants joined from the same address") % {"count": same_address}
            )
        if participant.pk in in_bursts:
            row.signals.append(_("joined in a burst from the same address"))
        rows.append(row)
    # Removed participants last: nothing left to watch, only to reinstate.
    rows.sort(
        key=lambda row: (
            row.participant.is_removed,
            not row.signals,
            row.participant.created_at,
            row.participant.pk,
        )
    )
    return rows


@transaction.atomic
def remove_participant(participant: Participant, *, actor) -> int:
    """Remove a participant: their votes are deleted and their ideas stay,
    unattributed to them (the facilitator withdraws ideas one by one). The
    participant is kept as removed, so that their browser cannot join again
    as somebody new. Returns the number of votes deleted."""
    # Wait for this participant's votes in progress (see services' docstring).
    Participant.objects.select_for_update().filter(pk=participant.pk).values_list("pk").get()
    votes, _detail = Vote.objects.filter(participant=participant).delete()
    participant.contributions.update(participant=None)
    participant.removed_at = timezone.now()
    participant.save(update_fields=["removed_at"])
    log_action(
        actor,
        "workshop.participant_removed",
        participant.workshop,
        participant=participant.pk,
        name=participant.name,
        deleted_votes=votes,
    )
    return votes


@transaction.atomic
def reinstate_participant(participant: Participant, *, actor) -> Participant:
    """Let a removed participant back in, from the browser they joined with
    (their deleted votes do not come back: they vote again)."""
    Participant.objects.filter(pk=participant.pk).update(removed_at=None)
    participant.removed_at = None
    log_action(
        actor,
        "workshop.participant_reinstated",
        participant.workshop,
        participant=participant.pk,
        name=participant.name,
    )
    return participant
