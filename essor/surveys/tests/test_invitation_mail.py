"""Personal survey links e-mailed by Essor (HTML and text, a new link in each), the one
reminder (by hand, or by itself a few days before closing), for every role."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import ROLES
from essor.core import periodic
from essor.jobs.models import Job, JobStatus
from essor.surveys import mailing
from essor.surveys.models import Invitation, SurveyStatus
from essor.surveys.tests.data import invite

ALLOWED = ("admin", "facilitator")
REFUSED = {"anonymous": 302, "outsider": 404, "other_workspace": 404}


def _url(name, srv):
    return reverse(f"surveys:{name}", args=[srv.process.pk, srv.survey.pk])


def _link(message) -> str:
    [url] = set(re.findall(r"http://127\.0\.0\.1:8000(/demarches/enquete/[\w-]+/)", message.body))
    return url


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST, then run the job the request started (it starts once the request commits)."""

    def send(client, url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return send


@pytest.fixture
def both_invited(srv):
    """Alice has an address, Bob has none."""
    return invite(srv.survey, srv.alice), invite(srv.survey, srv.bob)


@pytest.mark.parametrize("role", ROLES)
def test_emailing_the_links_for_every_role(post, client_as, srv, both_invited, role):
    (alice, old_token), _bob = both_invited
    response = post(client_as(role), _url("invitations_email", srv))
    allowed = role in ALLOWED
    assert response.status_code == (302 if allowed else REFUSED.get(role, 403))
    alice.refresh_from_db()
    assert (alice.sent_at is not None) is allowed
    assert len(mail.outbox) == (1 if allowed else 0)
    if allowed:
        assert response["Location"] == reverse("jobs:detail", args=[Job.objects.get().pk])


def test_each_email_holds_a_new_link_and_the_old_one_stops(
    post, client_as, client, srv, both_invited
):
    (alice, old_token), (bob, _token) = both_invited
    post(client_as("facilitator"), _url("invitations_email", srv))
    assert Job.objects.get().status == JobStatus.SUCCEEDED
    [message] = mail.outbox  # Bob has no address
    assert message.to == ["Alice Martin <alice@example.org>"]
    assert "Enquête acteurs ESS" in message.subject
    url = _link(message)
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    parser = _Links()
    parser.feed(html)
    assert parser.hrefs == ["http://127.0.0.1:8000" + url]
    assert client.get(url).status_code == 200
    assert client.get(reverse("surveys:answer", args=[old_token])).status_code == 404
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.sent_at and bob.sent_at is None
    # Sending again sends nobody's e-mail twice.
    page = post(client_as("facilitator"), _url("invitations_email", srv), follow=True)
    assert "Chaque lien a été envoyé" in page.content.decode()
    assert len(mail.outbox) == 1


def test_create_and_email_in_one_step(post, client_as, client, srv):
    response = post(
        client_as("facilitator"),
        _url("invitations", srv),
        {"people": [srv.alice.pk, srv.bob.pk], "email": "1"},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(survey=srv.survey).count() == 2
    [message] = mail.outbox
    assert client.get(_link(message)).status_code == 200
    # The page showing the links made in the request never shows them: only e-mails hold them.
    page = client_as("facilitator").get(_url("invitations", srv)).content.decode()
    assert "/demarches/enquete/" not in page.replace(srv.survey.public_token, "")


def test_the_one_reminder(post, client_as, client, srv, both_invited):
    (alice, _token), _bob = both_invited
    facilitator = client_as("facilitator")
    # No reminder before the first e-mail.
    page = post(facilitator, _url("invitations_remind", srv), follow=True).content.decode()
    assert "Tout le monde" in page and not mail.outbox
    post(facilitator, _url("invitations_email", srv))
    first = _link(mail.outbox[0])
    post(facilitator, _url("invitations_remind", srv))
    assert len(mail.outbox) == 2
    reminder = mail.outbox[1]
    assert reminder.subject.startswith("Rappel")
    assert client.get(first).status_code == 404
    assert client.get(_link(reminder)).status_code == 200
    alice.refresh_from_db()
    assert alice.reminded_at is not None
    # One reminder only.
    post(facilitator, _url("invitations_remind", srv))
    assert len(mail.outbox) == 2


def test_nobody_who_answered_is_emailed(post, client_as, srv, both_invited):
    (alice, _token), _bob = both_invited
    Invitation.objects.filter(pk=alice.pk).update(is_used=True)
    post(client_as("facilitator"), _url("invitations_email", srv))
    assert not mail.outbox


@pytest.mark.parametrize("status", [SurveyStatus.DRAFT, SurveyStatus.CLOSED])
def test_a_draft_or_closed_survey_sends_nothing(post, client_as, srv, both_invited, status):
    srv.survey.status = status
    srv.survey.save()
    page = post(client_as("facilitator"), _url("invitations_email", srv), follow=True)
    assert "ne" in page.content.decode() and not mail.outbox
    assert not Job.objects.exists()
    alice = both_invited[0][0]
    alice.refresh_from_db()
    assert alice.sent_at is None


def test_a_refused_message_keeps_the_old_link(settings, client, srv, both_invited):
    (alice, old_token), _bob = both_invited
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    report = mailing.deliver(mailing.recipients(srv.survey, mailing.INITIAL), mailing.INITIAL)
    assert report.sent == 0 and report.failed == [0]
    alice.refresh_from_db()
    assert alice.sent_at is None
    assert client.get(reverse("surveys:answer", args=[old_token])).status_code == 200


def test_the_reminder_goes_by_itself_before_closing(srv, both_invited):
    today = timezone.localdate()
    srv.survey.closes_on = today + dt.timedelta(days=mailing.REMINDER_DAYS_BEFORE_CLOSING + 1)
    srv.survey.save()
    mailing.deliver(mailing.recipients(srv.survey, mailing.INITIAL), mailing.INITIAL)
    assert mailing.send_due_reminders(today) == 0  # too early
    assert mailing.send_due_reminders(today + dt.timedelta(days=1)) == 1
    assert mailing.send_due_reminders(today + dt.timedelta(days=2)) == 0  # once
    assert "surveys.reminders" in periodic.jobs()
    assert len(mail.outbox) == 2
    assert "ferme le" in mail.outbox[1].body
