"""Decisions of the bodies: every view for every role, the service and the form."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from essor.bodies.models import Body, BodyKind
from essor.bodies.tests.data import paris
from essor.core.models import AuditEntry
from essor.core.tests.matrix import matrix, request_as
from essor.decisions.forms import DecisionForm
from essor.decisions.models import Decision, Outcome
from essor.decisions.services import record_decision
from essor.meetings.models import Meeting, MeetingKind
from essor.processes.models import Phase, Process


def _url(name, gov):
    pid, did = gov.process.pk, gov.decision.pk
    return {
        "list": reverse("decisions:list", args=[pid]),
        "create": reverse("decisions:create", args=[pid]),
        "edit": reverse("decisions:edit", args=[pid, did]),
        "delete": reverse("decisions:delete", args=[pid, did]),
    }[name]


def _form_data(gov, **changes):
    data = {
        "body": gov.copil.pk, "meeting": gov.meeting.pk, "decided_on": "2026-01-15",
        "outcome": Outcome.TO_REWORK, "summary": "Le calendrier est à revoir.",
        "subject_label": "Calendrier", "comment": "",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


VIEWS = [
    ("list", "get", "internal", 200),
    ("create", "get", "manage", 200),
    ("create", "post", "manage", 302),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("delete", "get", "manage", 200),
    ("delete", "post", "manage", 302),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_decisions_permission_matrix(client_as, gov, name, method, role, published, expected):
    gov.process.is_published = published
    gov.process.save()
    client = client_as(role)
    url = _url(name, gov)
    data = _form_data(gov, summary="Décision du test") if name in ("create", "edit") else {}
    request_as(client, method, url, data, role, expected)
    done = method == "post" and expected == 302 and role != "anonymous"
    assert Decision.objects.filter(summary="Décision du test").exists() is (
        done and name in ("create", "edit")
    )
    assert Decision.objects.filter(pk=gov.decision.pk).exists() is not (done and name == "delete")


@pytest.mark.parametrize("role", ["outsider", "other_workspace", "anonymous"])
def test_published_process_does_not_show_decisions_to_outsiders(client_as, gov, role):
    gov.process.is_published = True
    gov.process.save()
    client = client_as(role)
    for url in (
        reverse("meetings:detail", args=[gov.process.pk, gov.meeting.pk]),
        reverse("meetings:list", args=[gov.process.pk]),
        reverse("bodies:detail", args=[gov.process.pk, gov.copil.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Proposition d&#x27;intervention validée" not in html
        assert _url("list", gov) not in html


def test_decision_of_another_process_is_404(client_as, gov):
    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    for name in ("edit", "delete"):
        url = reverse(f"decisions:{name}", args=[other.pk, gov.decision.pk])
        assert client_as("admin").get(url).status_code == 404


def test_record_decision_writes_the_decision_and_an_audit_entry(cast, gov):
    phase = Phase.objects.get(pk=gov.phase1.pk)  # any saved object may be the subject
    decision = record_decision(
        body=gov.copil, decided_on=dt.date(2026, 1, 15), summary="  Phase validée  ",
        outcome=Outcome.VALIDATED, subject=phase, meeting=gov.meeting,
        comment="À l’unanimité", recorded_by=cast.facilitator,
    )  # fmt: skip
    decision.refresh_from_db()
    assert decision.summary == "Phase validée"
    assert decision.subject == phase
    assert decision.subject_label == "Dynamique interne"
    assert decision.recorded_by == cast.facilitator
    assert list(Decision.objects.about(phase)) == [decision]
    entry = AuditEntry.objects.get(verb="decision.recorded")
    assert entry.actor == cast.facilitator
    assert entry.target == decision
    assert entry.data["process"] == gov.process.pk
    assert entry.data["body"] == gov.copil.pk
    assert entry.data["outcome"] == "validated"
    assert entry.data["subject"].endswith(f":{phase.pk}")


def test_record_decision_without_subject_nor_actor(gov):
    decision = record_decision(
        body=gov.copil, decided_on=dt.date(2026, 2, 1), summary="Pris acte du diagnostic",
        outcome=Outcome.NOTED, subject_label="Diagnostic",
    )  # fmt: skip
    assert decision.subject is None and decision.recorded_by is None
    assert decision.subject_label == "Diagnostic"
    assert AuditEntry.objects.get(verb="decision.recorded").actor is None


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"outcome": "adopté"}, "outcome"),
        ({"summary": "   "}, "summary"),
    ],
)
def test_record_decision_refuses_bad_values_and_writes_nothing(gov, changes, field):
    values = {
        "body": gov.copil, "decided_on": dt.date(2026, 2, 1), "summary": "Validé",
        "outcome": Outcome.VALIDATED, **changes,
    }  # fmt: skip
    with pytest.raises(ValidationError) as error:
        record_decision(**values)
    assert field in error.value.message_dict
    assert Decision.objects.count() == 1
    assert not AuditEntry.objects.filter(verb="decision.recorded").exists()


def _other_body_meeting(gov):
    cotech = Body.objects.create(process=gov.process, kind=BodyKind.TECHNICAL, name="COTECH")
    return Meeting.objects.create(
        process=gov.process, body=cotech, kind=MeetingKind.BODY_MEETING, title="COTECH n°1",
        starts_at=paris("2026-02-03", 9),
    )  # fmt: skip


def test_record_decision_refuses_a_meeting_of_another_body_or_process(gov):
    with pytest.raises(ValidationError) as error:
        record_decision(
            body=gov.copil, decided_on=dt.date(2026, 2, 3), summary="x",
            outcome=Outcome.NOTED, meeting=_other_body_meeting(gov),
        )  # fmt: skip
    assert error.value.message_dict == {
        "meeting": ["Cette réunion est une réunion d’une autre instance."]
    }
    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    elsewhere = Meeting.objects.create(
        process=other, kind=MeetingKind.WORKSHOP, title="Ailleurs", starts_at=paris("2026-02-03", 9)
    )
    with pytest.raises(ValidationError) as error:
        record_decision(
            body=gov.copil, decided_on=dt.date(2026, 2, 3), summary="x",
            outcome=Outcome.NOTED, meeting=elsewhere,
        )  # fmt: skip
    assert error.value.message_dict == {
        "meeting": ["Cette réunion appartient à une autre démarche."]
    }
    assert Decision.objects.count() == 1


def _form_errors(gov, **changes):
    form = DecisionForm(_form_data(gov, **changes), process=gov.process)
    assert not form.is_valid()
    return form.errors


INVALID_CHOICE = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."


def test_form_accepts_a_decision_at_a_meeting_without_body(gov):
    form = DecisionForm(_form_data(gov, meeting=gov.workshop.pk), process=gov.process)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"decided_on": "2026-02-30"}, "decided_on", "Saisissez une date valide."),
        ({"decided_on": "15/01/2026x"}, "decided_on", "Saisissez une date valide."),
        ({"decided_on": ""}, "decided_on", "Ce champ est obligatoire."),
        ({"summary": ""}, "summary", "Ce champ est obligatoire."),
        ({"outcome": "adopté"}, "outcome",
         "Sélectionnez un choix valide. adopté n’en fait pas partie."),
        ({"body": ""}, "body", "Ce champ est obligatoire."),
        ({"meeting": "999999"}, "meeting", INVALID_CHOICE),
    ],
)  # fmt: skip
def test_form_gives_french_messages_at_the_field(gov, changes, field, message):
    assert _form_errors(gov, **changes)[field] == [message]


def test_form_refuses_a_future_date_but_accepts_today(gov):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    errors = _form_errors(gov, decided_on=tomorrow.isoformat(), meeting=None)
    assert errors["decided_on"] == ["Une décision ne peut pas être datée dans le futur."]
    form = DecisionForm(
        _form_data(gov, decided_on=timezone.localdate().isoformat(), meeting=None),
        process=gov.process,
    )
    assert form.is_valid(), form.errors


def test_form_refuses_a_meeting_of_another_body_at_the_field(gov):
    errors = _form_errors(gov, meeting=_other_body_meeting(gov).pk)
    assert errors["meeting"] == ["Cette réunion est une réunion d’une autre instance."]


def test_form_refuses_a_body_or_meeting_of_another_process(gov):
    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    body = Body.objects.create(process=other, kind=BodyKind.STEERING, name="COPIL ailleurs")
    meeting = Meeting.objects.create(
        process=other, kind=MeetingKind.WORKSHOP, title="Ailleurs", starts_at=paris("2026-02-03", 9)
    )
    errors = _form_errors(gov, body=body.pk, meeting=meeting.pk)
    assert errors["body"] == [INVALID_CHOICE]
    assert errors["meeting"] == [INVALID_CHOICE]


def test_bad_post_shows_the_message_at_the_field_and_writes_nothing(client_as, gov):
    response = client_as("facilitator").post(
        _url("create", gov), _form_data(gov, meeting=_other_body_meeting(gov).pk, summary="Nope")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'id="id_meeting_error"><li>Cette réunion est une réunion d’une autre instance.</li>' in html
    )
    assert not Decision.objects.filter(summary="Nope").exists()
    garbage = {"body": "x", "meeting": "-1", "decided_on": "hier", "outcome": "?", "summary": ""}
    assert client_as("facilitator").post(_url("create", gov), garbage).status_code == 200
    assert client_as("facilitator").post(_url("edit", gov), garbage).status_code == 200
    gov.decision.refresh_from_db()
    assert gov.decision.summary == "Proposition d'intervention validée"


def test_create_from_a_meeting_prefills_and_returns_to_the_meeting(client_as, gov):
    client = client_as("facilitator")
    url = _url("create", gov) + f"?meeting={gov.meeting.pk}"
    html = client.get(url).content.decode()
    assert f'<option value="{gov.meeting.pk}" selected>' in html
    assert f'<option value="{gov.copil.pk}" selected>' in html
    assert 'value="2026-01-15"' in html
    response = client.post(url, _form_data(gov, summary="Calendrier à revoir"))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[gov.process.pk, gov.meeting.pk])
    decision = Decision.objects.get(summary="Calendrier à revoir")
    assert decision.recorded_by.email == "animatrice@example.org"
    assert AuditEntry.objects.filter(verb="decision.recorded", target_id=str(decision.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Calendrier à revoir" in page


def test_edit_and_delete_write_audit_entries(client_as, gov):
    client = client_as("facilitator")
    assert client.post(_url("edit", gov), _form_data(gov)).status_code == 302
    gov.decision.refresh_from_db()
    assert gov.decision.outcome == Outcome.TO_REWORK
    assert client.post(_url("delete", gov)).status_code == 302
    assert not Decision.objects.filter(pk=gov.decision.pk).exists()
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"decision.updated", "decision.deleted"} <= verbs


def test_decisions_are_listed_per_body(client_as, gov):
    cotech_meeting = _other_body_meeting(gov)
    record_decision(
        body=cotech_meeting.body, meeting=cotech_meeting, decided_on=dt.date(2026, 2, 3),
        summary="Scénario B retenu", outcome=Outcome.VALIDATED,
    )  # fmt: skip
    client = client_as("committee_member")
    html = client.get(_url("list", gov)).content.decode()
    assert "Proposition d&#x27;intervention validée" in html
    assert "Scénario B retenu" in html
    assert "<caption" in html and '<th scope="col">' in html
    only_copil = client.get(_url("list", gov), {"instance": gov.copil.pk}).content.decode()
    assert "Proposition d&#x27;intervention validée" in only_copil
    assert "Scénario B retenu" not in only_copil
    only_cotech = client.get(
        _url("list", gov), {"instance": cotech_meeting.body.pk, "issue": "validated"}
    ).content.decode()
    assert "Scénario B retenu" in only_cotech
    assert "Proposition d&#x27;intervention validée" not in only_cotech
    rejected = client.get(_url("list", gov), {"issue": "rejected"}).content.decode()
    assert "Aucune décision enregistrée pour l’instant." in rejected
    # Garbage filters are ignored, never a server error.
    assert client.get(_url("list", gov), {"instance": "abc", "issue": "x"}).status_code == 200
    # Each body's page lists its own decisions (bodies app).
    body_page = client.get(
        reverse("bodies:detail", args=[gov.process.pk, cotech_meeting.body.pk])
    ).content.decode()
    assert "Scénario B retenu" in body_page
    assert "Proposition d&#x27;intervention validée" not in body_page


def test_members_see_decisions_but_no_management_links(client_as, gov):
    html = client_as("contributor").get(_url("list", gov)).content.decode()
    assert "Proposition d&#x27;intervention validée" in html
    assert _url("edit", gov) not in html
    assert _url("create", gov) not in html
    facilitator = client_as("facilitator").get(_url("list", gov)).content.decode()
    assert _url("edit", gov) in facilitator and _url("create", gov) in facilitator


def test_a_decision_is_not_recorded_at_a_meeting_still_to_come(client_as, gov):
    upcoming = Meeting.objects.create(
        process=gov.process, body=gov.copil, kind=MeetingKind.BODY_MEETING, title="COPIL n°2",
        starts_at=timezone.now() + dt.timedelta(days=7),
    )  # fmt: skip
    assert "COPIL n°2" not in client_as("facilitator").get(_url("create", gov)).content.decode()
    assert _form_errors(gov, meeting=upcoming.pk)["meeting"] == [INVALID_CHOICE]
    with pytest.raises(ValidationError) as error:
        record_decision(
            body=gov.copil, meeting=upcoming, decided_on=timezone.localdate(),
            summary="Trop tôt", outcome=Outcome.NOTED,
        )  # fmt: skip
    assert error.value.message_dict == {"meeting": ["Cette réunion n’a pas encore eu lieu."]}
    assert not Decision.objects.filter(summary="Trop tôt").exists()


def test_existing_decisions_are_linked_to_the_one_meeting_of_their_body_that_day(gov):
    """The data migration: an unambiguous meeting is linked, otherwise the link stays empty."""
    migration = importlib.import_module(
        "essor.decisions.migrations.0002_link_decisions_to_their_meeting"
    )
    gov.decision.meeting = None
    gov.decision.save()
    no_meeting = Decision.objects.create(
        body=gov.copil, decided_on=dt.date(2026, 1, 20), summary="Sans réunion",
        outcome=Outcome.NOTED,
    )  # fmt: skip
    for hour in (9, 14):  # two COPIL meetings that day: which one is unknown
        Meeting.objects.create(
            process=gov.process,
            body=gov.copil,
            kind=MeetingKind.BODY_MEETING,
            title=f"COPIL {hour} h",
            starts_at=paris("2026-02-10", hour),
        )
    ambiguous = Decision.objects.create(
        body=gov.copil, decided_on=dt.date(2026, 2, 10), summary="Deux réunions ce jour-là",
        outcome=Outcome.NOTED,
    )  # fmt: skip
    assert migration.link_to_meetings(Decision, Meeting) == 1
    gov.decision.refresh_from_db()
    assert gov.decision.meeting == gov.meeting  # the COPIL of 15 January, 14:00 in Paris
    for decision in (no_meeting, ambiguous):
        decision.refresh_from_db()
        assert decision.meeting is None
