"""The meeting form (French messages at the field), Paris times, rich text and the timeline."""

import datetime as dt

import pytest
from django.urls import reverse

from essor.bodies.models import Body, BodyKind
from essor.bodies.tests.data import paris
from essor.core.tests.french import plain
from essor.meetings.forms import MeetingForm
from essor.meetings.models import Meeting, MeetingKind
from essor.meetings.timeline import build_timeline
from essor.processes.models import Phase, Process

UTC = dt.UTC
REQUIRED = "Ce champ est obligatoire."
INVALID_CHOICE = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."


def _data(gov, **changes):
    data = {
        "kind": MeetingKind.BODY_MEETING, "title": "COTECH n°1", "phase": gov.phase1.pk,
        "body": gov.copil.pk, "date": "2026-02-10", "start_time": "09:30",
        "end_time": "12:00", "place": "Hôtel de ville, salle 3",
        "online_url": "https://visio.example.org/cotech", "audience": "body",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _errors(gov, **changes) -> dict[str, list[str]]:
    form = MeetingForm(
        _data(gov, **changes), instance=Meeting(process=gov.process), process=gov.process
    )
    assert not form.is_valid()
    return form.errors


def test_valid_form_stores_paris_times_in_utc(gov):
    form = MeetingForm(_data(gov), instance=Meeting(process=gov.process), process=gov.process)
    assert form.is_valid(), form.errors
    meeting = form.save()
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2026, 2, 10, 8, 30, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2026, 2, 10, 11, tzinfo=UTC)
    assert meeting.online_url == "https://visio.example.org/cotech"


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"end_time": "09:00"}, "end_time", "La fin doit être après le début."),
        ({"end_time": "09:30"}, "end_time", "La fin doit être après le début."),
        ({"end_date": "2026-02-09", "end_time": "18:00"}, "end_date",
         "La fin doit être après le début."),
        ({"end_date": "2026-02-12", "end_time": None}, "end_time",
         "Indiquez l’heure de fin du dernier jour."),
        ({"title": ""}, "title", REQUIRED),
        ({"title": "   "}, "title", REQUIRED),
        ({"date": ""}, "date", REQUIRED),
        ({"date": "2026-02-30"}, "date", "Saisissez une date valide."),
        ({"start_time": "25:00"}, "start_time", "Saisissez une heure valide."),
        ({"online_url": "pas une adresse"}, "online_url", "Saisissez une URL valide."),
        ({"online_url": "javascript:alert(1)"}, "online_url", "Saisissez une URL valide."),
        ({"kind": "bal"}, "kind", "Sélectionnez un choix valide. bal n’en fait pas partie."),
        ({"body": None}, "body", "Choisissez l’instance qui se réunit."),
        ({"phase": "abc"}, "phase", INVALID_CHOICE),
        ({"date": "2026-03-29", "start_time": "02:30", "end_time": "04:00"}, "start_time",
         "Cette heure n’existe pas à Paris : cette nuit-là, on passe de 2 h à 3 h."),
    ],
)  # fmt: skip
def test_bad_input_gives_a_french_message_at_the_field(gov, changes, field, message):
    assert [plain(error) for error in _errors(gov, **changes)[field]] == [message]


def test_phase_and_body_of_another_process_are_refused(gov):
    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    phase = Phase.objects.create(process=other, order=1, name="Phase ailleurs")
    body = Body.objects.create(process=other, kind=BodyKind.TECHNICAL, name="COTECH ailleurs")
    errors = _errors(gov, phase=phase.pk, body=body.pk)
    assert errors["phase"] == [INVALID_CHOICE]
    assert errors["body"] == [INVALID_CHOICE]
    assert not Meeting.objects.filter(phase=phase).exists()


def test_bad_post_shows_errors_at_the_field_and_writes_nothing(client_as, gov):
    url = reverse("meetings:create", args=[gov.process.pk])
    before = Meeting.objects.count()
    response = client_as("facilitator").post(
        url, _data(gov, title="", end_time="08:00", online_url="ftp//x")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_title_error"><li>Ce champ est obligatoire.</li>' in html
    assert 'id="id_end_time_error"><li>La fin doit être après le début.</li>' in html
    assert 'id="id_online_url_error"><li>Saisissez une URL valide.</li>' in html
    assert Meeting.objects.count() == before


def test_garbage_post_never_gives_a_server_error(client_as, gov):
    client = client_as("facilitator")
    url = reverse("meetings:edit", args=[gov.process.pk, gov.meeting.pk])
    garbage = {
        "kind": "x" * 500, "title": "\x00", "phase": "-1", "body": "9" * 30,
        "date": "0000-00-00", "start_time": "midi", "end_date": "demain",
        "end_time": "??", "audience": "tous", "online_url": "http://" + "a" * 300,
    }  # fmt: skip
    assert client.post(url, garbage).status_code == 200
    attendance = reverse("meetings:attendance", args=[gov.process.pk, gov.meeting.pk])
    response = client.post(attendance, {f"status-{gov.meeting.attendances.get().pk}": "zzz"})
    assert response.status_code == 302
    assert gov.meeting.attendances.get().status == "present"
    remove = reverse("meetings:attendance_remove", args=[gov.process.pk, gov.meeting.pk])
    assert client.post(remove, {"attendance": "abc"}).status_code == 404
    add = reverse("meetings:attendance_add", args=[gov.process.pk, gov.meeting.pk])
    assert client.post(add, {"person": "abc"}).status_code == 200
    assert gov.meeting.attendances.count() == 1


def test_adding_a_wrong_attendee_gives_a_french_message_at_the_field(client_as, gov):
    client = client_as("facilitator")
    add = reverse("meetings:attendance_add", args=[gov.process.pk, gov.meeting.pk])
    response = client.post(add, {"person": str(gov.alice.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_person_error"><li>Cette personne est déjà sur la liste.</li>' in html
    response = client.post(add, {"person": "999999"})
    assert response.status_code == 200
    # The message comes from essor.bodies.people.PersonChoiceField.
    assert (
        'id="id_person_error"><li>Cette personne n’existe plus.</li>' in response.content.decode()
    )
    assert gov.meeting.attendances.count() == 1


@pytest.mark.parametrize(
    "day,start,utc_start",
    [
        ("2026-10-24", "10:00", dt.datetime(2026, 10, 24, 8, tzinfo=UTC)),  # summer time
        ("2026-10-25", "10:00", dt.datetime(2026, 10, 25, 9, tzinfo=UTC)),  # winter time
        ("2026-03-29", "10:00", dt.datetime(2026, 3, 29, 8, tzinfo=UTC)),  # clocks went forward
    ],
)
def test_times_are_typed_and_shown_in_paris_time_across_dst(client_as, gov, day, start, utc_start):
    client = client_as("facilitator")
    response = client.post(
        reverse("meetings:create", args=[gov.process.pk]),
        _data(gov, title="COTECH d’automne", date=day, start_time=start, end_time="12:00"),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="COTECH d’automne")
    assert meeting.starts_at == utc_start
    html = client.get(response["Location"]).content.decode()
    assert "10:00–12:00" in html
    edit = client.get(reverse("meetings:edit", args=[gov.process.pk, meeting.pk])).content.decode()
    assert 'value="10:00"' in edit and f'value="{day}"' in edit


def test_event_across_the_night_of_the_clock_change(client_as, gov):
    client = client_as("facilitator")
    response = client.post(
        reverse("meetings:create", args=[gov.process.pk]),
        _data(gov, kind="writing", body=None, title="Nuit d’écriture", date="2026-10-24",
              start_time="22:00", end_date="2026-10-25", end_time="04:00"),
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Nuit d’écriture")
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(hours=7)
    html = client.get(response["Location"]).content.decode()
    assert "samedi 24 octobre 2026, 22:00" in html
    assert "dimanche 25 octobre 2026, 04:00" in html


def test_list_shows_dates_in_french_and_paris_time(client_as, gov):
    url = reverse("meetings:list", args=[gov.process.pk])
    html = client_as("contributor").get(url).content.decode()
    assert "jeudi 15 janvier 2026, 14:00–16:00" in html
    assert "jeudi 2 juillet 2026, 18:00–20:00" in html


PAYLOAD = (
    '<p>Ordre du jour</p><script>alert("x")</script>'
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)" onclick="alert(3)">lien</a>'
)


def _assert_clean(html: str):
    assert "<script>" not in html  # the page's own scripts are all <script src=...>
    assert "alert" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html


def test_agenda_and_minutes_are_sanitised(client_as, gov):
    client = client_as("facilitator")
    url = reverse("meetings:edit", args=[gov.process.pk, gov.meeting.pk])
    response = client.post(url, _data(gov, agenda=PAYLOAD, minutes=PAYLOAD, description=PAYLOAD))
    assert response.status_code == 302
    gov.meeting.refresh_from_db()
    for value in (gov.meeting.agenda, gov.meeting.minutes, gov.meeting.description):
        assert "<p>Ordre du jour</p>" in value
        _assert_clean(value)
    html = client.get(reverse("meetings:detail", args=[gov.process.pk, gov.meeting.pk]))
    page = html.content.decode()
    assert page.count("<p>Ordre du jour</p>") == 3
    _assert_clean(page)


def test_plain_text_is_escaped_and_keeps_its_lines(client_as, gov):
    client = client_as("facilitator")
    url = reverse("meetings:edit", args=[gov.process.pk, gov.meeting.pk])
    text = "1. Budget & calendrier\n2. Tarif < 5 €"
    response = client.post(url, _data(gov, agenda=text))
    assert response.status_code == 302
    gov.meeting.refresh_from_db()
    assert gov.meeting.agenda == "<p>1. Budget &amp; calendrier<br>2. Tarif &lt; 5 €</p>"


def test_rich_text_written_without_the_form_is_sanitised_too(gov):
    meeting = Meeting.objects.create(
        process=gov.process, kind=MeetingKind.WORKSHOP, title="Import",
        starts_at=paris("2026-02-01", 9), agenda=PAYLOAD, minutes=PAYLOAD,
    )  # fmt: skip
    meeting.refresh_from_db()
    _assert_clean(meeting.agenda + meeting.minutes)
    assert "<p>Ordre du jour</p>" in meeting.agenda


def test_timeline_places_phases_as_rows_and_months_as_columns(gov):
    timeline = build_timeline(gov.process, "Sans phase")
    assert timeline.months == [dt.date(2026, m, 1) for m in range(1, 8)]
    assert [row.label for row in timeline.rows] == [
        "Dynamique interne", "Dynamique externe", "Sans phase",
    ]  # fmt: skip
    internal, external, without = timeline.rows
    assert [c.in_phase for c in internal.cells] == [True] * 3 + [False] * 4
    assert internal.cells[0].is_start and internal.cells[2].is_end
    assert [c.in_phase for c in external.cells] == [False] * 3 + [True] * 3 + [False]
    assert [m["meeting"] for m in internal.cells[0].meetings] == [gov.meeting]
    assert internal.cells[0].meetings[0]["day"] == dt.date(2026, 1, 15)
    assert all(not c.meetings for c in internal.cells[1:] + external.cells)
    assert [m["meeting"] for m in without.cells[6].meetings] == [gov.workshop]
    assert not any(c.in_phase for c in without.cells)


def test_timeline_uses_the_paris_day_of_a_meeting(gov):
    # 1 April 00:30 in Paris is still 31 March in UTC.
    late = Meeting.objects.create(
        process=gov.process, phase=gov.phase2, kind=MeetingKind.WORKSHOP, title="Minuit",
        starts_at=paris("2026-04-01", 0, 30),
    )  # fmt: skip
    external = build_timeline(gov.process, "Sans phase").rows[1]
    april = next(c for c in external.cells if c.month == dt.date(2026, 4, 1))
    assert [m["meeting"] for m in april.meetings] == [late]


def test_timeline_page_is_a_table_with_headers(client_as, gov):
    html = (
        client_as("contributor")
        .get(reverse("meetings:timeline", args=[gov.process.pk]))
        .content.decode()
    )
    assert "<caption" in html
    assert html.count('<th scope="col" class="tl-month">') == 7
    assert '<th scope="col" class="tl-month">Janvier 2026</th>' in html
    assert '<th scope="col" class="tl-month">Juillet 2026</th>' in html
    assert html.count('<th scope="row" class="tl-phase">') == 3
    assert "Sans phase" in html
    assert reverse("meetings:detail", args=[gov.process.pk, gov.meeting.pk]) in html
    assert '<div class="table-wrap timeline-wrap"' in html


def test_timeline_of_a_phase_with_only_an_end_date(gov):
    phase = Phase.objects.create(
        process=gov.process, order=3, name="Rédaction", end_date=dt.date(2026, 9, 30)
    )
    row = next(r for r in build_timeline(gov.process, "Sans phase").rows if r.phase == phase)
    assert (row.start, row.end) == (dt.date(2026, 9, 30), dt.date(2026, 9, 30))
    assert [c.month for c in row.cells if c.in_phase] == [dt.date(2026, 9, 1)]


@pytest.mark.parametrize("with_phases", [False, True])
def test_empty_process_gives_an_empty_but_valid_timeline(client_as, cast, with_phases):
    if with_phases:
        Phase.objects.create(process=cast.process, order=1, name="Sans dates")
    timeline = build_timeline(cast.process, "Sans phase")
    assert timeline.months == [] and timeline.rows == [] and not timeline.truncated
    client = client_as("facilitator")
    response = client.get(reverse("meetings:timeline", args=[cast.process.pk]))
    assert response.status_code == 200
    assert "Rien à afficher pour l’instant" in response.content.decode()
    listing = client.get(reverse("meetings:list", args=[cast.process.pk]))
    assert "Aucune réunion dans le calendrier pour l’instant." in listing.content.decode()


def test_timeline_stops_after_sixty_months(gov):
    Meeting.objects.create(
        process=gov.process, kind=MeetingKind.FOLLOW_UP, title="Suivi lointain",
        starts_at=paris("2036-01-10", 14),
    )  # fmt: skip
    timeline = build_timeline(gov.process, "Sans phase")
    assert len(timeline.months) == 60 and timeline.truncated


def test_a_committee_meeting_invites_the_members_of_its_body(client_as, gov):
    from essor.core.models import AuditEntry

    response = client_as("facilitator").post(
        reverse("meetings:create", args=[gov.process.pk]), _data(gov, title="COPIL n°2")
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="COPIL n°2")
    assert [(a.person, a.status) for a in meeting.attendances.all()] == [(gov.alice, "expected")]
    entry = AuditEntry.objects.get(verb="meeting.created")
    assert entry.target == meeting and entry.data["invited"] == 1


def test_deleting_a_meeting_keeps_its_decisions(client_as, gov):
    from essor.core.models import AuditEntry

    url = reverse("meetings:delete", args=[gov.process.pk, gov.meeting.pk])
    assert client_as("facilitator").post(url).status_code == 302
    gov.decision.refresh_from_db()
    assert gov.decision.meeting is None
    assert AuditEntry.objects.get(verb="meeting.deleted").data["title"] == "COPIL n°1"
