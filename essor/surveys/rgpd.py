"""Right to erasure (GDPR art. 17) in surveys, registered in SurveysConfig.ready().

Invitations are only about the person: deleted. A response to a non-anonymous
survey belongs to the survey's results: it stays, made anonymous (no respondent)
and with the person's name and e-mail removed from its free-text answers. The
right of access lives in ``essor.surveys.services.person_data``.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher, redact_rows
from essor.surveys.models import Answer, Invitation, Response

ANSWER_TEXTS = ["text", "other_text"]


def describe(person) -> list[Effect]:
    invitations = Invitation.objects.filter(person=person)
    responses = Response.objects.filter(person=person)
    invited, answered = invitations.count(), responses.count()
    return [
        Effect(
            ngettext(
                "%(count)d survey invitation deleted",
                "%(count)d survey invitations deleted",
                invited,
            )
            % {"count": invited},
            invited,
            processes_of(invitations, "survey__process"),
        ),
        Effect(
            ngettext(
                "%(count)d survey response made anonymous, without name or e-mail in its answers",
                "%(count)d survey responses made anonymous, without name or e-mail in their "
                "answers",
                answered,
            )
            % {"count": answered},
            answered,
            processes_of(responses, "survey__process"),
        ),
    ]


def erase(person) -> None:
    Invitation.objects.filter(person=person).delete()
    answers = Answer.objects.filter(response__person=person)
    redact_rows(PersonMatcher.of(person), answers, ANSWER_TEXTS)
    Response.objects.filter(person=person).update(person=None)
