"""Use cases of workshops (each in a transaction, with an audit entry)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from essor.core.audit import log_action
from essor.workshops.models import Question, Workshop, new_join_code


@transaction.atomic
def create_workshop(
    *,
    process,
    title: str,
    date: dt.date | None = None,
    template=None,
    questions: list[str] | None = None,
    objectives: str = "",
    meeting=None,
    actor=None,
) -> Workshop:
    """Create a workshop; its guiding questions come from ``questions`` or the template."""
    if questions is None:
        questions = list(template.questions) if template is not None else []
    if not objectives and template is not None:
        objectives = template.objectives
    workshop = None
    for _attempt in range(5):  # join codes are random: retry on the rare collision
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    process=process,
                    title=title.strip(),
                    date=date,
                    template=template,
                    objectives=objectives,
                    meeting=meeting,
                    join_code=new_join_code(),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
            break
        except IntegrityError:
            continue
    if workshop is None:
        raise RuntimeError("Could not draw a free join code.")
    Question.objects.bulk_create(
        Question(workshop=workshop, order=index, text=text.strip()[:500])
        for index, text in enumerate(questions, start=1)
        if text.strip()
    )
    log_action(actor, "workshop.created", workshop, process=process.pk)
    return workshop


class WorkshopHasContributions(Exception):
    """A workshop with contributions is kept: they are the raw material of the plan."""


@transaction.atomic
def save_workshop(workshop: Workshop, *, actor) -> Workshop:
    """Save the settings of an existing workshop."""
    workshop.title = workshop.title.strip()
    workshop.save()
    log_action(actor, "workshop.updated", workshop, process=workshop.process_id)
    return workshop


@transaction.atomic
def save_questions(workshop: Workshop, formset, *, actor) -> None:
    """Apply a validated questions formset (added, edited, removed, reordered questions)."""
    formset.instance = workshop
    saved = formset.save(commit=False)
    for question in formset.deleted_objects:
        if question.contributions.exists():  # the formset refuses it; a line added meanwhile
            raise WorkshopHasContributions
        question.delete()
    for question in saved:
        question.workshop = workshop
        question.save()
    # Renumber 1..n in the chosen order, so the next question added goes last.
    for index, question in enumerate(workshop.questions.order_by("order", "id"), start=1):
        if question.order != index:
            Question.objects.filter(pk=question.pk).update(order=index)
    log_action(actor, "workshop.questions_updated", workshop, process=workshop.process_id)


@transaction.atomic
def delete_workshop(workshop: Workshop, *, actor) -> None:
    if workshop.contributions.exists():
        raise WorkshopHasContributions
    log_action(actor, "workshop.deleted", workshop, process=workshop.process_id)
    try:
        workshop.delete()
    except ProtectedError:  # a contribution added meanwhile
        raise WorkshopHasContributions from None


@transaction.atomic
def update_contribution(contribution, *, actor, fields: list[str]):
    """Save a contribution corrected on the capture board (text already cleaned)."""
    contribution.save(update_fields=[*fields, "updated_at"])
    log_action(
        actor,
        "contribution.updated",
        contribution,
        process=contribution.process_id,
        fields=fields,
    )
    return contribution
