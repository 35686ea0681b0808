"""Use cases of surveys: building, opening, answering, converting, RGPD."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.contributions.models import Contribution, ContributionSource
from essor.contributions.services import add_contribution
from essor.core.audit import log_action
from essor.core.tokens import new_token
from essor.surveys.answering import AnswerData
from essor.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Choice,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)


class SurveyError(Exception):
    """A refused operation; ``str(error)`` is a French message for the user."""


@transaction.atomic
def save_survey(survey: Survey, *, actor) -> Survey:
    created = survey.pk is None
    if created:
        survey.created_by = actor if getattr(actor, "is_authenticated", False) else None
    survey.save()
    log_action(actor, "survey.created" if created else "survey.updated", survey,
               process=survey.process_id)  # fmt: skip
    return survey


@transaction.atomic
def set_status(survey: Survey, status: str, *, actor) -> Survey:
    if status not in SurveyStatus.values:
        raise SurveyError(_("Unknown status."))
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise SurveyError(_("Add at least one question before opening the survey."))
    if status == SurveyStatus.DRAFT and survey.has_responses:
        raise SurveyError(_("The survey has responses: it can be closed, not put back to draft."))
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    log_action(actor, "survey.status_changed", survey, process=survey.process_id, status=status)
    return survey


@transaction.atomic
def save_question(question: Question, *, choice_labels: list[str], actor) -> Question:
    """Save a question and its choices (given in order, one label each)."""
    created = question.pk is None
    if created:
        last = question.survey.questions.aggregate(last=Max("order"))["last"]
        question.order = (last or 0) + 1
    question.save()
    if question.is_choice or question.kind == QuestionKind.RANKING:
        existing = list(question.choices.all())
        for position, label in enumerate(choice_labels, start=1):
            if position <= len(existing):
                choice = existing[position - 1]
                if (choice.label, choice.order) != (label, position):
                    choice.label, choice.order = label, position
                    choice.save(update_fields=["label", "order"])
            else:
                Choice.objects.create(question=question, label=label, order=position)
        for choice in existing[len(choice_labels) :]:
            choice.delete()  # conditions on it are cut (SET_NULL)
    else:
        question.choices.all().delete()
    if question.kind not in CHOICE_KINDS:
        # Other questions may only depend on choice questions.
        Question.objects.filter(condition_choice__question=question).update(condition_choice=None)
    log_action(actor, "survey.question_saved", question.survey, question=question.pk,
               created=created)  # fmt: skip
    return question


@transaction.atomic
def delete_question(question: Question, *, actor) -> None:
    survey = question.survey
    if survey.has_responses:
        raise SurveyError(_("The survey has responses: its questions can no longer be deleted."))
    log_action(actor, "survey.question_deleted", survey, text=question.text[:200])
    question.delete()


@transaction.atomic
def move_question(question: Question, direction: str, *, actor) -> None:
    """Swap a question with its neighbour; a question stays after the one it depends on."""
    siblings = list(question.survey.questions.select_related("condition_choice"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return
    first, second = sorted([siblings[index], siblings[other_index]], key=lambda q: q.order)
    if second.condition_choice and second.condition_choice.question_id == first.pk:
        raise SurveyError(
            _("“%(question)s” depends on the answer to the question before it: it must stay after.")
            % {"question": second.text}
        )
    for position, item in enumerate(siblings, start=1):
        item.order = position
    siblings[index].order, siblings[other_index].order = other_index + 1, index + 1
    Question.objects.bulk_update(siblings, ["order"])
    log_action(actor, "survey.question_moved", question.survey, question=question.pk)


# A personal link and its token, which exists only in this answer (only its hash is stored).
FreshLink = tuple[Invitation, str]


@transaction.atomic
def create_invitations(survey: Survey, people, *, actor) -> list[FreshLink]:
    """Personal links for these people (those already invited keep theirs)."""
    invited = set(survey.invitations.values_list("person_id", flat=True))
    fresh = []
    for person in people:
        if person.pk not in invited:
            invitation = Invitation(survey=survey, person=person)
            fresh.append((invitation, invitation.issue_token()))
    Invitation.objects.bulk_create([invitation for invitation, _token in fresh])
    log_action(actor, "survey.invitations_created", survey, count=len(fresh))
    return fresh


@transaction.atomic
def renew_invitations(invitations, *, actor) -> list[FreshLink]:
    """New personal links in place of unused ones (lost, leaked, gone astray): the
    old links stop working at once (404, like any unknown link). Used links open
    nothing any more and are left as they are."""
    fresh = [(i, i.issue_token()) for i in invitations if not i.is_used]
    Invitation.objects.bulk_update([i for i, _token in fresh], ["token_hash", "issued_at"])
    for invitation, _token in fresh:
        log_action(
            actor, "survey.invitation_renewed", invitation.survey, person=invitation.person_id
        )
    return fresh


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, actor) -> None:
    """Take a personal link back: it stops working and the person may be invited again.
    A used link is kept (it opens nothing, and records that the person answered)."""
    if invitation.is_used:
        raise SurveyError(_("This link has already been used: it no longer opens anything."))
    log_action(actor, "survey.invitation_revoked", invitation.survey, person=invitation.person_id)
    invitation.delete()


@transaction.atomic
def renew_public_link(survey: Survey, *, actor) -> str:
    """A new public link (to print again): the old one, posted or printed, stops working."""
    survey.public_token = new_token()
    survey.save(update_fields=["public_token"])
    log_action(actor, "survey.public_link_renewed", survey)
    return survey.public_token


def submit_response(
    survey: Survey, answers: list[AnswerData], *, invitation: Invitation | None = None
) -> Response:
    """Save one respondent's answers; a personal invitation is used only once.

    For an anonymous survey nothing links the response to the invitation or
    the person, and no audit entry is written (its time would be a link).
    """
    today = timezone.localdate()
    if survey.availability(today) != "open":
        raise SurveyError(_("This survey is not open for answers."))
    with transaction.atomic():
        if invitation is not None:
            # A conditional UPDATE is atomic on every database: a double click
            # or a replayed link finds the invitation already used.
            used = Invitation.objects.filter(pk=invitation.pk, is_used=False).update(
                is_used=True, used_on=None if survey.anonymous else today
            )
            if not used:
                raise SurveyError(_("This personal link has already been used to answer."))
        person = invitation.person if invitation is not None and not survey.anonymous else None
        response = Response.objects.create(survey=survey, submitted_on=today, person=person)
        for data in answers:
            answer = Answer.objects.create(
                response=response,
                question=data.question,
                other_text=data.other_text[:500],
                text=data.text,
                number=data.number,
                ranking=data.ranking,
            )
            if data.choices:
                answer.choices.set(data.choices)
        if not survey.anonymous:
            log_action(None, "survey.response_submitted", survey, response=response.pk)
    return response


@transaction.atomic
def convert_answer(answer: Answer, *, kind: str, actor) -> Contribution:
    """Turn a free-text answer into a contribution of the process (once)."""
    # Lock the answer row only (PostgreSQL refuses FOR UPDATE across outer joins).
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("question__survey__process", "response__person__organisation")
        .get(pk=answer.pk)
    )
    if answer.contribution_id is not None:
        raise SurveyError(_("This answer has already been turned into a contribution."))
    if not answer.question.is_text or not answer.text:
        raise SurveyError(_("Only free-text answers can become contributions."))
    survey = answer.question.survey
    person = answer.response.person
    contribution = add_contribution(
        process=survey.process,
        text=answer.text,
        kind=kind,
        source=ContributionSource.SURVEY,
        author_person=person,
        author_organisation=person.organisation if person else None,
        created_by=actor,
        survey_answer_label=f"{survey.title} — {answer.question.text}",
    )
    answer.contribution = contribution
    answer.save(update_fields=["contribution"])
    log_action(actor, "survey.answer_converted", survey, answer=answer.pk,
               contribution=contribution.pk)  # fmt: skip
    return contribution


def answer_display(answer: Answer) -> str:
    """An answer as one line of text (exports, RGPD)."""
    question = answer.question
    if question.is_choice:
        labels = [c.label for c in answer.choices.all()]
        if answer.other_text:
            labels.append(_("Other: %(text)s") % {"text": answer.other_text})
        return "\u202f; ".join(labels)
    if question.kind == QuestionKind.SCALE:
        return "" if answer.number is None else str(answer.number)
    if question.kind == QuestionKind.RANKING:
        labels = {c.pk: c.label for c in question.choices.all()}
        return "\u202f; ".join(
            f"{rank}. {labels.get(pk, '?')}" for rank, pk in enumerate(answer.ranking or [], 1)
        )
    return answer.text


def person_data(person, processes=None) -> list[dict]:
    """Every survey response and invitation of a person (RGPD access request), in the
    surveys of ``processes`` (all when None).

    Anonymous responses are not linked to anybody, so they never appear here.
    """
    data: list[dict] = []
    responses = person.survey_responses.select_related("survey__process").prefetch_related(
        "answers__question__choices", "answers__choices"
    )
    invitations = person.survey_invitations.select_related("survey__process")
    if processes is not None:
        responses = responses.filter(survey__process__in=processes)
        invitations = invitations.filter(survey__process__in=processes)
    for response in responses:
        data.append(
            {
                "kind": "survey_response",
                "survey": response.survey.title,
                "process": response.survey.process.title,
                "submitted_on": response.submitted_on.isoformat(),
                "answers": [
                    {"question": a.question.text, "answer": answer_display(a)}
                    for a in response.answers.all()
                ],
            }
        )
    for invitation in invitations:
        data.append(
            {
                "kind": "survey_invitation",
                "survey": invitation.survey.title,
                "process": invitation.survey.process.title,
                "used": invitation.is_used,
            }
        )
    return data
