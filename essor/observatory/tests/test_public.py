"""The observatory of a published process, read by the public (anonymous visitors, outsiders)."""

import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.observatory import register
from essor.observatory.tests.test_views import ASSOCIATION, _libreoffice_converts, _url

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER")


@pytest.fixture
def published(cast):
    cast.process.is_published = True
    cast.process.save()
    return cast.process


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_workspace"])
def test_public_reads_figures_list_and_sheet_links_but_no_management(
    client_as, published, imported, france, role
):
    client = client_as(role)
    page = client.get(_url("page", published)).content.decode()
    assert "Poitiers" in page and "FONDATION SANTE" in page
    assert reverse("observatory:page", args=[published.pk]) in page  # the Observatory tab
    assert reverse("observatory:sheet_pdf", args=[published.pk]) in page
    assert reverse("observatory:sheet", args=[published.pk]) not in page  # no text editing
    listing = client.get(_url("organisations", published)).content.decode()
    assert ASSOCIATION in listing
    assert reverse("observatory:add_to_directory", args=[published.pk]) not in listing
    assert 'type="checkbox" name="siret"' not in listing


def test_facilitators_keep_the_directory_form_and_the_sheet_editor(
    client_as, published, imported, france
):
    client = client_as("facilitator")
    listing = client.get(_url("organisations", published)).content.decode()
    action = reverse("observatory:add_to_directory", args=[published.pk])
    assert f'<form method="post" action="{action}">' in listing
    assert f'type="checkbox" name="siret" value="{ASSOCIATION}"' in listing
    page = client.get(_url("page", published)).content.decode()
    assert reverse("observatory:sheet", args=[published.pk]) in page


def test_members_see_the_tab_before_publication_and_the_public_does_not(client_as, cast):
    detail = reverse("processes:detail", args=[cast.process.pk])
    tab = reverse("observatory:page", args=[cast.process.pk])
    assert tab in client_as("contributor").get(detail).content.decode()
    assert client_as("outsider").get(detail).status_code == 404
    cast.process.is_published = True
    cast.process.save()
    assert tab in client_as("anonymous").get(detail).content.decode()
    assert tab in client_as("outsider").get(detail).content.decode()


def test_anonymous_reading_writes_nothing_to_the_database(client_as, published, imported, france):
    client = client_as("anonymous")
    names = ["page", "organisations", "export_csv", "export_xlsx", "sheet_pdf"]
    with CaptureQueriesContext(connection) as queries:
        for name in names:
            assert client.get(_url(name, published)).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert "sessionid" not in client.cookies


def test_a_register_whose_cache_cannot_be_written_still_answers(
    client_as, published, imported, france
):
    """A read-only or full register: the cache write fails, the public page does not,
    and no half-written temporary file stays behind."""
    version = register.current_version()
    shutil.rmtree(version.path / "cache", ignore_errors=True)
    (version.path / "cache").write_text("not a directory")  # every cache write now fails
    response = client_as("anonymous").get(_url("page", published))
    assert response.status_code == 200
    assert "FONDATION SANTE" in response.content.decode()
    assert client_as("anonymous").get(_url("export_csv", published)).status_code == 200
    assert not list(version.path.rglob("*.tmp"))


def test_public_sheet_has_standard_texts_and_opens_in_libreoffice(
    client_as, published, imported, france, tmp_path
):
    client = client_as("anonymous")
    pdf = client.get(_url("sheet_pdf", published))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    odt = client.get(_url("sheet_odt", published))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    _libreoffice_converts(pdf.content, "pdf", tmp_path / "pdf")
    text = _libreoffice_converts(odt.content, "odt", tmp_path / "odt")
    assert "Poitiers" in text and "FONDATION SANTE" in text
    assert "emplois locaux" in text  # the standard arguments, in French
    assert "Dynamiques déjà engagées" not in text  # only facilitators know them


def test_public_sheet_is_rate_limited_but_not_for_facilitators(
    client_as, published, imported, france, settings
):
    settings.ESSOR_OBSERVATORY_SHEET_RATE = "2/m"
    anonymous = client_as("anonymous")
    statuses = [anonymous.get(_url("sheet_pdf", published)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = anonymous.get(_url("sheet_odt", published))
    assert limited.status_code == 429
    assert "Patientez une minute" in limited.content.decode()
    assert anonymous.get(_url("export_csv", published)).status_code == 200  # figures still free
    facilitator = client_as("facilitator")
    statuses = [facilitator.get(_url("sheet_pdf", published)).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_public_sheet_of_an_unknown_territory_goes_back_with_a_message(
    client_as, published, imported, france
):
    url = reverse("observatory:sheet_pdf", args=[published.pk]) + "?territoire=epci:1"
    response = client_as("anonymous").get(url)
    assert response.status_code == 302
    assert "territoire=epci%3A1" in response["Location"]


def test_unpublished_or_missing_process_sends_anonymous_visitors_to_login(client_as, cast):
    client = client_as("anonymous")
    for pk in (cast.process.pk, 999_999):
        response = client.get(reverse("observatory:page", args=[pk]))
        assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
