"""The workspace's archives page: for its administrators only; export and import through
background work; a refused request changes nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essor.archive.export import export_process
from essor.core.models import PendingImport
from essor.jobs.models import Job, JobFile
from essor.processes.models import Process

pytestmark = pytest.mark.django_db

ROLES = [
    ("facilitator", 200),  # administrator of the workspace
    ("admin", 200),
    ("committee_member", 403),  # member of the workspace
    ("contributor", 403),
    ("other_workspace", 404),
    ("outsider", 404),
]


def _archive(process) -> bytes:
    buffer = io.BytesIO()
    export_process(process, buffer)
    return buffer.getvalue()


def _upload(body: bytes, name="demarche.zip"):
    return SimpleUploadedFile(name, body, content_type="application/zip")


@pytest.mark.parametrize("role, status", ROLES)
def test_the_archives_page_is_for_the_workspace_administrators(cast, client_as, role, status):
    url = reverse("archive:workspace", args=[cast.workspace.slug])
    response = client_as(role).get(url)
    assert response.status_code == status
    if status == 200:
        assert cast.process.title in response.content.decode()
    anonymous = client_as("anonymous").get(url)
    assert anonymous.status_code == 302 and "/comptes/" in anonymous["Location"]


@pytest.mark.parametrize("role, status", ROLES)
def test_exporting_makes_a_zip_to_download_and_only_for_administrators(
    cast, client_as, run_jobs, role, status
):
    client = client_as(role)
    url = reverse("archive:export", args=[cast.workspace.slug, cast.process.pk])
    assert client.get(url).status_code in (405, 403, 404)
    response = run_jobs(client.post, url)
    if status != 200:
        assert response.status_code == status
        assert not Job.objects.exists()
        return
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", job.outcome
    job_file = JobFile.objects.get(job=job)
    download = client.get(reverse("jobs:download", args=[job.pk, job_file.pk]))
    body = b"".join(download.streaming_content) if download.streaming else download.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "manifeste.json" in archive.namelist()
        assert "donnees/processes.process.json" in archive.namelist()


def test_a_process_of_another_workspace_cannot_be_exported_from_this_one(cast, client_as):
    url = reverse("archive:export", args=[cast.workspace.slug, cast.elsewhere_process.pk])
    assert client_as("facilitator").post(url).status_code == 404
    assert not Job.objects.exists()


def test_importing_checks_shows_and_then_creates_the_process(cast, client_as, run_jobs):
    client = client_as("facilitator")
    page = reverse("archive:workspace", args=[cast.workspace.slug])
    before = Process.objects.filter(workspace=cast.workspace).count()
    response = client.post(page, {"file": _upload(_archive(cast.process))})
    preview = reverse("archive:import_preview", args=[cast.workspace.slug])
    assert response.status_code == 302 and response["Location"] == preview
    shown = client.get(preview).content.decode()
    assert "Plan ESS du Grand Poitiers" in shown and "Importer la démarche" in shown
    assert Process.objects.filter(workspace=cast.workspace).count() == before  # nothing yet
    response = run_jobs(client.post, preview)
    job = Job.objects.get(kind="archive.import")
    assert job.status == "succeeded", job.outcome
    assert Process.objects.filter(workspace=cast.workspace).count() == before + 1
    copy = Process.objects.filter(workspace=cast.workspace).order_by("-pk").first()
    assert copy.title == cast.process.title and job.result_url.endswith(f"/{copy.pk}/")
    assert not PendingImport.objects.exists()  # the upload is consumed with the import
    assert client.get(preview)["Location"] == page  # nothing left to import


@pytest.mark.parametrize("role", ["committee_member", "other_workspace", "outsider"])
def test_a_refused_import_stores_and_creates_nothing(cast, client_as, role):
    client = client_as(role)
    page = reverse("archive:workspace", args=[cast.workspace.slug])
    before = Process.objects.count()
    response = client.post(page, {"file": _upload(_archive(cast.process))})
    assert response.status_code in (403, 404)
    preview = reverse("archive:import_preview", args=[cast.workspace.slug])
    assert client.post(preview).status_code in (403, 404)
    assert Process.objects.count() == before and not PendingImport.objects.exists()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "body, message",
    [
        (b"ceci n'est pas une archive", "n’est pas une archive ZIP"),
        (b"", "est vide"),
    ],
)
def test_a_bad_file_gets_a_french_message_at_the_field(cast, client_as, body, message):
    client = client_as("facilitator")
    page = reverse("archive:workspace", args=[cast.workspace.slug])
    response = client.post(page, {"file": _upload(body)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PendingImport.objects.exists()
