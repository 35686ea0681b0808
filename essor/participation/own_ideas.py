"""A participant edits or deletes an idea of their own, for a few minutes after
sending it (a typo, a second thought), as long as the facilitator lets ideas be
added and the vote is not open: after that, others may have read or voted on it.
Only the participant's own ideas: another's idea is not found (404)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.contributions.models import Contribution
from essor.contributions.services import clean_contribution_text
from essor.participation.models import Participant
from essor.workshops.models import VoteStatus

# How long after sending it a participant may still edit or delete an idea.
EDIT_WINDOW = timedelta(seconds=getattr(settings, "ESSOR_IDEA_EDIT_SECONDS", 300))


class IdeaLocked(Exception):
    """The idea can no longer be changed; ``message`` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def own_idea(participant: Participant, idea_id) -> Contribution:
    """The participant's own kept idea ``idea_id``, or Http404 (another's, junk, withdrawn)."""
    if not str(idea_id).isdigit():
        raise Http404
    idea = (
        Contribution.objects.filter(
            pk=int(idea_id),
            participant=participant,
            workshop_id=participant.workshop_id,
            is_withdrawn=False,
        )
        .select_related("workshop")
        .first()
    )
    if idea is None:
        raise Http404
    return idea


def why_locked(idea: Contribution, workshop=None, now=None) -> str:
    """ "" when the idea may still be changed, else the reason in French."""
    workshop = workshop or idea.workshop
    if workshop.vote_status == VoteStatus.OPEN:
        return _("The vote is open: your ideas can no longer be changed.")
    if not workshop.participation_open:
        return _("The facilitator has closed the adding of ideas.")
    if (now or timezone.now()) - idea.created_at > EDIT_WINDOW:
        return _("An idea can only be changed in the %(minutes)s minutes after sending it.") % {
            "minutes": int(EDIT_WINDOW.total_seconds() // 60)
        }
    return ""


def editable_ids(ideas, workshop) -> set[int]:
    """The ids of those of ``ideas`` (the participant's own, of ``workshop``) that
    may still be changed (votes in an earlier round are checked on saving)."""
    now = timezone.now()
    return {idea.pk for idea in ideas if not why_locked(idea, workshop, now)}


def _locked_idea(participant: Participant, idea_id) -> Contribution:
    Participant.objects.select_for_update().only("id").get(pk=participant.pk)
    idea = own_idea(participant, idea_id)
    reason = why_locked(idea)
    if not reason and idea.votes.exists():  # voted on in an earlier round
        reason = _("Participants have already voted on this idea: it can no longer be changed.")
    if reason:
        raise IdeaLocked(reason)
    return idea


@transaction.atomic
def edit_own_idea(participant: Participant, idea_id, *, text: str, kind: str) -> Contribution:
    """Change the text and kind of an own idea. Raises Http404, IdeaLocked, or
    ValidationError (the text: nothing written)."""
    idea = _locked_idea(participant, idea_id)
    idea.text = clean_contribution_text(text)
    idea.kind = kind
    idea.save(update_fields=["text", "kind", "updated_at"])
    return idea


@transaction.atomic
def delete_own_idea(participant: Participant, idea_id) -> None:
    """Delete an own idea (no one has voted on it: the vote has not been open since)."""
    idea = _locked_idea(participant, idea_id)
    idea.delete()
