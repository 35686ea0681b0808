"""A facilitator explores the ESS figures of a territory, picks organisations, makes the sheet."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from essor.observatory.importing import import_sirene
from essor.observatory.tests.stock import write_stock
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


@pytest.fixture
def observatory(cast, tmp_path, settings):
    from essor.territories.models import Territory, TerritoryKind

    settings.SIRENE_DIR = tmp_path / "sirene"
    Territory.objects.create(kind=TerritoryKind.COUNTRY, code="FR", name="France")
    import_sirene(*write_stock(tmp_path))
    return cast


def test_territory_page_list_and_sheet(page, observatory):
    process = observatory.process
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{process.pk}/")
    page.get_by_role("link", name="Observatoire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L’ESS : CU du Grand Poitiers")
    assert_accessible(page)
    # Find the commune with the keyboard: type in the search field and press Enter.
    page.get_by_label("Territoire (nom ou code").fill("Poitiers")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Poitiers (commune 86194)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L’ESS : Poitiers")
    family = page.get_by_role("table", name="Données : L’ESS par famille")
    expect(family.get_by_role("row", name="associations")).to_contain_text("2")
    comparison = page.get_by_role(
        "table", name="Données : Part de l’ESS comparée aux territoires englobants"
    )
    expect(comparison).to_contain_text("Vienne")
    expect(comparison).to_contain_text("France")
    expect(page.locator("svg.obs-chart").first).to_be_visible()
    expect(page.get_by_text("stock du 2026-10-31").first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger (XLSX)").click()
    assert info.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("link", name="Liste des structures de l’ESS").click()
    page.get_by_label("Famille").select_option(label="fondations")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status")).to_have_text("1 établissement de l’ESS")
    page.get_by_label("FONDATION SANTE").check()
    assert_accessible(page)
    page.get_by_role("button", name="Ajouter les structures choisies").click()
    expect(page.get_by_text("1 structure ajoutée à l’annuaire de la démarche")).to_be_visible()
    assert list(process.organisations.values_list("name", flat=True)) == ["FONDATION SANTE"]

    page.goto(f"/demarches/{process.pk}/observatoire/?territoire=commune:86194")
    page.get_by_role("link", name="Fiche d’une page (PDF, ODT)").click()
    assert_accessible(page)
    page.get_by_label("Format").select_option("odt")
    page.get_by_label("Dynamiques déjà engagées").fill("Un pôle territorial de coopération est né.")
    with page.expect_download() as info:
        page.get_by_role("button", name="Produire la fiche").click()
    data = open(info.value.path(), "rb").read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
    assert "Un pôle territorial de coopération est né." in content
    assert "Poitiers" in content
    assert not page.js_errors


def test_phone_and_no_data(phone_page, cast, tmp_path, settings):
    settings.SIRENE_DIR = tmp_path / "empty"
    login(phone_page, "copil@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{cast.process.pk}/observatoire/")
    expect(phone_page.get_by_text("Pas encore de données SIRENE.")).to_be_visible()
    expect(phone_page.get_by_text("python manage.py import_sirene").first).to_be_visible()
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)


def test_phone_figures_fit(phone_page, observatory):
    login(phone_page, "copil@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{observatory.process.pk}/observatoire/?territoire=commune:86194")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("L’ESS : Poitiers")
    assert_no_horizontal_overflow(phone_page)
