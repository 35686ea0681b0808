"""An anonymous visitor reads the observatory of a published process on a phone."""

import re

import pytest
from playwright.sync_api import expect

from essor.observatory.importing import import_sirene
from essor.observatory.tests.stock import write_stock
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow


@pytest.fixture
def published_observatory(cast, tmp_path, settings):
    """The cast's process (territory: CU du Grand Poitiers, like the demo) with a
    SIRENE register imported, then published."""
    from essor.territories.models import Territory, TerritoryKind

    settings.SIRENE_DIR = tmp_path / "sirene"
    Territory.objects.create(kind=TerritoryKind.COUNTRY, code="FR", name="France")
    import_sirene(*write_stock(tmp_path))
    cast.process.is_published = True
    cast.process.save()
    return cast.process


def test_anonymous_visitor_reads_figures_and_downloads_csv_on_a_phone(
    phone_page, published_observatory
):
    page = phone_page
    page.goto(f"/demarches/{published_observatory.pk}/")
    page.get_by_role("link", name="Observatoire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("L’ESS : CU du Grand Poitiers")
    expect(page.locator("svg.obs-chart").first).to_be_visible()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    expect(page.get_by_role("link", name="Fiche d’une page (PDF, ODT)")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger (CSV)").click()
    assert info.value.suggested_filename.endswith(".csv")
    lines = open(info.value.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0] == "Tableau;Ligne;Mesure;Valeur"  # French headers, semicolons
    assert "À propos;Territoire;Nom;CU du Grand Poitiers" in lines
    assert any(line.startswith("Synthèse;ESS;Établissements;") for line in lines)

    with page.expect_download() as info:
        page.get_by_role("link", name="Fiche d’une page (PDF)").click()
    assert open(info.value.path(), "rb").read(5) == b"%PDF-"

    page.get_by_role("link", name="Liste des structures de l’ESS").click()
    expect(page.get_by_role("cell", name="10000000100011")).to_be_visible()
    expect(page.get_by_role("button", name="Ajouter les structures choisies")).to_have_count(0)
    assert_no_horizontal_overflow(page)
    assert_accessible(page)


def test_unpublished_observatory_asks_anonymous_visitors_to_log_in(page, cast):
    page.goto(f"/demarches/{cast.process.pk}/observatoire/")
    expect(page).to_have_url(re.compile(r"/comptes/connexion/"))
