"""Secret-token links: the same 404 for a wrong token whether or not a limit is hit,
a budget of wrong tokens per address, a rate limit per calendar feed, RSVP links
that end with the meeting."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.meetings.models import Meeting


def _process_feed(process, token):
    return reverse("meetings:ical_process", args=[process.pk, token])


def test_wrong_calendar_tokens_use_up_a_budget_then_every_token_is_404(
    client, gov, feeds, settings
):
    settings.TOKEN_MISSES_PER_ADDRESS = 3
    for n in range(3):
        assert client.get(_process_feed(gov.process, f"faux{n}")).status_code == 404
    # The right token now gets the very same answer, from this address only.
    refused = client.get(_process_feed(gov.process, feeds.process))
    assert refused.status_code == 404
    wrong = client.get(_process_feed(gov.process, "faux9"))
    # The page names the address asked for (the language switch returns to it) and carries
    # a fresh CSRF mask: apart from those, both answers are the same bytes.
    token = feeds.process.encode()

    def bare(content: bytes, asked: bytes) -> bytes:
        content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)
        return content.replace(asked, b"T")

    assert bare(refused.content, token) == bare(wrong.content, b"faux9")
    assert client.get(reverse("meetings:ical_person", args=[feeds.alice])).status_code == 404
    assert (
        client.get(_process_feed(gov.process, feeds.process), REMOTE_ADDR="10.9.9.9").status_code
        == 200
    )


def test_right_tokens_do_not_use_up_the_budget(client, gov, feeds, settings):
    settings.TOKEN_MISSES_PER_ADDRESS = 2
    for _ in range(5):
        assert client.get(_process_feed(gov.process, feeds.process)).status_code == 200
    assert client.get(_process_feed(gov.process, "faux")).status_code == 404
    assert client.get(_process_feed(gov.process, feeds.process)).status_code == 200


def test_calendar_feed_fetches_are_limited_per_feed(client, gov, feeds, settings):
    settings.CALENDAR_FEED_FETCHES_PER_HOUR = 3
    for _ in range(3):
        assert client.get(_process_feed(gov.process, feeds.process)).status_code == 200
    limited = client.get(_process_feed(gov.process, feeds.process))
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    assert "trop souvent" in limited.content.decode()
    # Another feed is not affected, and a wrong token is still a plain 404.
    person_feed = reverse("meetings:ical_person", args=[feeds.alice])
    assert client.get(person_feed).status_code == 200
    assert client.get(_process_feed(gov.process, "faux")).status_code == 404


@pytest.fixture
def next_week(gov):
    meeting = gov.meeting
    meeting.starts_at = timezone.now() + dt.timedelta(days=7)
    meeting.ends_at = meeting.starts_at + dt.timedelta(hours=2)
    meeting.save()
    attendance = meeting.attendances.get(person=gov.alice)
    attendance.rsvp_token = attendance.issue_rsvp_token()  # kept on the instance for the tests
    attendance.save()
    return attendance


def _rsvp(token):
    return reverse("meetings:rsvp", args=[token])


def test_wrong_rsvp_token_is_404_even_when_rate_limited(client, next_week, settings):
    settings.ESSOR_RSVP_RATE = "2/d"
    for _ in range(2):
        assert client.get(_rsvp(next_week.rsvp_token)).status_code == 200
    # Rate limited now: a right token says so, a wrong one is still a plain 404.
    assert client.get(_rsvp(next_week.rsvp_token)).status_code == 429
    assert client.get(_rsvp("faux-jeton")).status_code == 404


def test_rsvp_link_ends_with_the_meeting(client, next_week):
    assert client.get(_rsvp(next_week.rsvp_token)).status_code == 200
    Meeting.objects.filter(pk=next_week.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert client.get(_rsvp(next_week.rsvp_token)).status_code == 404


def test_rsvp_link_without_an_end_lasts_an_hour_after_the_start(client, next_week):
    Meeting.objects.filter(pk=next_week.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(minutes=30), ends_at=None
    )
    page = client.get(_rsvp(next_week.rsvp_token))
    assert page.status_code == 200  # started: shown, but the answer can no longer change
    Meeting.objects.filter(pk=next_week.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(minutes=61)
    )
    assert client.get(_rsvp(next_week.rsvp_token)).status_code == 404
