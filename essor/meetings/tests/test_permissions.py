"""Every view of the meetings app, for every role of the cast, unpublished and published."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.core.tests.matrix import matrix
from essor.meetings.models import Attendance, Audience, Meeting, MeetingKind
from essor.organisations.models import Person
from essor.portal.models import PortalSettings


def _url(name, gov):
    pid, mid = gov.process.pk, gov.meeting.pk
    return {
        "list": reverse("meetings:list", args=[pid]),
        "timeline": reverse("meetings:timeline", args=[pid]),
        "create": reverse("meetings:create", args=[pid]),
        "detail": reverse("meetings:detail", args=[pid, mid]),
        "edit": reverse("meetings:edit", args=[pid, mid]),
        "delete": reverse("meetings:delete", args=[pid, mid]),
        "attendance": reverse("meetings:attendance", args=[pid, mid]),
        "attendance_add": reverse("meetings:attendance_add", args=[pid, mid]),
        "attendance_remove": reverse("meetings:attendance_remove", args=[pid, mid]),
        "subscribe": reverse("meetings:subscribe", args=[pid]),
        "regenerate_token": reverse("meetings:regenerate_token", args=[pid]),
        "regenerate_person_token": reverse("meetings:regenerate_person_token", args=[pid]),
        "revoke_token": reverse("meetings:revoke_token", args=[pid]),
        "revoke_person_token": reverse("meetings:revoke_person_token", args=[pid]),
    }[name]


def _data(name, gov):
    alice_attendance = gov.meeting.attendances.get(person=gov.alice)
    meeting_fields = {
        "kind": MeetingKind.BODY_MEETING, "title": "COTECH n°1", "body": gov.copil.pk,
        "phase": gov.phase1.pk, "date": "2026-02-10", "start_time": "09:30",
        "end_time": "12:00", "place": "Salle 3", "audience": "body",
    }  # fmt: skip
    return {
        "create": meeting_fields,
        "edit": {**meeting_fields, "title": "COPIL n°1 (reporté)"},
        "attendance": {f"status-{alice_attendance.pk}": Attendance.Status.EXCUSED},
        "attendance_add": {"person": gov.bob.pk},
        "attendance_remove": {"attendance": alice_attendance.pk},
    }.get(name, {})


def _effect(name, gov) -> bool:
    """Whether the allowed POST did its job (checked only when the status says it was allowed)."""
    meeting = Meeting.objects.filter(pk=gov.meeting.pk).first()
    checks = {
        "create": lambda: Meeting.objects.filter(title="COTECH n°1").exists(),
        "edit": lambda: meeting.title == "COPIL n°1 (reporté)",
        "delete": lambda: meeting is None,
        "attendance": lambda: meeting.attendances.get(person=gov.alice).status == "excused",
        "attendance_add": lambda: meeting.attendances.filter(person=gov.bob).exists(),
        "attendance_remove": lambda: not meeting.attendances.filter(person=gov.alice).exists(),
    }
    return checks[name]() if name in checks else True


VIEWS = [
    # name, method, kind of page, status when allowed
    ("list", "get", "public", 200),
    ("timeline", "get", "public", 200),
    ("detail", "get", "public", 200),
    ("create", "get", "manage", 200),
    ("create", "post", "manage", 302),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("delete", "get", "manage", 200),
    ("delete", "post", "manage", 302),
    ("attendance", "post", "manage", 302),
    ("attendance_add", "post", "manage", 302),
    ("attendance_remove", "post", "manage", 302),
    ("subscribe", "get", "internal", 200),
    ("regenerate_token", "post", "manage", 200),
    ("revoke_token", "post", "manage", 302),
    ("regenerate_person_token", "post", "internal", 200),
    ("revoke_person_token", "post", "internal", 302),
]
MATRIX = matrix(VIEWS)


def _public(meeting) -> None:
    """The COPIL opened to the public: what the public may read of a published calendar."""
    Meeting.objects.filter(pk=meeting.pk).update(audience=Audience.PUBLIC)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_workspace"])
def test_a_meeting_not_open_to_the_public_stays_internal_in_a_published_calendar(
    client_as, gov, role
):
    gov.process.is_published = True
    gov.process.save()
    assert gov.meeting.audience != Audience.PUBLIC
    client = client_as(role)
    assert client.get(_url("detail", gov)).status_code == 404
    for page in ("list", "timeline"):
        assert "COPIL n°1" not in client.get(_url(page, gov)).content.decode()
    overview = client.get(reverse("processes:detail", args=[gov.process.pk])).content.decode()
    assert "COPIL n°1" not in overview
    member = client_as("contributor")
    assert member.get(_url("detail", gov)).status_code == 200
    assert "COPIL n°1" in member.get(_url("list", gov)).content.decode()
    # A facilitator who hides the calendar from the portal hides the public meetings too.
    _public(gov.meeting)
    assert client.get(_url("detail", gov)).status_code == 200
    PortalSettings.objects.create(process=gov.process, show_calendar=False)
    assert client.get(_url("detail", gov)).status_code == 404


def _link_people(cast):
    """Every logged-in member of the cast gets a person of the directory (Alice already is one)."""
    for role in ("admin", "facilitator", "contributor", "outsider"):
        Person.objects.create(
            workspace=cast.workspace, first_name=role, last_name="Cast", user=cast.user(role)
        )


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_meetings_permission_matrix(
    client_as, cast, gov, feeds, name, method, role, published, expected
):
    gov.process.is_published = published
    gov.process.save()
    _public(gov.meeting)
    _link_people(cast)
    process_token = gov.process.calendar_token_hash
    person_token = Person.objects.get(user=cast.committee_member).calendar_token_hash
    client = client_as(role)
    url = _url(name, gov)
    response = client.post(url, _data(name, gov)) if method == "post" else client.get(url)
    assert response.status_code == expected
    if response.status_code == 302 and role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    allowed = expected in (200, 302) and role != "anonymous"
    if method == "post":
        assert _effect(name, gov) is allowed or "token" in name
    # A calendar link changes only by an allowed POST, and a person's only by herself.
    gov.process.refresh_from_db()
    assert (gov.process.calendar_token_hash != process_token) is (
        name in ("regenerate_token", "revoke_token") and allowed
    )
    linked = Person.objects.get(user=cast.committee_member)
    assert (linked.calendar_token_hash != person_token) is (
        name in ("regenerate_person_token", "revoke_person_token")
        and allowed
        and role == "committee_member"
    )
    assert (gov.process.calendar_token_hash is None) is (name == "revoke_token" and allowed)


FEEDS = [
    pytest.param(feed, good, role, published, id=f"{feed}-{good}-{role}-{published}")
    for feed in ("process", "person")
    for good in (True, False)
    for role in ROLES
    for published in (False, True)
]


@pytest.mark.parametrize("feed,good,role,published", FEEDS)
def test_ical_feeds_need_the_token_not_a_login(client_as, gov, feeds, feed, good, role, published):
    """The secret token is the only key: any client with it gets the file, without it a 404."""
    gov.process.is_published = published
    gov.process.save()
    if feed == "process":
        token = feeds.process if good else "mauvais-jeton"
        url = reverse("meetings:ical_process", args=[gov.process.pk, token])
    else:
        token = feeds.alice if good else feeds.process
        url = reverse("meetings:ical_person", args=[token])
    response = client_as(role).get(url)
    assert response.status_code == (200 if good else 404)
    if good:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert b"BEGIN:VCALENDAR" in response.content


def test_process_token_of_another_process_is_404(client_as, gov, feeds):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    url = reverse("meetings:ical_process", args=[other.pk, feeds.process])
    assert client_as("admin").get(url).status_code == 404


@pytest.mark.parametrize("role", ["outsider", "other_workspace", "anonymous"])
def test_published_meeting_page_hides_internal_content(client_as, gov, feeds, role):
    gov.process.is_published = True
    gov.process.save()
    _public(gov.meeting)
    client = client_as(role)
    html = client.get(_url("detail", gov)).content.decode()
    assert "COPIL n°1" in html
    assert "Ordre du jour public" in html
    assert "Hôtel de ville" in html
    assert "Compte rendu confidentiel" not in html
    assert "Martin" not in html  # attendance
    assert "visio.example.org" not in html  # the online link is for participants
    assert "Proposition d&#x27;intervention validée" not in html
    assert _url("edit", gov) not in html
    assert reverse("meetings:subscribe", args=[gov.process.pk]) not in html
    for name in ("list", "timeline"):
        page = client.get(_url(name, gov)).content.decode()
        assert "COPIL n°1" in page
        assert "Compte rendu confidentiel" not in page
        assert "Martin" not in page
        assert "visio.example.org" not in page
        assert feeds.process not in page


@pytest.mark.parametrize("role", ["committee_member", "contributor"])
def test_members_read_minutes_and_attendance_without_managing(client_as, gov, role):
    html = client_as(role).get(_url("detail", gov)).content.decode()
    assert "Compte rendu confidentiel" in html
    assert "Martin" in html and "Présent" in html
    assert "https://visio.example.org/copil" in html
    assert "Proposition d&#x27;intervention validée" in html
    assert _url("edit", gov) not in html
    assert _url("attendance", gov) not in html
    assert "Ajouter à la liste" not in html


def test_facilitator_sees_the_management_forms(client_as, gov):
    html = client_as("facilitator").get(_url("detail", gov)).content.decode()
    assert _url("edit", gov) in html
    assert _url("attendance", gov) in html
    assert "Ajouter à la liste" in html
    assert reverse("decisions:create", args=[gov.process.pk]) in html


def test_subscribe_page_never_shows_a_link_already_made(client_as, gov, feeds):
    """Only the hash of a link is stored: the page says a link exists, nothing more."""
    html = client_as("facilitator").get(_url("subscribe", gov)).content.decode()
    assert feeds.process not in html and feeds.alice not in html
    assert html.count("Un lien existe depuis le") == 1  # the facilitator has no personal link
    assert _url("regenerate_token", gov) in html and _url("revoke_token", gov) in html
    html = client_as("committee_member").get(_url("subscribe", gov)).content.decode()
    assert feeds.process not in html and feeds.alice not in html
    assert html.count("Un lien existe depuis le") == 2
    assert _url("regenerate_token", gov) not in html  # the process link is the facilitators'
    assert _url("revoke_person_token", gov) in html
    # A member without a person of the directory gets an explanation and no personal link.
    html = client_as("contributor").get(_url("subscribe", gov)).content.decode()
    assert "n’est pas lié à une personne de l’annuaire" in html
    assert _url("regenerate_person_token", gov) not in html


@pytest.mark.parametrize("name", ["regenerate_person_token", "revoke_person_token"])
def test_personal_link_without_a_person_is_404(client_as, gov, name):
    assert client_as("contributor").post(_url(name, gov)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "attendance",
        "attendance_add",
        "attendance_remove",
        "regenerate_token",
        "revoke_token",
        "regenerate_person_token",
        "revoke_person_token",
    ],
)
def test_post_only_views_refuse_get(client_as, gov, name):
    assert client_as("facilitator").get(_url(name, gov)).status_code == 405


def test_meeting_of_another_process_is_404(client_as, gov):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    for name in ("detail", "edit", "delete"):
        url = reverse(f"meetings:{name}", args=[other.pk, gov.meeting.pk])
        assert client_as("admin").get(url).status_code == 404
