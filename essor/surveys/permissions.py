"""Who may build, read and answer the surveys of a process.

People with a role in the process read surveys and their results (internal
material); facilitators and platform admins build, open, close and export
them. Respondents need no account: a secret token (the survey's public link,
or a personal invitation) lets them answer.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from essor.core.throttle import token_lookup
from essor.core.tokens import hash_token
from essor.processes.permissions import can_manage, get_process_for, has_role, is_platform_admin
from essor.surveys.models import Invitation, Question, Survey

rules.add_perm("surveys.view_survey", is_platform_admin | has_role)
rules.add_perm("surveys.manage_survey", can_manage)


def can_view_responses(user, survey: Survey) -> bool:
    """Response by response (the exports): a named survey ties answers to people,
    so only those who run the surveys see them; the other roles read the
    aggregated results. Anonymous responses are readable by every role."""
    return survey.anonymous or user.has_perm("surveys.manage_survey", survey.process)


def get_survey_responses_for(user, process_id, survey_id) -> Survey:
    """A survey whose responses ``user`` may read one by one (else 404/403)."""
    survey = get_survey_for(user, process_id, survey_id)
    if not can_view_responses(user, survey):
        raise PermissionDenied
    return survey


def get_survey_for(user, process_id, survey_id, perm: str = "surveys.view_survey") -> Survey:
    """The survey of that process if ``user`` has ``perm`` on the process (else 404/403)."""
    process = get_process_for(user, process_id, perm)
    try:
        survey = Survey.objects.get(pk=survey_id, process=process)
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    survey.process = process
    return survey


def get_question_for(user, process_id, survey_id, question_id) -> Question:
    """A question of a survey, for someone allowed to manage the surveys of the process."""
    survey = get_survey_for(user, process_id, survey_id, "surveys.manage_survey")
    try:
        question = survey.questions.get(pk=question_id)
    except (Question.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    question.survey = survey
    return question


def get_invitation_to_manage(user, process_id, survey_id, invitation_id) -> Invitation:
    """A personal link of a survey ``user`` manages (else 404/403)."""
    survey = get_survey_for(user, process_id, survey_id, "surveys.manage_survey")
    try:
        invitation = survey.invitations.select_related("person").get(pk=invitation_id)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    invitation.survey = survey
    return invitation


def get_survey_by_token(request, token: str) -> tuple[Survey, Invitation | None]:
    """The survey a respondent's token opens, with the personal invitation if it is one.

    404 for an unknown token, a disabled public link or a draft survey, so a
    forged token learns nothing; an address that tried too many wrong tokens
    gets 404 for every token for a while (see token_lookup).
    """
    return token_lookup(request, "survey", lambda: _open_survey(token))


def _open_survey(token: str) -> tuple[Survey, Invitation | None] | None:
    token = (token or "")[:64]
    invitation = (
        Invitation.objects.select_related("survey__process", "person")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is not None:
        survey = invitation.survey
    else:
        survey = (
            Survey.objects.select_related("process")
            .filter(public_token=token, public_link_enabled=True)
            .first()
        )
    if survey is None or survey.status == "draft":
        return None
    return survey, invitation
