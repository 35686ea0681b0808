"""The follow-up XLSX download and the web import of progress, for every role."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import ROLES
from essor.core.models import PendingImport
from essor.followup.import_views import SESSION_KEY
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.progress_files import read_files, store_tables
from essor.jobs.models import Job, JobStatus

READERS = {"admin", "facilitator", "committee_member"}
RECORDERS = {"admin", "facilitator"}
CSV = (
    "Action;Année;Statut;Avancement (%);Point d'avancement;Dépenses de fonctionnement;"
    "Dépenses d'investissement\r\n"
    "Un tiers-lieu de l'ESS;2026;en cours;55;Travaux lancés;1 500;\r\n"
    "Former les élus;2026;non démarrée;;;;\r\n"
)
VALUES = "Action;Indicateur;Année;Valeur\r\nUn tiers-lieu de l'ESS;Emplois créés;2026;30\r\n"


def _url(followed, name):
    return reverse(f"followup:{name}", args=[followed.plan.process_id, followed.plan.pk])


def _refused_status(role):
    if role == "anonymous":
        return 302
    if role in ("outsider", "other_workspace"):
        return 404
    return 403


def _assert_refused(response, role):
    assert response.status_code == _refused_status(role)
    if role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_downloading_the_workbook(followed, client_as, role):
    response = client_as(role).get(_url(followed, "export_xlsx") + "?annee=2027")
    if role in READERS:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert 'filename="suivi-plan-adopte-2027.xlsx"' in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Saisie 2027", "Actions", "Indicateurs"]
    else:
        _assert_refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_uploading_a_progress_file(followed, client_as, role):
    client = client_as(role)
    response = client.post(
        _url(followed, "import"),
        {"file": SimpleUploadedFile("avancement.csv", CSV.encode()),
         "indicators": SimpleUploadedFile("valeurs.csv", VALUES.encode())},
    )  # fmt: skip
    if role in RECORDERS:
        assert response.status_code == 302
        assert response["Location"] == _url(followed, "import_preview")
        assert PendingImport.objects.count() == 1
        page = client.get(response["Location"])
        text = page.content.decode()
        assert "1 point d’avancement à enregistrer" in text.replace("\u202f", " ")
        assert "Travaux lancés" in text and "Emplois créés" in text
        assert "1 ligne inchangée laissée de côté" in text
    else:
        _assert_refused(response, role)
        assert not PendingImport.objects.exists()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_reading_the_upload_page(followed, client_as, role):
    response = client_as(role).get(_url(followed, "import"))
    if role in RECORDERS:
        assert response.status_code == 200
        assert "Importer l’avancement depuis un tableur" in response.content.decode()
    else:
        _assert_refused(response, role)


def _pending(client, followed, actions=CSV, values=VALUES):
    files = [("a.csv", io.BytesIO(actions.encode()))]
    if values:
        files.append(("v.csv", io.BytesIO(values.encode())))
    session = client.session
    session[SESSION_KEY] = {"token": store_tables(*read_files(files)), "plan": followed.plan.pk}
    session.save()


@pytest.mark.parametrize("role", ROLES)
def test_confirming_the_import(followed, client_as, role, django_capture_on_commit_callbacks):
    client = client_as(role)
    _pending(client, followed)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(followed, "import_preview"))
    if role in RECORDERS:
        assert response.status_code == 302
        job = Job.objects.get()
        assert response["Location"] == reverse("jobs:detail", args=[job.pk])
        assert job.status == JobStatus.SUCCEEDED
        assert (job.done, job.total) == (2, 2)  # one entry, one value: the bar went to the end
        assert job.result_url == _url(followed, "dashboard")
        report = ProgressReport.objects.get()
        assert (report.status, report.progress, report.year) == ("in_progress", 55, 2026)
        assert report.author is not None
        assert IndicatorValue.objects.get().indicator == followed.jobs
        assert not PendingImport.objects.exists()  # nothing left behind
    else:
        _assert_refused(response, role)
        assert not ProgressReport.objects.exists() and not IndicatorValue.objects.exists()
        assert PendingImport.objects.count() == 1


def test_a_file_with_errors_shows_them_and_writes_nothing(followed, client_as):
    client = client_as("facilitator")
    bad = CSV + "Une maison de l'ESS;2026;en cours;;;;\r\n"
    _pending(client, followed, bad, VALUES + "Un tiers-lieu de l'ESS;Emplois;2026;3\r\n")
    page = html.unescape(client.get(_url(followed, "import_preview")).content.decode())
    page = page.replace("\u00a0", " ")
    assert "Rien n’a été importé" in page
    assert "Ligne 4 : l’action « Une maison de l'ESS » n’est pas dans le plan." in page
    assert "Indicateurs, ligne 3 : l’action « Un tiers-lieu de l'ESS » n’a pas d’indicateur" in page
    assert "Enregistrer cet avancement" not in page
    response = client.post(_url(followed, "import_preview"))
    assert response.status_code == 200
    assert not ProgressReport.objects.exists() and not IndicatorValue.objects.exists()


def test_the_preview_without_a_file_goes_back_to_the_upload(followed, client_as):
    response = client_as("facilitator").get(_url(followed, "import_preview"))
    assert response["Location"] == _url(followed, "import")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"file": SimpleUploadedFile("notes.txt", b"x")}, "Choisissez un fichier .xlsx ou .csv."),
        ({"file": SimpleUploadedFile("a.csv", CSV.encode()),
          "indicators": SimpleUploadedFile("v.xlsx", b"PK")},
         "Les valeurs des indicateurs s’envoient dans un fichier .csv."),
        ({"file": SimpleUploadedFile("a.xlsx", b"not a workbook")},
         "Ce fichier n’est pas un classeur Excel (.xlsx) valide"),
        ({"file": SimpleUploadedFile("a.csv", b"Nom;Ville\r\nx;y\r\n")},
         "Aucune feuille d’avancement n’a été trouvée"),
        ({"file": SimpleUploadedFile("a.csv", CSV.encode()),
          "indicators": SimpleUploadedFile("b.csv", CSV.encode())},
         "Deux fichiers contiennent le même genre de lignes"),
    ],
)  # fmt: skip
def test_unreadable_uploads_are_refused_at_the_field(followed, client_as, files, message):
    response = client_as("facilitator").post(_url(followed, "import"), files)
    assert response.status_code == 200
    assert message in response.content.decode().replace("\u00a0", " ")
    assert not PendingImport.objects.exists()


def test_the_dashboard_links_to_both(followed, client_as):
    page = client_as("facilitator").get(_url(followed, "dashboard") + "?annee=2026")
    text = page.content.decode()
    assert _url(followed, "export_xlsx") + "?annee=2026" in text
    assert _url(followed, "import") in text
    page = client_as("committee_member").get(_url(followed, "dashboard"))
    text = page.content.decode()
    assert _url(followed, "export_xlsx") in text and _url(followed, "import") not in text


def test_an_upload_gone_before_the_work_runs_fails_it_and_writes_nothing(
    followed, client_as, django_capture_on_commit_callbacks
):
    """The worker reads the file where every server sees it; gone (cleaned up, another
    confirmation took it), the work says so in French and writes nothing."""
    client = client_as("facilitator")
    _pending(client, followed)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(followed, "import_preview"))
        PendingImport.objects.all().delete()  # before the worker runs
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert "Rien n’a été importé" in job.outcome
    assert job.result_url == _url(followed, "import")
    assert not ProgressReport.objects.exists() and not IndicatorValue.objects.exists()
    # Confirming again finds nothing in the session: back to the upload.
    assert client.post(_url(followed, "import_preview"))["Location"] == _url(followed, "import")
