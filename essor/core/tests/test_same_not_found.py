"""A secret link that opens nothing gets one and the same answer, whatever the reason:
a wrong token, a revoked or renewed one, an expired one, or a right one from an address
that tried too many wrong ones (token_lookup). Same status, same headers, same cookies,
same bytes once the token asked for and the form's CSRF mask are set aside: a guesser
learns nothing, not even that a rate limit was hit."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from essor.bodies.tests.data import make_governance
from essor.core.tokens import new_token
from essor.meetings.invitations import revoke_invitation
from essor.meetings.models import Meeting
from essor.meetings.services import renew_calendar_link, revoke_calendar_link
from essor.participation.permissions import COOKIE_NAME, remember_participant
from essor.participation.services import join_workshop
from essor.surveys import services as survey_services
from essor.surveys.models import SurveyStatus
from essor.surveys.tests.data import invite, make_survey
from essor.workshops.services import create_workshop

MISSES = 3


@pytest.fixture(autouse=True)
def small_budget(settings):
    cache.clear()
    settings.TOKEN_MISSES_PER_ADDRESS = MISSES


def _bare(response, token: str):
    """What an observer can compare: status, headers, cookies and body, without the token
    asked for (the language switch names the page), the CSRF mask and the request id (new
    each time, whatever the token)."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    headers = dict(response.headers)
    assert len(headers.pop("X-Request-ID")) == 32
    return (
        response.status_code,
        headers,
        sorted(response.cookies),
        body.replace(token.encode(), b"T"),
    )


def _assert_same_404(url_for, dead: dict[str, str], live: str):
    """``dead``: tokens that must open nothing, by reason; ``live``: a token that works."""
    answers = {}
    # A new browser and address each time: no cookie nor miss left by an earlier request.
    for n, (why, token) in enumerate({"wrong": new_token(), **dead}.items(), start=1):
        answers[why] = (token, Client(REMOTE_ADDR=f"10.0.0.{n}").get(url_for(token)))
    for _ in range(MISSES):
        Client(REMOTE_ADDR="10.9.9.9").get(url_for(new_token()))
    answers["right token, too many misses"] = (
        live,
        Client(REMOTE_ADDR="10.9.9.9").get(url_for(live)),
    )
    assert Client(REMOTE_ADDR="10.8.8.8").get(url_for(live)).status_code == 200
    token, wrong = answers.pop("wrong")
    assert wrong.status_code == 404
    for why, (token_asked, response) in answers.items():
        assert _bare(response, token_asked) == _bare(wrong, token), why


@pytest.fixture
def gov(cast):
    return make_governance(cast)


@pytest.mark.parametrize("owner", ["process", "alice"])
def test_calendar_feeds(gov, owner):
    holder = getattr(gov, owner)
    renewed = renew_calendar_link(holder, actor=None)
    revoked = renew_calendar_link(holder, actor=None)
    revoke_calendar_link(holder, actor=None)
    live = renew_calendar_link(holder, actor=None)

    def url_for(token):
        if owner == "process":
            return reverse("meetings:ical_process", args=[gov.process.pk, token])
        return reverse("meetings:ical_person", args=[token])

    _assert_same_404(url_for, {"renewed": renewed, "revoked": revoked}, live)


def test_rsvp_links(gov):
    meeting = gov.meeting
    meeting.starts_at = timezone.now() + dt.timedelta(days=7)
    meeting.ends_at = None
    meeting.save()
    alice = meeting.attendances.get(person=gov.alice)
    bob = meeting.attendances.create(person=gov.bob)
    revoked = alice.issue_rsvp_token()
    alice.invited_at = timezone.now()
    alice.save()
    revoke_invitation(alice, actor=None)
    live = bob.issue_rsvp_token()
    bob.save()
    past = Meeting.objects.create(
        process=gov.process, kind="workshop", title="Passée",
        starts_at=timezone.now() - dt.timedelta(days=2),
    )  # fmt: skip
    over = past.attendances.create(person=gov.alice)
    expired = over.issue_rsvp_token()
    over.save()

    def url_for(token):
        return reverse("meetings:rsvp", args=[token])

    _assert_same_404(url_for, {"revoked": revoked, "expired": expired}, live)


def test_survey_links(cast):
    srv = make_survey(cast)
    renewed_invitation, renewed = invite(srv.survey, srv.alice)
    survey_services.renew_invitations([renewed_invitation], actor=None)
    revoked_invitation, revoked = invite(srv.survey, srv.bob)
    survey_services.revoke_invitation(revoked_invitation, actor=None)
    old_public = srv.survey.public_token
    live = survey_services.renew_public_link(srv.survey, actor=None)
    draft = make_survey(cast)
    draft.survey.status = SurveyStatus.DRAFT
    draft.survey.save()
    disabled = make_survey(cast)
    disabled.survey.public_link_enabled = False
    disabled.survey.save()
    dead = {
        "renewed": renewed,
        "revoked": revoked,
        "public link renewed": old_public,
        "draft survey": draft.survey.public_token,
        "public link disabled": disabled.survey.public_token,
    }

    def url_for(token):
        return reverse("surveys:answer", args=[token])

    _assert_same_404(url_for, dead, live)


def test_participant_cookies_that_open_nothing_are_answered_alike(cast):
    """A participant's token travels in a signed cookie, never in a link: a wrong, a
    forged or a stale one (its participant removed) is treated as no cookie at all."""
    workshop = create_workshop(process=cast.process, title="Atelier", questions=[])
    removed = join_workshop(workshop, name="Lou")
    stale = removed.token
    removed.delete()
    url = reverse("participation:live", args=[workshop.join_code])

    def with_cookie(token: str | None, forged: bool = False):
        client = Client()
        if token is not None:
            carrier = HttpResponse()
            remember_participant(carrier, workshop, token)
            value = carrier.cookies[COOKIE_NAME].value
            client.cookies[COOKIE_NAME] = value[:-2] + "xx" if forged else value
        return client.get(url)

    without = with_cookie(None)
    assert without.status_code == 302
    for response in (with_cookie(new_token()), with_cookie(stale), with_cookie(stale, True)):
        assert _bare(response, "") == _bare(without, "")
