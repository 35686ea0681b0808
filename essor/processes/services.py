"""Use cases of processes: create from a method template, members, phases.

Each function runs in one transaction and writes an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from essor.bodies.models import Body
from essor.core.audit import log_action
from essor.core.sanitize import sanitize_html
from essor.methods.models import MethodTemplate
from essor.methods.schema import derive_slug
from essor.methods.services import import_template
from essor.processes.models import (
    Deliverable,
    Membership,
    Phase,
    Process,
    Role,
    WorkshopTemplate,
)
from essor.territories.models import Territory
from essor.workspaces.models import Workspace
from essor.workspaces.services import join_workspace


def _phase_dates(
    phases: list[dict], start_date: dt.date | None
) -> list[tuple[dt.date | None, dt.date | None]]:
    """Chain the phases from the start date using their typical durations.

    A phase without a duration gets no dates, and the following ones neither:
    guessing them would put a wrong calendar in front of the committee.
    """
    dates = []
    cursor = start_date
    for phase in phases:
        weeks = phase.get("duration_weeks")
        if cursor is None or not weeks:
            dates.append((None, None))
            cursor = None
            continue
        end = cursor + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
        dates.append((cursor, end))
        cursor = end + dt.timedelta(days=1)
    return dates


@transaction.atomic
def create_process_from_template(
    *,
    workspace: Workspace,
    template: MethodTemplate | None,
    title: str,
    territories: Iterable[Territory],
    created_by=None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    ambition: str = "",
) -> Process:
    """Create a process with the phases, bodies, workshops and deliverables of ``template``.

    The creator becomes its facilitator (and a member of the workspace).
    Phase dates follow the typical durations from ``start_date``; the process
    end date defaults to the end of the last dated phase.
    """
    structure = template.structure if template is not None else {}
    phases_data = structure.get("phases", [])
    process = Process.objects.create(
        workspace=workspace,
        title=title.strip(),
        template=template,
        ambition=sanitize_html(ambition),
        start_date=start_date,
        end_date=end_date,
        created_by=created_by,
    )
    process.territories.set(list(territories))

    phases_by_key: dict[str, Phase] = {}
    for order, (data, (start, end)) in enumerate(
        zip(phases_data, _phase_dates(phases_data, start_date), strict=True), start=1
    ):
        phase = Phase.objects.create(
            process=process,
            order=order,
            name=data["name"],
            description=data.get("description", ""),
            expected_result=data.get("expected_result", ""),
            typical_duration_weeks=data.get("duration_weeks"),
            start_date=start,
            end_date=end,
        )
        phases_by_key[data.get("key") or str(order)] = phase
    if process.end_date is None:
        last_end = max((p.end_date for p in phases_by_key.values() if p.end_date), default=None)
        if last_end is not None:
            process.end_date = last_end
            process.save(update_fields=["end_date"])

    for order, data in enumerate(structure.get("bodies", []), start=1):
        Body.objects.create(
            process=process,
            kind=data["kind"],
            name=data["name"],
            short_name=data.get("short_name", ""),
            mission=data.get("mission", ""),
            order=order,
        )
    for order, data in enumerate(structure.get("workshops", []), start=1):
        WorkshopTemplate.objects.create(
            process=process,
            phase=phases_by_key.get(data.get("phase") or ""),
            order=order,
            title=data["title"],
            audience=data["audience"],
            objectives=data.get("objectives", ""),
            questions=list(data.get("questions", [])),
            themes=list(data.get("themes", [])),
        )
    for order, data in enumerate(structure.get("deliverables", []), start=1):
        Deliverable.objects.create(
            process=process,
            phase=phases_by_key.get(data.get("phase") or ""),
            order=order,
            name=data["name"],
            description=data.get("description", ""),
        )
    if created_by is not None:
        Membership.objects.create(process=process, user=created_by, role=Role.FACILITATOR)
        join_workspace(workspace, created_by)
    log_action(
        created_by,
        "process.created",
        process,
        template=template.slug if template else None,
        territories=[t.key for t in process.territories.all()],
    )
    return process


def process_structure(process: Process) -> dict:
    """The structure of a process in the method-template contract (essor.methods.schema).

    Used to save a process as a new template and to check that a template
    file round trip (export, import, create) gives the same process.
    """
    phases = list(process.phases.order_by("order", "id"))
    keys = {phase.pk: f"phase-{index}" for index, phase in enumerate(phases, start=1)}
    return {
        "slug": "",
        "name": process.title,
        "description": "",
        "phases": [
            {
                "key": keys[phase.pk],
                "name": phase.name,
                "description": phase.description,
                "expected_result": phase.expected_result,
                "duration_weeks": phase.typical_duration_weeks,
            }
            for phase in phases
        ],
        "bodies": [
            {
                "kind": body.kind,
                "name": body.name,
                "short_name": body.short_name,
                "mission": body.mission,
            }
            for body in process.bodies.order_by("order", "id")
        ],
        "workshops": [
            {
                "title": w.title,
                "phase": keys.get(w.phase_id),
                "audience": w.audience,
                "objectives": w.objectives,
                "questions": list(w.questions),
                "themes": list(w.themes),
            }
            for w in process.workshop_templates.order_by("order", "id")
        ],
        "deliverables": [
            {"name": d.name, "phase": keys.get(d.phase_id), "description": d.description}
            for d in process.deliverables.order_by("order", "id")
        ],
    }


@transaction.atomic
def save_as_template(process: Process, *, actor) -> MethodTemplate:
    """A new method template (owned by ``actor``, kept in the process's workspace) with the
    structure of the process."""
    structure = process_structure(process)
    structure["name"] = (_("Method of “%(title)s”") % {"title": process.title})[:200]
    structure["slug"] = derive_slug(structure["name"])
    structure["description"] = _("Created from the process “%(title)s”.") % {"title": process.title}
    template = import_template(structure, user=actor, workspace=process.workspace)
    log_action(actor, "process.saved_as_template", process, template=template.slug)
    return template


@transaction.atomic
def save_process(process: Process, *, actor, territories: Iterable[Territory] | None = None):
    """Save the edited fields of a process (the ambition is sanitised)."""
    process.ambition = sanitize_html(process.ambition)
    process.save()
    if territories is not None:
        process.territories.set(list(territories))
    log_action(actor, "process.updated", process)
    return process


class ProcessNotDeletable(Exception):
    """The process holds the record of its consultation: close it instead."""


def deletion_blockers(process: Process) -> dict[str, int]:
    """What keeps a process from being deleted: the record of what was said and
    decided (contributions, decisions), counted through reverse relations so
    that this lower app does not import the higher ones."""
    counts = {
        "contributions": process.contributions.count(),
        "decisions": process.bodies.aggregate(n=models.Count("decisions"))["n"] or 0,
    }
    return {name: n for name, n in counts.items() if n}


@transaction.atomic
def delete_process(process: Process, *, actor) -> None:
    if deletion_blockers(process):
        raise ProcessNotDeletable(process.pk)
    log_action(actor, "process.deleted", process, title=process.title)
    try:
        process.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise ProcessNotDeletable(process.pk) from exc


@transaction.atomic
def save_phases(process: Process, formset, *, actor) -> None:
    """Save a phases formset: deleted phases go, the others are renumbered by order."""
    formset.save(commit=False)
    for phase in formset.deleted_objects:
        phase.delete()
    for phase in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
        phase.process = process
        phase.save()
    for index, phase in enumerate(process.phases.order_by("order", "id"), start=1):
        if phase.order != index:
            phase.order = index
            phase.save(update_fields=["order"])
    log_action(actor, "process.phases_updated", process)


class LastFacilitator(Exception):
    """A process keeps at least one facilitator."""


class CannotGrantFacilitator(Exception):
    """Only admins of the platform or of the process's workspace make facilitators."""


def _check_may_grant(process: Process, role: str, actor) -> None:
    if role == Role.FACILITATOR and not (
        actor is not None and actor.has_perm("processes.grant_facilitator", process)
    ):
        raise CannotGrantFacilitator


@transaction.atomic
def add_member(process: Process, *, email: str, full_name: str, role: str, actor):
    """Give ``role`` to the account of ``email``, creating the account when needed; the
    account joins the process's workspace as a member.

    Returns ``(membership, account_created)``; a new account has no usable
    password: the caller sends a link to choose one. The caller must answer
    the same way in both cases (an account's existence is not the actor's business).
    """
    _check_may_grant(process, role, actor)
    users = get_user_model()
    email = users.objects.normalize_email(email).lower()
    user = users.objects.filter(email__iexact=email).first()
    account_created = user is None
    if account_created:
        user = users.objects.create_user(email, None, full_name=full_name.strip())
    membership, _created = Membership.objects.get_or_create(
        process=process, user=user, defaults={"role": role}
    )
    if membership.role != role:
        _check_keeps_facilitator(membership, role)
        membership.role = role
        membership.save(update_fields=["role"])
    join_workspace(process.workspace, user)
    log_action(actor, "process.member_set", process, user=user.pk, role=role)
    return membership, account_created


def _check_keeps_facilitator(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.FACILITATOR or new_role == Role.FACILITATOR:
        return
    others = membership.process.memberships.filter(role=Role.FACILITATOR).exclude(pk=membership.pk)
    if not others.exists():
        raise LastFacilitator


@transaction.atomic
def change_member_role(membership: Membership, role: str, *, actor) -> Membership:
    if role != membership.role:
        _check_may_grant(membership.process, role, actor)
    _check_keeps_facilitator(membership, role)
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(actor, "process.member_set", membership.process, user=membership.user_id, role=role)
    return membership


@transaction.atomic
def remove_member(membership: Membership, *, actor) -> None:
    _check_keeps_facilitator(membership, None)
    log_action(actor, "process.member_removed", membership.process, user=membership.user_id)
    membership.delete()
