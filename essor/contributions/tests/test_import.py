"""The import service and the two-step web import (paste or upload, review, confirm)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essor.contributions import tasks
from essor.contributions.models import Contribution, ContributionSource
from essor.contributions.notes import parse_text
from essor.contributions.services import NoteItem, import_parsed_notes, items_from_notes
from essor.contributions.tests.conftest import docx_bytes
from essor.core.models import AuditEntry
from essor.core.tests.french import plain
from essor.jobs.models import Job

PASTED = """# quels BESOINS sur le territoire
- b: Un local partagé
- Frein : le coût du foncier
# Qui mobiliser ?
- les bailleurs sociaux
"""


def test_items_match_headings_to_questions_by_folded_text(board):
    items = items_from_notes(board.workshop, parse_text(PASTED))
    assert [(i.text, i.kind, i.question, i.new_question) for i in items] == [
        ("Un local partagé", "need", board.needs, ""),
        ("le coût du foncier", "obstacle", board.needs, ""),
        ("les bailleurs sociaux", "idea", None, "Qui mobiliser ?"),
    ]


def test_import_creates_new_questions_then_contributions(board, cast):
    created = import_parsed_notes(
        board.workshop, items_from_notes(board.workshop, parse_text(PASTED)), cast.facilitator
    )
    assert len(created) == 3
    new_question = board.workshop.questions.get(text="Qui mobiliser ?")
    assert new_question.order == 3
    assert created[2].question == new_question
    assert {c.source for c in created} == {ContributionSource.NOTES}
    assert {c.created_by for c in created} == {cast.facilitator}
    assert AuditEntry.objects.filter(verb="contributions.notes_imported").count() == 1


def test_import_is_all_or_nothing(board, cast):
    before = Contribution.objects.count()
    items = [
        NoteItem(line=1, text="Une bonne idée", new_question="Question créée puis annulée"),
        NoteItem(line=7, text="   "),
    ]
    with pytest.raises(ValidationError) as error:
        import_parsed_notes(board.workshop, items, cast.facilitator)
    assert error.value.messages == ["Ligne 7\u00a0: La contribution est vide."]
    assert Contribution.objects.count() == before
    assert not board.workshop.questions.filter(text="Question créée puis annulée").exists()


def test_import_refuses_a_question_of_another_workshop(board, cast):
    from essor.workshops.services import create_workshop

    other = create_workshop(process=cast.process, title="Autre", questions=["Ailleurs ?"])
    items = [NoteItem(line=3, text="Texte", question=other.questions.get())]
    with pytest.raises(ValidationError):
        import_parsed_notes(board.workshop, items, cast.facilitator)
    assert not board.workshop.contributions.filter(text="Texte").exists()


def _start(client, board, **data):
    url = reverse("contributions:import_notes", args=[board.process.pk])
    return client.post(url, {"workshop": board.workshop.pk, **data})


def _review_url(board):
    return reverse("contributions:import_review", args=[board.process.pk])


def _review_data(response) -> dict:
    """The review formset as the browser would post it back unchanged."""
    formset = response.context["formset"]
    data = {f"ideas-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if name == "skip":
                if value:
                    data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = "" if value is None else value
    return data


def test_paste_review_correct_skip_and_confirm(client_as, board, run_jobs):
    client = client_as("facilitator")
    response = _start(client, board, text=PASTED)
    assert response.status_code == 302 and response["Location"] == _review_url(board)
    review = client.get(_review_url(board))
    assert review.status_code == 200
    html = review.content.decode()
    assert "Nouvelle question\u00a0: Qui mobiliser ?" in html
    data = _review_data(review)
    assert data["ideas-0-question"] == f"q:{board.needs.pk}"
    assert data["ideas-2-question"] == "new:1"
    data["ideas-1-kind"] = "weakness"  # corrected
    data["ideas-0-skip"] = "on"  # skipped
    data["ideas-2-theme"] = "Logement"
    before = Contribution.objects.count()
    response = run_jobs(client.post, _review_url(board), data)
    job = Job.objects.get(kind=tasks.KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert (job.done, job.total) == (2, 2)  # the bar followed the lines one by one
    assert job.result_url.endswith(f"?workshop={board.workshop.pk}")
    assert plain(job.outcome) == "2 contributions importées dans « Atelier diagnostic »."
    created = Contribution.objects.order_by("-pk")[:2]
    assert Contribution.objects.count() == before + 2
    assert [(c.text, c.kind, c.theme) for c in reversed(created)] == [
        ("le coût du foncier", "weakness", ""),
        ("les bailleurs sociaux", "idea", "Logement"),
    ]
    assert created[0].question.text == "Qui mobiliser ?"
    # The notes left the session: a second confirmation imports nothing more.
    again = run_jobs(client.post, _review_url(board), data)
    assert again.status_code == 302 and Contribution.objects.count() == before + 2
    assert Job.objects.count() == 1


def test_review_shows_line_errors_and_saves_nothing_until_fixed(client_as, board, run_jobs):
    client = client_as("facilitator")
    _start(client, board, text="Une idée\n" + "x" * 10_000)
    review = client.get(_review_url(board))
    assert "La ligne 2 compte 10000 caractères" in review.content.decode()
    data = _review_data(review)
    before = Contribution.objects.count()
    response = client.post(_review_url(board), data)
    assert response.status_code == 200
    assert "la limite est de 2000" in response.content.decode()
    assert Contribution.objects.count() == before
    data["ideas-1-text"] = "Idée raccourcie"
    assert run_jobs(client.post, _review_url(board), data).status_code == 302
    assert Contribution.objects.count() == before + 2


def test_skipping_every_line_imports_nothing(client_as, board):
    client = client_as("facilitator")
    _start(client, board, text="Une seule idée")
    data = _review_data(client.get(_review_url(board)))
    data["ideas-0-skip"] = "on"
    response = client.post(_review_url(board), data)
    assert response.status_code == 200
    assert "il n’y a rien à importer" in response.content.decode()


def test_upload_docx_then_review(client_as, board, run_jobs):
    client = client_as("facilitator")
    upload = SimpleUploadedFile(
        "atelier.docx", docx_bytes([("heading", "Quelles pistes d'action ?"), ("bullet", "l: x")])
    )
    assert _start(client, board, file=upload).status_code == 302
    data = _review_data(client.get(_review_url(board)))
    assert data["ideas-0-question"] == f"q:{board.ideas.pk}"
    run_jobs(client.post, _review_url(board), data)
    assert board.ideas.contributions.filter(text="x", kind="lever").exists()


def test_a_question_deleted_while_the_work_waits_fails_in_french(
    client_as, board, django_capture_on_commit_callbacks
):
    client = client_as("facilitator")
    _start(client, board, text=PASTED)
    data = _review_data(client.get(_review_url(board)))
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(_review_url(board), data)
    board.needs.delete()
    before = Contribution.objects.count()
    questions = board.workshop.questions.count()
    for callback in callbacks:
        callback()
    job = Job.objects.get(kind=tasks.KIND)
    job.refresh_from_db()
    assert job.status == "failed"
    assert plain(job.outcome).startswith("Ligne 2 : cette question n’existe plus")
    assert job.result_url == reverse("contributions:import_notes", args=[board.process.pk])
    assert Contribution.objects.count() == before  # nothing half-written
    assert board.workshop.questions.count() == questions  # no new question either


@pytest.mark.parametrize(
    "data,message",
    [
        ({"text": ""}, "Collez les notes ou choisissez un fichier"),
        ({"text": "  \n "}, "Collez les notes ou choisissez un fichier"),
        (
            {"file": SimpleUploadedFile("faux.docx", b"pas un docx")},
            "Le fichier « faux.docx » n’est pas un document Word",
        ),
        (
            {"text": "x", "file": SimpleUploadedFile("a.txt", b"y")},
            "Collez les notes ou envoyez un fichier, pas les deux.",
        ),
    ],
)
def test_bad_import_input_is_a_french_message(client_as, board, data, message):
    response = _start(client_as("facilitator"), board, **data)
    assert response.status_code == 200
    assert message in plain(response)


def test_workshop_of_another_process_is_refused(client_as, board):
    from essor.processes.models import Process
    from essor.workshops.services import create_workshop

    other = create_workshop(
        process=Process.objects.create(workspace=board.process.workspace, title="Autre"),
        title="Ailleurs",
    )
    url = reverse("contributions:import_notes", args=[board.process.pk])
    response = client_as("facilitator").post(url, {"workshop": other.pk, "text": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_review_without_notes_goes_back_to_the_first_step(client_as, board):
    response = client_as("facilitator").get(_review_url(board))
    assert response.status_code == 302
    assert response["Location"] == reverse("contributions:import_notes", args=[board.process.pk])


def test_cancel_forgets_the_notes(client_as, board):
    client = client_as("facilitator")
    _start(client, board, text="Une idée")
    response = client.post(_review_url(board), {"cancel": "1"})
    assert response.status_code == 302
    assert client.get(_review_url(board)).status_code == 302


def test_forged_formset_size_is_refused(client_as, board):
    client = client_as("facilitator")
    _start(client, board, text="Une idée")
    data = _review_data(client.get(_review_url(board)))
    data["ideas-TOTAL_FORMS"] = "5"
    before = Contribution.objects.count()
    assert client.post(_review_url(board), data).status_code == 302
    assert Contribution.objects.count() == before


def test_script_payload_in_notes_is_escaped_on_review(client_as, board):
    client = client_as("facilitator")
    _start(client, board, text="# <script>alert(1)</script>\n<img src=x onerror=alert(2)>")
    html = client.get(_review_url(board)).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
