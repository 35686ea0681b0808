"""Inviting people by e-mail and answering from the link, without an account."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from essor.core.models import AuditEntry
from essor.core.tokens import hash_token
from essor.jobs.tests.helpers import run_jobs
from essor.meetings.invitations import InvitationClosed, answer_invitation
from essor.meetings.models import Attendance, Meeting, MeetingKind
from essor.organisations.models import Organisation, OrganisationKind, Person

LINK = re.compile(r"https?://\S+/demarches/invitation/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def upcoming(gov):
    """A workshop in ten days, and a directory: two people with an e-mail, one without."""
    meeting = Meeting.objects.create(
        process=gov.process, kind=MeetingKind.WORKSHOP, title="Atelier des acteurs",
        starts_at=timezone.now() + dt.timedelta(days=10), place="Maison des associations",
        online_url="https://visio.example.org/atelier",
    )  # fmt: skip
    coop = Organisation.objects.create(
        workspace=gov.process.workspace, name="Scop du Clain", kind=OrganisationKind.ESS
    )
    mairie = Organisation.objects.create(
        workspace=gov.process.workspace, name="Direction économie", kind="department"
    )
    gov.process.organisations.add(coop, mairie)
    people = {
        "zoe": Person.objects.create(
            workspace=gov.process.workspace,
            first_name="Zoé",
            last_name="Bernard",
            email="zoe@example.org",
            organisation=coop,
        ),
        "yann": Person.objects.create(
            workspace=gov.process.workspace,
            first_name="Yann",
            last_name="Petit",
            email="yann@example.org",
            organisation=mairie,
        ),
        "xavier": Person.objects.create(
            workspace=gov.process.workspace,
            first_name="Xavier",
            last_name="Roux",
            organisation=coop,
        ),
    }
    gov.alice.email = "alice@example.org"
    gov.alice.save()
    return meeting, people


def _invite_url(meeting):
    return reverse("meetings:invite", args=[meeting.process_id, meeting.pk])


def _post(client, meeting, action="send", **choices):
    """The form sent; the invitations' background work it starts has run when it returns."""
    data = {"subject": "Invitation à l’atelier", "body": "Venez nombreux.", action: "1"}
    data.update(choices)
    return run_jobs(client.post, _invite_url(meeting), data)


def test_invite_page_proposes_a_french_text_with_date_place_and_link(client_as, upcoming):
    meeting, _people = upcoming
    html = client_as("facilitator").get(_invite_url(meeting)).content.decode()
    assert "Invitation\u00a0: Atelier des acteurs" in html
    assert "Nous avons le plaisir de vous inviter" in html
    assert "Maison des associations" in html
    assert "https://visio.example.org/atelier" in html
    assert "(heure de Paris)" in html
    # The people of the directory are offered one by one, the one without e-mail flagged.
    assert "Roux Xavier (Scop du Clain) — pas d’adresse e-mail" in html


def test_preview_lists_recipients_and_shows_the_mail_without_sending(client_as, upcoming):
    meeting, _people = upcoming
    response = _post(client_as("facilitator"), meeting, action="preview", everyone="on")
    html = response.content.decode()
    assert response.status_code == 200
    assert mail.outbox == []
    assert "Aperçu" in html
    assert "Bonjour Zoé Bernard," in html  # the first person with an e-mail, by name
    assert "Venez nombreux." in html
    assert "À inviter par un autre moyen (pas d’adresse e-mail)" in html
    assert "Xavier Roux" in html
    assert not meeting.attendances.exists()


def test_send_mails_each_person_their_own_link(client_as, upcoming):
    meeting, people = upcoming
    client = client_as("facilitator")
    response = _post(client, meeting, everyone="on")
    assert response.status_code == 302
    assert len(mail.outbox) == 3  # Alice, Zoé, Yann — not Xavier
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"alice@example.org", "zoe@example.org", "yann@example.org"}
    zoe_mail = by_address["zoe@example.org"]
    assert zoe_mail.subject == "Invitation à l’atelier"
    assert zoe_mail.body.startswith("Bonjour Zoé Bernard,")
    assert "Venez nombreux." in zoe_mail.body
    token = LINK.search(zoe_mail.body).group(1)
    zoe = meeting.attendances.get(person=people["zoe"])
    assert zoe.rsvp_token_hash == hash_token(token)  # the link itself is not stored
    assert not Attendance.objects.filter(rsvp_token_hash=token).exists()
    assert zoe.invited_at is not None and zoe.status == Attendance.Status.EXPECTED
    tokens = {LINK.search(m.body).group(1) for m in mail.outbox}
    assert len(tokens) == 3
    # Xavier is on the list, not e-mailed, and the facilitator is told.
    xavier = meeting.attendances.get(person=people["xavier"])
    assert xavier.invited_at is None
    page = client.get(response["Location"]).content.decode()
    assert "3 invitations envoyées." in page
    assert "Sans adresse e-mail, à inviter par un autre moyen" in page and "Xavier Roux" in page
    assert AuditEntry.objects.filter(verb="meeting.invitations_sent").count() == 1


def test_sending_twice_does_not_mail_the_same_people_again(client_as, upcoming):
    meeting, _people = upcoming
    client = client_as("facilitator")
    _post(client, meeting, everyone="on")
    _post(client, meeting, everyone="on")  # a double click
    assert len(mail.outbox) == 3
    assert meeting.attendances.count() == 4


@pytest.mark.parametrize(
    "choice,expected",
    [
        ({"kinds": ["department"]}, {"yann@example.org"}),
        ({"kinds": ["ess"]}, {"alice@example.org", "zoe@example.org"}),
        ("body", {"alice@example.org"}),
        ("one_by_one", {"yann@example.org"}),
        ("on_list", set()),  # the workshop's list is empty
    ],
)
def test_choose_people_by_kind_body_or_one_by_one(client_as, gov, upcoming, choice, expected):
    meeting, people = upcoming
    if choice == "body":
        choice = {"bodies": [gov.copil.pk]}
    elif choice == "one_by_one":
        choice = {"people": [people["yann"].pk]}
    elif choice == "on_list":
        choice = {"on_list": "on"}
    response = _post(client_as("facilitator"), meeting, **choice)
    if expected:
        assert response.status_code == 302
    else:  # nobody chosen: a French message, nothing written
        assert response.status_code == 200
        assert "Personne n’est choisi" in response.content.decode()
    assert {m.to[0] for m in mail.outbox} == expected


def test_on_list_invites_everyone_already_expected(client_as, gov):
    meeting = gov.meeting
    meeting.starts_at = timezone.now() + dt.timedelta(days=3)
    meeting.save()
    gov.alice.email = "alice@example.org"
    gov.alice.save()
    assert _post(client_as("facilitator"), meeting, on_list="on").status_code == 302
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


@pytest.mark.parametrize(
    "data,field_error",
    [
        ({"subject": "", "body": "Texte", "everyone": "on"}, "Ce champ est obligatoire."),
        ({"subject": "Objet", "body": "", "everyone": "on"}, "Ce champ est obligatoire."),
        ({"subject": "x" * 201, "body": "Texte", "everyone": "on"}, "au plus 200 caractères"),
        ({"subject": "Objet", "body": "x" * 5001, "everyone": "on"}, "au plus 5000 caractères"),
        (
            {"subject": "Objet", "body": "Texte", "kinds": ["martian"]},
            "Sélectionnez un choix valide",
        ),
        ({"subject": "Objet", "body": "Texte", "people": ["abc"]}, "n’est pas une valeur correcte"),
    ],
)
def test_bad_invitation_forms_are_refused_in_french(client_as, upcoming, data, field_error):
    meeting, _people = upcoming
    response = client_as("facilitator").post(_invite_url(meeting), {**data, "send": "1"})
    assert response.status_code == 200
    assert field_error in response.content.decode().replace("&#x27;", "'")
    assert mail.outbox == []
    assert not meeting.attendances.exists()


def test_a_line_break_in_the_subject_is_flattened(client_as, upcoming):
    meeting, people = upcoming
    data = {"subject": "Atelier\r\nBcc: pirate@example.org", "body": "Texte", "send": "1"}
    data["people"] = [people["zoe"].pk]
    assert run_jobs(client_as("facilitator").post, _invite_url(meeting), data).status_code == 302
    assert mail.outbox[0].subject == "Atelier Bcc: pirate@example.org"
    assert mail.outbox[0].bcc == []


def _rsvp(token):
    return reverse("meetings:rsvp", args=[token])


@pytest.fixture
def invited(client_as, upcoming):
    meeting, people = upcoming
    _post(client_as("facilitator"), meeting, people=[people["zoe"].pk])
    token = LINK.search(mail.outbox[0].body).group(1)
    return meeting.attendances.get(person=people["zoe"]), token


def test_answer_yes_then_change_to_no_without_an_account(client, invited):
    attendance, token = invited
    page = client.get(_rsvp(token))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Atelier des acteurs" in html and "Maison des associations" in html
    assert "Vous n’avez pas encore répondu." in html
    response = client.post(_rsvp(token), {"response": "yes"})
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.response == "yes" and attendance.responded_at is not None
    assert "Merci, votre réponse est enregistrée." in client.get(_rsvp(token)).content.decode()
    client.post(_rsvp(token), {"response": "no"})
    attendance.refresh_from_db()
    assert attendance.response == "no"
    assert attendance.status == Attendance.Status.EXCUSED  # leaves her calendar feed
    client.post(_rsvp(token), {"response": "yes"})
    attendance.refresh_from_db()
    assert (attendance.response, attendance.status) == ("yes", Attendance.Status.EXPECTED)


def test_rsvp_needs_the_csrf_token(invited):
    from django.test import Client

    _attendance, token = invited
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_rsvp(token), {"response": "yes"}).status_code == 403


@pytest.mark.parametrize("token", ["forged-token-123", "x" * 40, "%00"])
def test_forged_token_is_404(client, invited, token):
    assert client.get(_rsvp(token)).status_code == 404
    assert client.post(_rsvp(token), {"response": "yes"}).status_code == 404


def test_token_of_a_removed_invitation_is_404(client, invited):
    attendance, token = invited
    attendance.delete()
    assert client.post(_rsvp(token), {"response": "yes"}).status_code == 404


def test_bad_answer_value_is_refused(client, invited):
    attendance, token = invited
    response = client.post(_rsvp(token), {"response": "maybe"})
    assert response.status_code == 400
    assert (
        "Choisissez «\u00a0Je viendrai\u00a0» ou «\u00a0Je ne viendrai pas\u00a0»."
        in response.content.decode()
    )
    attendance.refresh_from_db()
    assert attendance.response == "none"


def test_answer_refused_once_the_meeting_has_started(client, invited):
    attendance, token = invited
    client.post(_rsvp(token), {"response": "yes"})
    Meeting.objects.filter(pk=attendance.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.post(_rsvp(token), {"response": "no"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "La réunion a commencé\u00a0: la réponse ne peut plus être modifiée." in html
    assert "Je ne viendrai pas" not in html  # no buttons any more
    attendance.refresh_from_db()
    assert attendance.response == "yes"
    with pytest.raises(InvitationClosed):
        answer_invitation(attendance, "no")


def test_rsvp_is_rate_limited(client, invited, settings):
    # A day-long window: the count cannot be reset by a window boundary during the test.
    settings.ESSOR_RSVP_RATE = "5/d"
    _attendance, token = invited
    for _i in range(5):
        assert client.get(_rsvp("forged-token")).status_code == 404
    response = client.get(_rsvp(token))
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    cache.clear()
    assert client.get(_rsvp(token)).status_code == 200


def test_default_rate_is_thirty_a_minute(rf):
    from essor.meetings.invitation_views import rsvp_rate

    assert rsvp_rate("group", rf.get("/")) == "30/m"


def test_meeting_page_shows_invitation_state_and_links(client_as, invited):
    attendance, _token = invited
    meeting = attendance.meeting
    html = (
        client_as("facilitator")
        .get(reverse("meetings:detail", args=[meeting.process_id, meeting.pk]))
        .content.decode()
    )
    assert "Envoyé par e-mail le" in html
    assert _invite_url(meeting) in html
    assert reverse("meetings:attendance_sheet", args=[meeting.process_id, meeting.pk]) in html


def test_refused_invitations_are_told_in_french_and_sent_on_the_next_try(
    client_as, upcoming, settings
):
    from essor.core.tests.french import plain
    from essor.jobs.models import Job

    meeting, people = upcoming
    client = client_as("facilitator")
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False
    _post(client, meeting, people=[people["zoe"].pk])
    job = Job.objects.get(kind="meetings.invitations")
    assert plain(job.outcome).startswith("0 invitation envoyée.\nLe serveur de messagerie a refusé")
    assert "Zoé Bernard" in job.outcome
    assert meeting.attendances.get(person=people["zoe"]).invited_at is None
    settings.EMAIL_BACKEND = backend  # the server is back: the same choice sends it
    _post(client, meeting, people=[people["zoe"].pk])
    assert [m.to for m in mail.outbox] == [["zoe@example.org"]]
    assert meeting.attendances.get(person=people["zoe"]).invited_at is not None
