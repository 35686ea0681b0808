"""Use cases of workshops (each in a transaction, with an audit entry)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

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
