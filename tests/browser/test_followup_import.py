"""The follow-up workbook's round trip in Chromium, with axe-core on every page.

A facilitator downloads the workbook from the dashboard, a pilot fills it in (French
text typed in cells), the facilitator uploads it, reads the preview (a bad line first,
then the corrected file), confirms, and the dashboard shows the new state.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from conftest import PASSWORD
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.tests.conftest import followed  # noqa: F401
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def _fill(data: bytes, *, bad: bool) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book["Saisie 2026"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "Un tiers-lieu de l'ESS":
            row[3].value = "Terminée"
            row[4].value = "150 %" if bad else "100 %"
            row[6].value = "12 500,50 €"
    for row in book["Indicateurs"].iter_rows(min_row=2):
        if row[2].value == "Emplois créés" and row[4].value == 2026:
            row[5].value = "42"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_download_fill_in_upload_preview_confirm(page, phone_page, followed, cast, tmp_path):  # noqa: F811
    plan = followed.plan
    login(page, cast.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/?annee=2026")
    with page.expect_download() as download:
        page.get_by_role("link", name="Classeur de suivi 2026 (XLSX)").click()
    exported = tmp_path / "export.xlsx"
    download.value.save_as(exported)
    bad, good = tmp_path / "suivi-errone.xlsx", tmp_path / "suivi.xlsx"
    bad.write_bytes(_fill(exported.read_bytes(), bad=True))
    good.write_bytes(_fill(exported.read_bytes(), bad=False))

    page.get_by_role("link", name="Importer l’avancement").click()
    assert_accessible(page)
    page.get_by_label("Fichier (.xlsx ou .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Aperçu").click()
    alert = page.get_by_role("alert")
    assert "Ligne 2\u00a0: l’avancement est de 150\u202f%\u00a0: un pourcentage va de 0 à 100." in (
        alert.inner_text()
    )
    assert page.get_by_role("button", name="Enregistrer cet avancement").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Choisir un autre fichier").click()
    page.get_by_label("Fichier (.xlsx ou .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Aperçu").click()
    section = page.get_by_role("region", name="1.1 · Un tiers-lieu de l'ESS")
    reports = section.get_by_role("table", name="Points d’avancement à enregistrer")
    assert "Non démarrée → Réalisée" in reports.inner_text()
    assert "12\u202f500,50 €" in reports.inner_text()
    values = section.get_by_role("table", name="Valeurs d’indicateurs à enregistrer")
    assert "Emplois créés" in values.inner_text() and "42" in values.inner_text()
    assert_accessible(page)
    assert not ProgressReport.objects.exists()

    page.get_by_role("button", name="Enregistrer cet avancement").click()
    # Recorded by background work, followed by its progress bar to the end.
    page.wait_for_selector("text=L’avancement a été importé")
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    actions = page.get_by_role("table", name="Chaque action en 2026")
    assert "Réalisée" in actions.inner_text() and "100\u202f%" in actions.inner_text()
    assert ProgressReport.objects.get().spent_operating == 12500.50
    assert IndicatorValue.objects.get().value == 42
    assert not page.js_errors, page.js_errors

    # The upload page on a phone: readable, nothing wider than the screen.
    login(phone_page, cast.facilitator.email, PASSWORD)
    phone_page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/import/")
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)
