"""Participants have no account: a workshop's join code lets anyone in, and
a secret token in their browser identifies them afterwards. Only the
facilitators of the process open and close the vote (workshops.manage_workshop).
"""

from __future__ import annotations

from django.http import Http404

from essor.participation.models import Participant
from essor.workshops.models import Workshop


def get_workshop_by_code(code: str) -> Workshop:
    """The workshop of a join code typed by a participant (case and spaces ignored)."""
    cleaned = "".join((code or "").split()).upper()
    try:
        return Workshop.objects.select_related("process").get(join_code=cleaned)
    except Workshop.DoesNotExist:
        raise Http404 from None


def get_participant(workshop: Workshop, token: str | None) -> Participant | None:
    """The participant of this workshop holding ``token``, or None."""
    if not token:
        return None
    return Participant.objects.filter(workshop=workshop, token=token).first()
