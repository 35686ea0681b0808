"""The invitation, attendance sheet and CSV views for every role; the answer link for anyone."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import ROLES
from essor.core.tests.matrix import cases

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
        response = client.post(url, data)
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
