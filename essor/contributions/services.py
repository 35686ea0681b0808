"""Use cases of contributions; every way of adding one goes through ``add_contribution``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from essor.contributions.models import (
    TEXT_MAX_LENGTH,
    Contribution,
    ContributionKind,
    ContributionSource,
)


def clean_contribution_text(text: str) -> str:
    """The text as stored (plain text, shown escaped), or a ValidationError in French."""
    cleaned = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    cleaned = cleaned.replace("\x00", "")
    if not cleaned:
        raise ValidationError(_("The contribution is empty."), code="empty")
    if len(cleaned) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _(
                "The contribution has %(length)s characters; the limit is %(limit)s. "
                "Split it into several ideas."
            )
            % {"length": len(cleaned), "limit": TEXT_MAX_LENGTH},
            code="too_long",
        )
    return cleaned


@transaction.atomic
def add_contribution(
    *,
    process,
    text: str,
    kind: str = ContributionKind.IDEA,
    source: str = ContributionSource.MANUAL,
    workshop=None,
    question=None,
    theme: str = "",
    author_organisation=None,
    author_person=None,
    participant=None,
    created_by=None,
    survey_answer_label: str = "",
) -> Contribution:
    """Validate and save one contribution, placed after the others of its workshop.

    Raises ValidationError (French message) for an empty or too long text,
    an unknown kind, or a question of another workshop.
    """
    if kind not in ContributionKind.values:
        raise ValidationError(_("Unknown kind of contribution."), code="kind")
    if workshop is not None and workshop.process_id != process.pk:
        raise ValidationError(_("This workshop belongs to another process."), code="workshop")
    if question is not None and (workshop is None or question.workshop_id != workshop.pk):
        raise ValidationError(_("This question belongs to another workshop."), code="question")
    last = Contribution.objects.filter(process=process, workshop=workshop).aggregate(
        last=Max("order")
    )["last"]
    return Contribution.objects.create(
        process=process,
        workshop=workshop,
        question=question,
        text=clean_contribution_text(text),
        kind=kind,
        source=source,
        theme=(theme or "").strip()[:120],
        author_organisation=author_organisation,
        author_person=author_person,
        participant=participant,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        survey_answer_label=survey_answer_label[:300],
        order=(last or 0) + 1,
    )
