"""Observatory pages: permission matrix for every role, figures, downloads, directory, sheet."""

import csv
import io
import os
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from essor.core.tests.matrix import matrix, request_as
from essor.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ASSOCIATION = "10000000100011"  # E1 of tests/stock.py
NOT_ESS = "10000000600011"  # E8: a plain SAS


def _url(name, process):
    return reverse(f"observatory:{name}", args=[process.pk]) + "?territoire=commune:86194"


def _data(name):
    return {
        "add_to_directory": {"siret": [ASSOCIATION]},
        "sheet": {"format": "pdf", "arguments": "Pourquoi", "dynamics": "Déjà"},
    }.get(name, {})


# Reading is public once the process is published (public SIRENE figures); before
# that only roles read, anonymous visitors being sent to the login page.
READ_VIEWS = ["page", "export_csv", "export_xlsx", "organisations", "sheet_pdf", "sheet_odt"]
MEMBERS = ("admin", "facilitator", "committee_member", "contributor")
MANAGE_VIEWS = [
    ("add_to_directory", "post", "manage", 302),
    ("sheet", "get", "manage", 200),
    ("sheet", "post", "manage", 200),
]


def _read_status(role, published) -> int:
    if published or role in MEMBERS:
        return 200
    return 302 if role == "anonymous" else 404


READ_MATRIX = [
    pytest.param(name, "get", role, published, _read_status(role, published),
                 id=f"{name}-get-{role}-{published}")
    for name in READ_VIEWS
    for published in (False, True)
    for role in (*MEMBERS, "outsider", "other_workspace", "anonymous")
]  # fmt: skip


@pytest.mark.parametrize("name,method,role,published,expected", READ_MATRIX + matrix(MANAGE_VIEWS))
def test_permission_matrix(client_as, cast, imported, france, name, method, role, published,
                           expected):  # fmt: skip
    cast.process.is_published = published
    cast.process.save()
    request_as(client_as(role), method, _url(name, cast.process), _data(name), role, expected)
    if method == "post" and role not in ("admin", "facilitator"):
        assert not cast.process.organisations.exists()


def test_page_shows_figures_source_and_comparison(client_as, cast, imported, france):
    page = client_as("committee_member").get(_url("page", cast.process)).content.decode()
    assert "Poitiers" in page and "Vienne" in page and "Nouvelle-Aquitaine" in page
    assert "2026-10-31" in page and "2023" in page and "2026.1" in page  # source, perimeter
    assert page.count("<svg") >= 4 and page.count("<table") >= 6  # charts with their tables
    assert "ASSOCIATION DU CLAIN" not in page or "FONDATION SANTE" in page  # largest first
    assert "FONDATION SANTE" in page


def test_default_territory_search_and_unknown_key(client_as, cast, imported, france):
    client = client_as("facilitator")
    page = client.get(reverse("observatory:page", args=[cast.process.pk])).content.decode()
    assert "CU du Grand Poitiers" in page  # the process's territory by default
    found = client.get(reverse("observatory:page", args=[cast.process.pk]) + "?q=poitiers")
    assert "commune:86194" in found.content.decode()
    unknown = client.get(reverse("observatory:page", args=[cast.process.pk]) + "?territoire=epci:1")
    assert unknown.status_code == 200
    assert 'role="alert"' in unknown.content.decode()


def test_no_data_page_says_how_to_import(client_as, cast, sirene_dir):
    for name in ("page", "organisations"):
        page = client_as("facilitator").get(_url(name, cast.process)).content.decode()
        assert "import_sirene" in page
    response = client_as("facilitator").get(_url("export_csv", cast.process))
    assert response.status_code == 302


def test_csv_and_xlsx_downloads(client_as, cast, imported, france):
    client = client_as("contributor")
    response = client.get(_url("export_csv", cast.process))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tableau", "Ligne", "Mesure", "Valeur"]
    assert ["Synthèse", "ESS", "Établissements", "6"] in rows
    shares = [row for row in rows if row[0] == "Part de l’ESS (%)"]
    assert shares and all("." not in row[3] for row in shares)
    assert any("," in row[3] for row in shares)  # decimal commas with semicolons
    assert ["À propos", "Territoire", "Nom", "Poitiers"] in rows
    book = load_workbook(io.BytesIO(client.get(_url("export_xlsx", cast.process)).content))
    assert len(book.sheetnames) == 5
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "Poitiers" in values and 6 in values
    summary = book.worksheets[0].iter_rows()
    stock = next(row[1] for row in summary if row[0].value == "Date du stock")
    assert stock.is_date and stock.number_format == "DD/MM/YYYY"
    assert ["À propos", "Source", "Date du stock", "31/10/2026"] in rows


def test_list_filters_and_add_to_directory(client_as, cast, imported, france):
    client = client_as("facilitator")
    page = client.get(_url("organisations", cast.process)).content.decode()
    assert ASSOCIATION in page and NOT_ESS not in page
    assert "10000000700011" not in page  # 94.91Z excluded
    filtered = client.get(_url("organisations", cast.process) + "&famille=foundation")
    assert "FONDATION SANTE" in filtered.content.decode()
    assert ASSOCIATION not in filtered.content.decode()
    response = client.post(
        reverse("observatory:add_to_directory", args=[cast.process.pk]),
        {"siret": [ASSOCIATION, "10000000400011", NOT_ESS, "bad"]},
    )
    assert response.status_code == 302
    organisations = Organisation.objects.order_by("siret")
    assert [o.siret for o in organisations] == [ASSOCIATION, "10000000400011"]
    assert organisations[0].ess_family == "association"
    assert organisations[0].commune.code == "86194"
    assert set(cast.process.organisations.all()) == set(organisations)
    client.post(reverse("observatory:add_to_directory", args=[cast.process.pk]),
                {"siret": [ASSOCIATION]})  # fmt: skip
    assert Organisation.objects.count() == 2  # reused, not duplicated


def test_add_to_directory_never_takes_another_workspaces_organisation(
    client_as, cast, imported, france
):
    theirs = Organisation.objects.create(
        workspace=cast.elsewhere, name="Leur fiche", kind="ess", siret=ASSOCIATION
    )
    client_as("facilitator").post(
        reverse("observatory:add_to_directory", args=[cast.process.pk]), {"siret": [ASSOCIATION]}
    )
    ours = cast.process.organisations.get()
    assert ours != theirs and ours.workspace == cast.workspace and ours.siret == ASSOCIATION
    theirs.refresh_from_db()
    assert theirs.name == "Leur fiche" and not theirs.processes.exists()


def _libreoffice_converts(data: bytes, suffix: str, tmp_path) -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp_path.mkdir(parents=True)
    source = tmp_path / f"sheet.{suffix}"
    source.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run(  # noqa: S603
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "txt:Text" if suffix == "odt" else "png", "--outdir", str(out),
         str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    produced = list(out.iterdir())
    assert produced and produced[0].stat().st_size > 0
    return produced[0].read_text(errors="replace") if suffix == "odt" else ""


def test_sheet_pdf_and_odt_open_in_libreoffice(client_as, cast, imported, france, tmp_path):
    client = client_as("facilitator")
    data = {"arguments": "Des emplois non délocalisables.", "dynamics": "Un pôle ESS est né."}
    pdf = client.post(_url("sheet", cast.process), {**data, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    odt = client.post(_url("sheet", cast.process), {**data, "format": "odt"})
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    with zipfile.ZipFile(io.BytesIO(odt.content)) as archive:
        assert "Pictures/chart.svg" in archive.namelist()
    _libreoffice_converts(pdf.content, "pdf", tmp_path / "pdf")
    text = _libreoffice_converts(odt.content, "odt", tmp_path / "odt")
    assert "Un pôle ESS est né." in text and "Poitiers" in text
    assert "Vienne" in text and "FONDATION SANTE" in text


def test_sheet_form_errors_are_shown(client_as, cast, imported, france):
    response = client_as("facilitator").post(_url("sheet", cast.process), {"format": "doc"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
