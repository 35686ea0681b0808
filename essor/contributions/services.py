"""Use cases of contributions; every way of adding one goes through ``add_contribution``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from essor.contributions.models import (
    TEXT_MAX_LENGTH,
    Contribution,
    ContributionKind,
    ContributionSource,
    ContributionStatus,
)
from essor.contributions.notes import ParsedNotes
from essor.core.audit import log_action
from essor.core.text import fold
from essor.workshops.models import Question, Workshop


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
    status: str = ContributionStatus.ACCEPTED,
    organisation_name: str = "",
    commune=None,
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
        status=status,
        organisation_name=" ".join((organisation_name or "").split())[:200],
        commune=commune,
        order=(last or 0) + 1,
    )


@transaction.atomic
def save_contribution(contribution: Contribution, *, actor) -> Contribution:
    """Save a corrected contribution (text re-validated); its origin is never changed."""
    contribution.text = clean_contribution_text(contribution.text)
    if contribution.kind not in ContributionKind.values:
        raise ValidationError(_("Unknown kind of contribution."), code="kind")
    question = contribution.question if contribution.question_id else None
    if question is not None and question.workshop_id != contribution.workshop_id:
        raise ValidationError(_("This question belongs to another workshop."), code="question")
    contribution.theme = (contribution.theme or "").strip()[:120]
    contribution.save()
    log_action(actor, "contribution.updated", contribution, process=contribution.process_id)
    return contribution


@transaction.atomic
def set_withdrawn(contribution: Contribution, withdrawn: bool, *, actor) -> Contribution:
    """Withdraw (or restore) a contribution: it is kept, with its origin, but set aside."""
    contribution.is_withdrawn = withdrawn
    contribution.save(update_fields=["is_withdrawn", "updated_at"])
    verb = "contribution.withdrawn" if withdrawn else "contribution.restored"
    log_action(actor, verb, contribution, process=contribution.process_id)
    return contribution


@dataclass
class NoteItem:
    """One reviewed line of raw notes, ready to be saved."""

    line: int
    text: str
    kind: str = ContributionKind.IDEA
    question: Question | None = None
    new_question: str = ""  # text of a question to create, when ``question`` is None
    theme: str = ""


def match_headings(workshop: Workshop, headings: list[str]) -> dict[str, Question | None]:
    """Each heading of the notes with the workshop question of the same folded text, or None."""
    by_text = {fold(question.text): question for question in workshop.questions.all()}
    return {heading: by_text.get(fold(heading)) for heading in headings}


def items_from_notes(workshop: Workshop, notes: ParsedNotes) -> list[NoteItem]:
    """Ideas as they would be saved without review (the ``import_notes`` command)."""
    matched = match_headings(workshop, notes.headings)
    return [
        NoteItem(
            line=idea.line,
            text=idea.text,
            kind=idea.kind or ContributionKind.IDEA,
            question=matched.get(idea.heading),
            new_question=idea.heading if idea.heading and not matched.get(idea.heading) else "",
        )
        for idea in notes.ideas
    ]


@transaction.atomic
def import_parsed_notes(
    workshop: Workshop, items: list[NoteItem], actor=None, progress=None
) -> list[Contribution]:
    """Create the new questions, then one contribution per item; all or nothing.
    ``progress(done, total)`` is called after each item (the job's progress bar).

    Raises ValidationError naming the line at fault; nothing is written then.
    """
    questions = {fold(question.text): question for question in workshop.questions.all()}
    next_order = (workshop.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    created_questions = 0
    contributions = []
    for item in items:
        question = item.question
        if question is not None and question.workshop_id != workshop.pk:
            raise ValidationError(
                _("Line %(line)s: this question belongs to another workshop.") % {"line": item.line}
            )
        new_text = " ".join((item.new_question or "").split())[:500]
        if question is None and new_text:
            question = questions.get(fold(new_text))
            if question is None:
                question = Question.objects.create(
                    workshop=workshop, order=next_order, text=new_text
                )
                questions[fold(new_text)] = question
                next_order += 1
                created_questions += 1
        try:
            contribution = add_contribution(
                process=workshop.process,
                workshop=workshop,
                question=question,
                text=item.text,
                kind=item.kind or ContributionKind.IDEA,
                theme=item.theme,
                source=ContributionSource.NOTES,
                created_by=actor,
            )
        except ValidationError as error:
            raise ValidationError(
                _("Line %(line)s: %(message)s")
                % {"line": item.line, "message": " ".join(error.messages)},
                code=getattr(error, "code", None),
            ) from error
        contributions.append(contribution)
        if progress is not None:
            progress(len(contributions), len(items))
    log_action(
        actor,
        "contributions.notes_imported",
        workshop,
        process=workshop.process_id,
        contributions=len(contributions),
        questions_created=created_questions,
    )
    return contributions
