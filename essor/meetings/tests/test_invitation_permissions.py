"""The invitation, attendance sheet and CSV views for every role; the answer link for anyone."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import ROLES
from essor.core.tests.matrix import cases
from essor.jobs.tests.helpers import run_jobs

VIEWS = [
    # name, method, status when allowed
    ("invite", "get", 200),
    ("invite", "post", 302),
    ("attendance_sheet", "get", 200),
    ("attendance_export", "get", 200),
]
MATRIX = [
    pytest.param(name, method, role, published, status, id=f"{name}-{method}-{role}-{published}")
    for name, method, ok in VIEWS
    for role, published, status in cases("manage", ok)
]


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_invitation_views_permission_matrix(
    client_as, gov, name, method, role, published, expected
):
    gov.process.is_published = published
    gov.process.save()
    gov.alice.email = "alice@example.org"
    gov.alice.save()
    url = reverse(f"meetings:{name}", args=[gov.process.pk, gov.meeting.pk])
    client = client_as(role)
    if method == "post":
        data = {"subject": "Invitation", "body": "Venez.", "bodies": [gov.copil.pk], "send": "1"}
        response = run_jobs(client.post, url, data)
    else:
        response = client.get(url)
    assert response.status_code == expected
    if role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    allowed = expected in (200, 302) and role != "anonymous"
    if method == "post":
        assert (len(mail.outbox) == 1) is allowed
        assert gov.meeting.attendances.get(person=gov.alice).invited_at is not None or not allowed


@pytest.mark.parametrize("role", ROLES)
def test_answer_link_works_for_anyone_with_the_token_only(client_as, gov, role):
    cache.clear()
    # The link lives until the meeting is over: the meeting is next week.
    gov.meeting.starts_at = timezone.now() + dt.timedelta(days=7)
    gov.meeting.ends_at = None
    gov.meeting.save()
    attendance = gov.meeting.attendances.get(person=gov.alice)
    token = attendance.issue_rsvp_token()
    attendance.save()
    client = client_as(role)
    assert client.get(reverse("meetings:rsvp", args=[token])).status_code == 200
    assert client.get(reverse("meetings:rsvp", args=[token[:-1] + "?"])).status_code == 404


def test_sheet_of_another_process_is_404(client_as, gov):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    for name in ("invite", "attendance_sheet", "attendance_export"):
        url = reverse(f"meetings:{name}", args=[other.pk, gov.meeting.pk])
        assert client_as("admin").get(url).status_code == 404


def _invited(gov):
    """Alice invited by e-mail to next week's meeting; returns (attendance, token)."""
    gov.meeting.starts_at = timezone.now() + dt.timedelta(days=7)
    gov.meeting.ends_at = None
    gov.meeting.save()
    attendance = gov.meeting.attendances.get(person=gov.alice)
    token = attendance.issue_rsvp_token()
    attendance.invited_at = timezone.now()
    attendance.save()
    return attendance, token


@pytest.mark.parametrize("role,published,expected", cases("manage", 302))
def test_revoking_an_answer_link_permission_matrix(client_as, gov, role, published, expected):
    cache.clear()
    gov.process.is_published = published
    gov.process.save()
    attendance, token = _invited(gov)
    url = reverse("meetings:invitation_revoke", args=[gov.process.pk, gov.meeting.pk])
    response = client_as(role).post(url, {"attendance": attendance.pk})
    assert response.status_code == expected
    allowed = expected == 302 and role != "anonymous"
    stored = type(attendance).objects.get(pk=attendance.pk)
    assert (stored.rsvp_token_hash != attendance.rsvp_token_hash) is allowed
    assert (stored.invited_at is None) is allowed
    link = reverse("meetings:rsvp", args=[token])
    assert client_as("anonymous").get(link).status_code == (404 if allowed else 200)


def test_revoked_answer_link_is_offered_and_can_be_sent_again(client_as, gov):
    cache.clear()
    gov.alice.email = "alice@example.org"
    gov.alice.save()
    attendance, token = _invited(gov)
    client = client_as("facilitator")
    detail = reverse("meetings:detail", args=[gov.process.pk, gov.meeting.pk])
    url = reverse("meetings:invitation_revoke", args=[gov.process.pk, gov.meeting.pk])
    assert url in client.get(detail).content.decode()
    page = client.post(url, {"attendance": attendance.pk}, follow=True).content.decode()
    assert "ne fonctionne plus" in page
    assert url not in page  # nobody has a link left to revoke
    from essor.core.models import AuditEntry

    assert AuditEntry.objects.filter(verb="meeting.invitation_revoked").count() == 1
    # Not invited any more: a new invitation sends a new link, which works.
    invite = reverse("meetings:invite", args=[gov.process.pk, gov.meeting.pk])
    data = {"subject": "Invitation", "body": "Venez.", "bodies": [gov.copil.pk], "send": "1"}
    run_jobs(client.post, invite, data)
    assert len(mail.outbox) == 1
    new_link = re.search(r"/invitation/([A-Za-z0-9_-]+)/", mail.outbox[0].body)[1]
    assert new_link != token
    assert client_as("anonymous").get(reverse("meetings:rsvp", args=[new_link])).status_code == 200


def test_a_link_never_sent_cannot_be_revoked(client_as, gov):
    attendance = gov.meeting.attendances.get(person=gov.alice)
    before = attendance.rsvp_token_hash
    url = reverse("meetings:invitation_revoke", args=[gov.process.pk, gov.meeting.pk])
    assert client_as("facilitator").post(url, {"attendance": attendance.pk}).status_code == 404
    assert client_as("facilitator").post(url, {"attendance": "x"}).status_code == 404
    assert type(attendance).objects.get(pk=attendance.pk).rsvp_token_hash == before
    assert client_as("facilitator").get(url).status_code == 405
