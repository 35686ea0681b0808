"""The platform's SIRENE register page: a platform admin imports the stock files dropped in
the inbox folder, as background work followed on its page."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.jobs.models import Job, JobStatus
from essor.observatory import register
from essor.observatory.tests.stock import write_stock

pytestmark = pytest.mark.django_db
URL = reverse("sirene:register")


@pytest.fixture
def inbox(tmp_path, settings, sirene_dir):
    settings.SIRENE_INBOX = tmp_path / "inbox"
    settings.SIRENE_INBOX.mkdir()
    write_stock(settings.SIRENE_INBOX)
    (settings.SIRENE_INBOX / "notes.txt").write_text("pas un stock", encoding="utf-8")
    return settings.SIRENE_INBOX


def _choice(ul="StockUniteLegale_utf8.csv", est="StockEtablissement_utf8.csv", bad="0"):
    return {"legal_units": ul, "establishments": est, "max_bad_lines": bad}


# The task is enqueued when the request's transaction commits: these tests commit.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_only_platform_admins_open_the_page_and_start_an_import(cast, client_as, inbox, role):
    client = client_as(role)
    response = client.get(URL)
    post = client.post(URL, _choice())
    if role == "admin":
        assert response.status_code == 200
        assert "StockEtablissement_utf8.csv" in response.content.decode()
        assert "notes.txt" not in response.content.decode()  # not a stock file
        assert post.status_code == 302
        job = Job.objects.get()
        assert post["Location"] == reverse("jobs:detail", args=[job.pk])
        assert register.current_version() is not None
    else:
        expected = 302 if role == "anonymous" else 403
        assert response.status_code == expected and post.status_code == expected
        assert not Job.objects.exists()
        assert register.current_version() is None


@pytest.mark.django_db(transaction=True)
def test_the_import_runs_as_background_work_and_its_page_follows_it(cast, client_as, inbox):
    admin = client_as("admin")
    response = admin.post(URL, _choice(), follow=True)
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.owner == cast.admin
    assert job.percent == 100 and job.started_at and job.finished_at
    page = response.content.decode()
    assert "Import du répertoire SIRENE" in page
    assert "établissements actifs importés" in page
    assert job.result_url == URL
    version = register.current_version()
    assert version.name in job.outcome
    # The register page lists it among the recent imports.
    assert reverse("jobs:detail", args=[job.pk]) in admin.get(URL).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_failed_import_says_why_in_french_and_keeps_the_register(cast, client_as, inbox):
    admin = client_as("admin")
    admin.post(URL, _choice())
    before = register.current_version()
    # A legal units file without its columns: refused by the import, register unchanged.
    (inbox / "vide.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    admin.post(URL, _choice(ul="vide.csv"))
    job = Job.objects.order_by("created_at").last()
    assert job.status == JobStatus.FAILED
    assert job.outcome.startswith("Il manque ces colonnes au fichier des unités légales")
    assert job.outcome.endswith("Rien n’a été importé.")
    assert register.current_version() == before
    page = admin.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Il manque ces colonnes au fichier des unités légales" in page
    assert 'hx-trigger="every 1s"' not in page  # ended: the page no longer polls


@pytest.mark.parametrize(
    "data,message",
    [
        (_choice(ul="../../etc/passwd"), "Sélectionnez un choix valide"),
        (_choice(ul="StockEtablissement_utf8.csv"), "Choisissez deux fichiers différents."),
        (_choice(bad="-1"), "supérieure ou égale à 0"),
        (_choice(bad="beaucoup"), "Écrivez un nombre entier"),
        (_choice(bad="2 000 000"), "inférieure ou égale à 1000000"),
    ],
)
def test_bad_choices_are_refused_at_the_field(cast, client_as, inbox, data, message):
    response = client_as("admin").post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_an_empty_or_missing_inbox_says_so(cast, client_as, settings, tmp_path):
    settings.SIRENE_INBOX = tmp_path / "absent"
    page = client_as("admin").get(URL).content.decode()
    assert "ne contient aucun fichier de stock" in page
