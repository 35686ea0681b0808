"""The roadmap and the plan import as background work: started by the page, run by the
task worker (at once in tests), followed on the job's page, the file handed over there."""

import io
import zipfile

import pytest
from django.urls import reverse

from essor.core.models import PendingImport
from essor.core.tests.french import plain
from essor.jobs.models import Job, JobFile, JobStatus
from essor.plans import exports, tasks
from essor.plans.models import Plan

from .test_import import _csv


def _generate(client, setup, fmt, callbacks):
    url = reverse("plans:export", args=[setup.process.pk, setup.plan.pk, fmt])
    with callbacks(execute=True):
        response = client.post(url)
    job = Job.objects.get(kind=tasks.ROADMAP)
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    return job


@pytest.mark.parametrize("fmt", ["odt", "docx", "pdf"])
def test_the_roadmap_is_generated_in_the_background_then_downloaded(
    setup, client_as, django_capture_on_commit_callbacks, fmt
):
    client = client_as("facilitator")
    job = _generate(client, setup, fmt, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.percent == 100
    assert job.workspace_id == setup.process.workspace_id
    assert plain(job.outcome) == f"La feuille de route de « {setup.plan.name} » est prête."
    job_file = job.files.get()
    assert job_file.name.startswith("feuille-de-route-") and job_file.name.endswith(f".{fmt}")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    download = reverse("jobs:download", args=[job.pk, job_file.pk])
    assert download in page and f"Télécharger {job_file.name}" in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{job_file.name}"'
    assert "no-store" in response["Cache-Control"]
    data = response.content
    if fmt == "pdf":
        assert data.startswith(b"%PDF") and b"/Outlines" in data
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            body = archive.read("content.xml" if fmt == "odt" else "word/document.xml").decode()
        assert ("mimetype" in names) == (fmt == "odt")
        assert "Créer un club ESS" in body and "Gouvernance" in body


def test_a_roadmap_is_asked_by_post_only(setup, client_as):
    client = client_as("facilitator")
    url = reverse("plans:export", args=[setup.process.pk, setup.plan.pk, "pdf"])
    assert client.get(url).status_code == 405
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["admin", "facilitator", "committee_member", "contributor",
                                  "outsider", "other_workspace", "anonymous"])  # fmt: skip
def test_only_the_one_who_asked_and_platform_admins_download(
    setup, cast, client_as, django_capture_on_commit_callbacks, role
):
    job = _generate(client_as("facilitator"), setup, "odt", django_capture_on_commit_callbacks)
    job_file = job.files.get()
    response = client_as(role).get(reverse("jobs:download", args=[job.pk, job_file.pk]))
    if role in ("admin", "facilitator"):
        assert response.status_code == 200 and response.content.startswith(b"PK")
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    # A file of another job is not reachable through this one.
    other = Job.objects.create(kind=tasks.ROADMAP, owner=cast.facilitator)
    url = reverse("jobs:download", args=[other.pk, job_file.pk])
    assert client_as("facilitator").get(url).status_code == 404


def test_a_plan_deleted_while_waiting_fails_in_french(setup, client_as):
    job = Job.objects.create(kind=tasks.ROADMAP, owner=setup.plan.created_by)
    process_id, plan_id = setup.process.pk, setup.plan.pk
    Plan.objects.filter(pk=plan_id).delete()
    tasks.generate_roadmap.call(str(job.pk), process_id, plan_id, "pdf", "x.pdf")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.outcome.startswith("Ce n’est plus possible")
    assert not JobFile.objects.exists()


def _upload(client, setup, data: bytes, name="Importé"):
    upload = io.BytesIO(data)
    upload.name = "plan.csv"
    url = reverse("plans:import", args=[setup.process.pk])
    assert client.post(url, {"name": name, "file": upload}).status_code == 302


def test_the_confirmed_import_runs_as_background_work(
    setup, client_as, django_capture_on_commit_callbacks
):
    client = client_as("facilitator")
    _upload(client, setup, exports.csv_bytes(exports.action_rows(setup.plan)))
    preview = reverse("plans:import_preview", args=[setup.process.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview)
    job = Job.objects.get(kind=tasks.IMPORT)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    plan = Plan.objects.get(name="Importé")
    assert job.status == JobStatus.SUCCEEDED and plan.actions.count() == 3
    assert (job.done, job.total) == (3, 3)  # the bar followed the actions one by one
    assert plain(job.outcome) == "Le plan a été importé : 3 actions."
    assert job.result_url == reverse("plans:detail", args=[setup.process.pk, plan.pk])
    assert not PendingImport.objects.exists()  # the upload is consumed with the import
    # The same work delivered again, or the preview sent again, imports nothing more.
    job.status = JobStatus.QUEUED
    job.save()
    tasks.import_plan_file.call(str(job.pk), setup.process.pk, "0" * 32, "Importé", False)
    assert client.post(preview).status_code == 302
    assert Plan.objects.filter(name="Importé").count() == 1


def test_an_import_failing_in_the_worker_writes_nothing_and_keeps_the_file(
    setup, cast, client_as, django_capture_on_commit_callbacks
):
    from essor.organisations.models import Organisation

    client = client_as("facilitator")
    _upload(client, setup, _csv("1. A;;Action;retenue;;;;;Recyclerie du Clain;;"), "Défaillant")
    preview = reverse("plans:import_preview", args=[setup.process.pk])
    assert "Importer le plan" in client.get(preview).content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(preview)
    # The pilot disappears from the directory while the work waits for the worker.
    Organisation.objects.filter(name="Recyclerie du Clain").delete()
    organisations = Organisation.objects.count()
    for callback in callbacks:
        callback()
    job = Job.objects.get(kind=tasks.IMPORT)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.outcome.startswith("Rien n’a été importé.")
    assert "Pilote ou partenaire inconnu : « Recyclerie du Clain »." in plain(job.outcome)
    assert job.result_url == preview
    assert not Plan.objects.filter(name="Défaillant").exists()
    assert Organisation.objects.count() == organisations
    assert PendingImport.objects.count() == 1  # still there: the user can put it right
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Revenir pour corriger" in page


def test_unknown_names_are_refused_at_the_preview_without_starting_work(setup, client_as):
    client = client_as("facilitator")
    _upload(client, setup, _csv("1. A;;Action;retenue;;;;;Inconnue SARL;;"))
    preview = reverse("plans:import_preview", args=[setup.process.pk])
    page = plain(client.post(preview))
    assert "Pilote ou partenaire inconnu : « Inconnue SARL »." in page
    assert not Job.objects.exists()
