"""Respondents' pages: no account, a token in the URL.

A personal link is used once (checked in the database). The public link
cannot tell people apart, so it only prevents a second answer from the same
browser with a signed cookie: someone who clears their cookies or changes
browser can answer again. Use personal links when one answer per person matters.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from essor.core.caching import no_store
from essor.surveys import services
from essor.surveys.answering import ResponseForm
from essor.surveys.permissions import get_survey_by_token

COOKIE_SALT = "essor.surveys.answered"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _cookie_name(survey) -> str:
    return f"essor_survey_{survey.pk}"


def _answered_here(request, survey) -> bool:
    try:
        value = request.get_signed_cookie(_cookie_name(survey), salt=COOKIE_SALT, default=None)
    except signing.BadSignature:
        return False
    return value == str(survey.public_token[:8])


def _refusal(request, survey, message: str, status: int = 200):
    context = {"survey": survey, "message": message}
    return render(request, "surveys/answer_refused.html", context, status=status)


@no_store
@ratelimit(key="ip", rate="30/m", method="POST", block=False, group="surveys.answer")
@ratelimit(key="ip", rate="120/m", method="GET", block=False, group="surveys.answer_get")
def answer(request, token):
    survey, invitation = get_survey_by_token(request, token)
    if getattr(request, "limited", False):
        return _refusal(
            request,
            survey,
            _("Too many attempts from your connection. Please wait a minute and try again."),
            status=429,
        )
    availability = survey.availability()
    if availability == "closed":
        return _refusal(request, survey, _("This survey is closed: it no longer accepts answers."))
    if availability == "not_yet":
        return _refusal(
            request,
            survey,
            _("This survey opens on %(day)s.") % {"day": survey.opens_on.strftime("%d/%m/%Y")},
        )
    if invitation is not None and invitation.is_used:
        return _refusal(
            request, survey, _("This personal link has already been used to answer the survey.")
        )
    if invitation is None and _answered_here(request, survey):
        return _refusal(
            request, survey, _("You have already answered this survey from this browser.")
        )
    form = ResponseForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(survey, form.answers, invitation=invitation)
        except services.SurveyError as error:
            return _refusal(request, survey, str(error))
        response = redirect("surveys:thanks", token)
        if invitation is None:
            response.set_signed_cookie(
                _cookie_name(survey),
                str(survey.public_token[:8]),
                salt=COOKIE_SALT,
                max_age=COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
    context = {
        "survey": survey,
        "form": form,
        "blocks": form.blocks(),
        "invitation": invitation,
        "is_public_link": invitation is None,
    }
    return render(request, "surveys/answer.html", context)


@no_store
@ratelimit(key="ip", rate="120/m", method="GET", block=False, group="surveys.answer_get")
def thanks(request, token):
    survey, _invitation = get_survey_by_token(request, token)
    if getattr(request, "limited", False):
        return _refusal(
            request,
            survey,
            _("Too many attempts from your connection. Please wait a minute and try again."),
            status=429,
        )
    return render(request, "surveys/thanks.html", {"survey": survey})
