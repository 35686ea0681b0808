"""The yearly follow-up report in Chromium, with axe-core on every page: a committee
member, on a phone, asks for the slide deck of the mandate so far and downloads it from
the job's page."""

from __future__ import annotations

import zipfile

from conftest import PASSWORD
from essor.followup.tests.conftest import followed  # noqa: F401
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def _check(page):
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_committee_member_generates_and_downloads_the_slides(
    phone_page,
    followed,  # noqa: F811 (the fixture imported above)
    cast,
    tmp_path,
):
    plan = followed.plan
    login(phone_page, cast.committee_member.email, PASSWORD)
    phone_page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/")
    phone_page.get_by_role("link", name="Rapport annuel (ODT, DOCX, PDF, diaporama)").click()
    phone_page.get_by_role("heading", name="Rapport annuel de suivi", level=1).wait_for()
    _check(phone_page)
    phone_page.get_by_role("combobox", name="Année").select_option("2025")
    phone_page.get_by_label("Tout le mandat jusqu’à cette année").check()
    phone_page.get_by_label("1. Coopérer").check()
    phone_page.get_by_label("Diaporama à projeter (PPTX)").check()
    phone_page.get_by_role("button", name="Générer le rapport").click()
    phone_page.get_by_text("Le rapport est prêt").wait_for()
    _check(phone_page)
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="Ouvrir le résultat").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"rapport-de-suivi-plan-{plan.pk}-mandat-2025.pptx"
    with zipfile.ZipFile(saved) as deck:
        assert any(name.startswith("ppt/slides/slide") for name in deck.namelist())
