"""Use cases of governance bodies (each writes an audit entry)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import ProtectedError

from essor.bodies.models import Body, BodyMember
from essor.core.audit import log_action
from essor.organisations.models import Person


@transaction.atomic
def save_body(body: Body, *, actor) -> Body:
    """Create or update a body (``body.process`` must be set)."""
    created = body.pk is None
    body.save()
    log_action(actor, "body.created" if created else "body.updated", body, process=body.process_id)
    return body


class BodyHasDecisions(Exception):
    """A body that recorded decisions is kept: its decisions are the process's memory."""


@transaction.atomic
def delete_body(body: Body, *, actor) -> None:
    if body.decisions.exists():
        raise BodyHasDecisions
    log_action(actor, "body.deleted", body, process=body.process_id, name=body.name)
    try:
        body.delete()
    except ProtectedError:  # a decision recorded meanwhile
        raise BodyHasDecisions from None


@transaction.atomic
def add_body_member(body: Body, person: Person, *, role: str = "", actor=None) -> BodyMember:
    """Add a person to a body (or update their role when already a member)."""
    member, created = BodyMember.objects.update_or_create(
        body=body, person=person, defaults={"role": role}
    )
    log_action(
        actor,
        "body.member_added" if created else "body.member_updated",
        body,
        person=person.pk,
        role=role,
    )
    return member


@transaction.atomic
def remove_body_member(member: BodyMember, *, actor) -> None:
    log_action(actor, "body.member_removed", member.body, person=member.person_id)
    member.delete()
