"""The yearly report's page for every role, the background job it starts, and its file's
download (for the person who asked only, and platform admins)."""

import io
import zipfile

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.jobs.models import Job, JobFile, JobStatus

READERS = {"admin", "facilitator", "committee_member"}  # committee members may download it
FORM = {"year": "2025", "period": "year", "format": "odt"}


def _url(followed):
    return reverse("followup:report", args=[followed.plan.process_id, followed.plan.pk])


def _refused_status(role):
    if role == "anonymous":
        return 302  # to the login page
    if role in ("outsider", "other_workspace"):
        return 404  # the process does not show through
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_the_report_page(followed, client_as, role):
    response = client_as(role).get(_url(followed))
    if role in READERS:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Rapport annuel de suivi" in page and "Diaporama à projeter (PPTX)" in page
        assert "1. Coopérer" in page  # the axes to choose from
        assert (
            response["Cache-Control"].startswith("no-store")
            or "no-store" in response["Cache-Control"]
        )
    else:
        assert response.status_code == _refused_status(role)


def _generate(client, followed, capture, **changes):
    with capture(execute=True):
        return client.post(_url(followed), {**FORM, **changes})


@pytest.mark.parametrize("role", ROLES)
def test_generating_the_report(followed, client_as, cast, role, django_capture_on_commit_callbacks):
    response = _generate(client_as(role), followed, django_capture_on_commit_callbacks)
    if role not in READERS:
        assert response.status_code == _refused_status(role)
        assert not Job.objects.exists() and not JobFile.objects.exists()
        return
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.owner == cast.user(role) and job.status == JobStatus.SUCCEEDED
    stored = job.files.get()
    assert job.result_url == reverse("jobs:download", args=[job.pk, stored.pk])
    assert stored.name == f"rapport-de-suivi-plan-{followed.plan.pk}-2025.odt"
    assert "Le rapport est prêt" in job.outcome
    download = client_as(role).get(job.result_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert b"Chiffres cl" in archive.read("content.xml")


def test_the_mandate_and_the_axes_reach_the_document(
    followed, client_as, django_capture_on_commit_callbacks
):
    axis = followed.network.axis.parent
    _generate(client_as("facilitator"), followed, django_capture_on_commit_callbacks,
              period="mandate", axes=[axis.pk], format="pptx")  # fmt: skip
    stored = JobFile.objects.get()
    assert stored.name.endswith("mandat-2025.pptx")
    assert stored.content_type.endswith("presentationml.presentation")
    with zipfile.ZipFile(io.BytesIO(bytes(stored.data))) as archive:
        slides = b"".join(
            archive.read(n) for n in archive.namelist() if n.startswith("ppt/slides/")
        )
    assert b"Axes choisis" in slides and "Un réseau des recycleries".encode() in slides
    assert "Former les élus".encode() not in slides


def test_the_chosen_actions_only_reach_the_document(
    followed, client_as, django_capture_on_commit_callbacks
):
    _generate(client_as("facilitator"), followed, django_capture_on_commit_callbacks,
              actions=[followed.network.pk], format="odt")  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(bytes(JobFile.objects.get().data))) as archive:
        text = archive.read("content.xml").decode()
    assert "Un réseau des recycleries" in text and "Former les élus" not in text


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"year": "2031"}, "year"), ({"format": "xlsx"}, "format"), ({"axes": ["999999"]}, "axes"),
     ({"actions": ["999999"]}, "actions"), ({"actions": ["x"]}, "actions"),
     ({"period": "forever"}, "period")],
)  # fmt: skip
def test_bad_choices_are_refused_at_their_field(followed, client_as, changes, field,
                                                django_capture_on_commit_callbacks):  # fmt: skip
    response = _generate(client_as("facilitator"), followed, django_capture_on_commit_callbacks,
                         **changes)  # fmt: skip
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_its_owner_and_platform_admins_download_the_file(
    followed, client_as, role, django_capture_on_commit_callbacks
):
    _generate(client_as("committee_member"), followed, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    response = client_as(role).get(job.result_url)
    if role in ("committee_member", "admin"):
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    else:
        assert response.status_code == 404  # the facilitator of the process included


def test_a_file_of_another_job_is_not_found(followed, client_as,
                                            django_capture_on_commit_callbacks):  # fmt: skip
    client = client_as("facilitator")
    for _ in range(2):
        _generate(client, followed, django_capture_on_commit_callbacks)
    first, second = Job.objects.order_by("created_at")
    other_file = second.files.get()
    url = reverse("jobs:download", args=[first.pk, other_file.pk])
    assert client.get(url).status_code == 404


def test_a_plan_gone_meanwhile_fails_the_job_in_french(cast, django_capture_on_commit_callbacks):
    from essor.followup.report import tasks
    from essor.jobs import services

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(tasks.KIND, tasks.generate_report, owner=cast.facilitator,
                             args=(0, 2025, False, [], "pdf"))  # fmt: skip
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.files.exists()
    assert job.outcome == "Ce plan n’existe plus ou n’est plus validé."
