"""Creating, editing (with the questions formset), listing and deleting workshops."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from essor.contributions.services import add_contribution
from essor.core.models import AuditEntry
from essor.core.tests.french import plain
from essor.meetings.models import Meeting, MeetingKind
from essor.participation.models import Participant
from essor.workshops.models import Workshop
from essor.workshops.services import create_workshop
from essor.workshops.tests.data import PARIS
from essor.workshops.tests.test_permissions import _edit_data


def test_create_from_template_and_calendar_entry(client_as, ws):
    client = client_as("facilitator")
    url = reverse("workshops:create", args=[ws.process.pk])
    form = client.get(url).content.decode()
    assert "Atelier services" in form and "Atelier acteurs du 2 juillet — 2 juillet 2026" in form
    data = {
        "title": "  Atelier services n°1 ",
        "template": ws.template.pk,
        "meeting": ws.meeting.pk,
    }
    response = client.post(url, data)
    workshop = Workshop.objects.get(title="Atelier services n°1")
    assert response["Location"] == reverse("workshops:detail", args=[ws.process.pk, workshop.pk])
    assert [q.text for q in workshop.questions.all()] == ws.template.questions
    assert workshop.objectives == "Faire l'état des actions."
    assert workshop.meeting == ws.meeting and workshop.template == ws.template
    assert workshop.date == dt.date(2026, 7, 2)  # taken from the calendar entry
    assert AuditEntry.objects.filter(verb="workshop.created", target_id=str(workshop.pk)).exists()
    # A calendar entry links to one workshop only.
    assert "Atelier acteurs du 2 juillet" not in client.get(url).content.decode()


def test_create_offers_only_free_workshop_meetings_of_the_process(client_as, ws):
    Meeting.objects.create(
        process=ws.process, kind=MeetingKind.BODY_MEETING, title="COPIL n°1",
        starts_at=dt.datetime(2026, 1, 15, 14, tzinfo=PARIS),
    )  # fmt: skip
    client = client_as("facilitator")
    url = reverse("workshops:create", args=[ws.process.pk])
    assert "COPIL n°1" not in client.get(url).content.decode()
    copil = Meeting.objects.get(title="COPIL n°1")
    response = client.post(url, {"title": "Atelier", "meeting": copil.pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Workshop.objects.filter(title="Atelier").exists()


@pytest.mark.parametrize("data", [{"title": ""}, {"title": "   "}, {"title": "x" * 300}])
def test_create_refuses_bad_titles(client_as, ws, data):
    response = client_as("facilitator").post(
        reverse("workshops:create", args=[ws.process.pk]), data
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert Workshop.objects.count() == 1


def test_create_with_bad_date_is_refused(client_as, ws):
    url = reverse("workshops:create", args=[ws.process.pk])
    response = client_as("facilitator").post(url, {"title": "Atelier", "date": "31/02/2026"})
    assert "Saisissez une date valide" in response.content.decode()


def test_list_shows_counts_and_vote_status(client_as, ws):
    add_contribution(process=ws.process, workshop=ws.workshop, text="Une")
    withdrawn = add_contribution(process=ws.process, workshop=ws.workshop, text="Retirée")
    withdrawn.is_withdrawn = True
    withdrawn.save()
    Participant.objects.create(workshop=ws.workshop)
    Participant.objects.create(workshop=ws.workshop)
    html = client_as("contributor").get(reverse("workshops:list", args=[ws.process.pk]))
    html = html.content.decode()
    assert "4 juin 2026" in html and "Pas commencé" in html
    assert '<td class="number">1</td>' in html and '<td class="number">2</td>' in html
    assert "Créer un atelier" not in html


def test_detail_shows_join_code_and_qr_code(client_as, ws, settings):
    settings.SITE_URL = "https://essor.example.org"
    url = reverse("workshops:detail", args=[ws.process.pk, ws.workshop.pk])
    html = client_as("facilitator").get(url).content.decode()
    join = f"https://essor.example.org/participer/{ws.workshop.join_code}/"
    assert f'<a href="{join}">{join}</a>' in html
    assert (
        '<svg role="img"' in html
        and f"<title>Code QR pour rejoindre l’atelier : {join}" in plain(html)
    )
    assert "style=" not in html  # strict CSP: no inline style


def test_edit_questions_add_remove_reorder(client_as, ws):
    data = _edit_data(ws)
    data.update({
        "questions-TOTAL_FORMS": "3",
        "questions-0-order": "2", "questions-1-order": "1",  # swap
        "questions-1-text": "Quelles coopérations entre acteurs ?",
        "questions-2-order": "", "questions-2-text": "Quels lieux ?",
    })  # fmt: skip
    url = reverse("workshops:edit", args=[ws.process.pk, ws.workshop.pk])
    client = client_as("facilitator")
    assert client.post(url, data).status_code == 302
    assert [(q.order, q.text) for q in ws.workshop.questions.all()] == [
        (1, "Quelles coopérations entre acteurs ?"), (2, "Quels besoins des structures ?"),
        (3, "Quels lieux ?"),
    ]  # fmt: skip
    ws.workshop.refresh_from_db()
    assert ws.workshop.title == "Atelier renommé" and ws.workshop.dots_per_participant == 5

    data = _edit_data(ws)
    q1, q2, q3 = ws.workshop.questions.all()
    data.update({
        "questions-TOTAL_FORMS": "3", "questions-INITIAL_FORMS": "3",
        "questions-0-id": q1.pk, "questions-0-text": q1.text, "questions-0-order": 1,
        "questions-1-id": q2.pk, "questions-1-text": q2.text, "questions-1-order": 2,
        "questions-2-id": q3.pk, "questions-2-text": q3.text, "questions-2-order": 3,
        "questions-2-workshop": ws.workshop.pk, "questions-0-DELETE": "on",
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert [q.text for q in ws.workshop.questions.all()] == [q2.text, q3.text]
    assert [q.order for q in ws.workshop.questions.all()] == [1, 2]


def test_removing_a_question_with_contributions_is_refused(client_as, ws):
    add_contribution(process=ws.process, workshop=ws.workshop, text="Idée", question=ws.q1)
    data = _edit_data(ws)
    data["questions-0-DELETE"] = "on"
    url = reverse("workshops:edit", args=[ws.process.pk, ws.workshop.pk])
    response = client_as("facilitator").post(url, data)
    assert response.status_code == 200
    assert "La question « Quels besoins des structures ? » a des contributions" in plain(response)
    assert ws.workshop.questions.count() == 2
    ws.workshop.refresh_from_db()
    assert ws.workshop.title == "Atelier acteurs"  # nothing half-saved


@pytest.mark.parametrize("dots", ["0", "21", "-1", "beaucoup"])
def test_dots_must_be_between_1_and_20(client_as, ws, dots):
    data = _edit_data(ws)
    data["dots_per_participant"] = dots
    url = reverse("workshops:edit", args=[ws.process.pk, ws.workshop.pk])
    response = client_as("facilitator").post(url, data)
    assert response.status_code == 200
    assert 'id="id_dots_per_participant_error"' in response.content.decode()
    ws.workshop.refresh_from_db()
    assert ws.workshop.dots_per_participant == 3


def test_vote_rules_are_locked_once_the_vote_has_started(client_as, ws):
    ws.workshop.vote_status = "open"
    ws.workshop.save()
    data = _edit_data(ws)
    data.update(vote_mode="scale", dots_per_participant="7")
    url = reverse("workshops:edit", args=[ws.process.pk, ws.workshop.pk])
    response = client_as("facilitator").post(url, data)
    html = response.content.decode()
    assert plain(html).count("Le vote a commencé : ce réglage ne peut plus changer.") == 2
    data.update(vote_mode="dots", dots_per_participant="3", title="Titre changé")
    assert client_as("facilitator").post(url, data).status_code == 302


def test_delete_is_refused_when_the_workshop_has_contributions(client_as, ws):
    add_contribution(process=ws.process, workshop=ws.workshop, text="Idée")
    url = reverse("workshops:delete", args=[ws.process.pk, ws.workshop.pk])
    client = client_as("facilitator")
    assert "Cet atelier a 1 contribution" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "il ne peut pas être supprimé" in response.content.decode()
    assert Workshop.objects.filter(pk=ws.workshop.pk).exists()


def test_delete_keeps_the_calendar_entry(client_as, ws):
    workshop = create_workshop(process=ws.process, title="Doublon", meeting=ws.meeting)
    url = reverse("workshops:delete", args=[ws.process.pk, workshop.pk])
    response = client_as("facilitator").post(url)
    assert response["Location"] == reverse("workshops:list", args=[ws.process.pk])
    assert not Workshop.objects.filter(pk=workshop.pk).exists()
    assert Meeting.objects.filter(pk=ws.meeting.pk).exists()
    assert AuditEntry.objects.filter(verb="workshop.deleted").exists()


def test_command_creates_a_workshop_and_prints_its_id(ws, capsys):
    call_command(
        "create_workshop", "--process", str(ws.process.pk), "--title", "Atelier élus",
        "--date", "2026-09-10", "--question", "Quels leviers ?", "--question", "Quels freins ?",
    )  # fmt: skip
    out = capsys.readouterr().out.strip()
    workshop = Workshop.objects.get(pk=int(out))
    assert workshop.title == "Atelier élus" and workshop.date == dt.date(2026, 9, 10)
    assert [q.text for q in workshop.questions.all()] == ["Quels leviers ?", "Quels freins ?"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--process", "999999", "--title", "A"], "Aucune démarche n’a l’identifiant « 999999 »."),
        (["--process", "abc", "--title", "A"], "Aucune démarche n’a l’identifiant « abc »."),
        (["--title", "   "], "Le titre de l’atelier est vide."),
        (["--title", "x" * 251], "Le titre compte 251 caractères ; la limite est de 250."),
        (["--title", "A", "--date", "2026-02-30"], "La date « 2026-02-30 » n’est pas valide"),
        (["--title", "A", "--date", "10/09/2026"], "La date « 10/09/2026 » n’est pas valide"),
        (["--title", "A", "--question", "Ok ?", "--question", " "], "La question 2 est vide."),
    ],
)
def test_command_refuses_bad_input_in_french(ws, args, message):
    if "--process" not in args:
        args = ["--process", str(ws.process.pk), *args]
    with pytest.raises(CommandError) as error:
        call_command("create_workshop", *args)
    assert message in plain(str(error.value))
    assert Workshop.objects.count() == 1
