"""The follow-up of an adopted plan in Chromium, with axe-core on every page.

A facilitator, on a phone, opens the frozen plan's follow-up, records a progress
report and an indicator value on an action (French numbers), and sees the chart and
its data table; a committee member reads the dashboard and the action's page.
"""

from __future__ import annotations

from conftest import PASSWORD
from essor.followup.tests.conftest import followed  # noqa: F401
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def _check(page):
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_facilitator_records_on_a_phone_and_a_committee_member_reads(
    phone_page,
    page,
    followed,  # noqa: F811 (the fixture imported above)
    cast,
):
    plan = followed.plan
    login(phone_page, cast.facilitator.email, PASSWORD)
    phone_page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/")
    phone_page.get_by_role("link", name="Suivi du plan").click()
    years = phone_page.get_by_role("navigation", name="Années du mandat")
    years.get_by_role("link", name="2025", exact=True).click()
    phone_page.wait_for_selector("text=Où en est le plan en 2025")
    _check(phone_page)
    phone_page.get_by_role("link", name="Un tiers-lieu de l'ESS").first.click()
    _check(phone_page)

    report = phone_page.locator("form", has_text="Enregistrer le point")
    report.locator("select[name=report-year]").select_option("2025")
    report.get_by_label("Statut", exact=False).select_option(label="En cours")
    report.get_by_label("Avancement (%)").fill("150")
    report.get_by_label("Dépenses de fonctionnement de l’année (€)").fill("12 500,50")
    report.get_by_label("Point d’avancement", exact=True).fill("Le bail est signé.")
    report.get_by_role("button", name="Enregistrer le point").click()
    phone_page.wait_for_selector("text=Un pourcentage va de 0 à 100.")
    _check(phone_page)  # the page with its error
    report = phone_page.locator("form", has_text="Enregistrer le point")
    report.get_by_label("Avancement (%)").fill("60")
    report.get_by_role("button", name="Enregistrer le point").click()
    phone_page.wait_for_selector("text=Le point d’avancement a été enregistré.")

    value = phone_page.locator("form", has_text="Enregistrer la valeur")
    value.get_by_label("Indicateur").select_option(label="Emplois créés")
    value.locator("select[name=value-year]").select_option("2025")
    value.get_by_label("Valeur", exact=False).first.fill("1 250")
    value.get_by_label("Commentaire").fill("Déclarations des structures")
    value.get_by_role("button", name="Enregistrer la valeur").click()
    phone_page.wait_for_selector("text=La valeur a été enregistrée.")
    assert phone_page.locator("svg.indicator-chart circle").count() == 1
    table = phone_page.get_by_role("table", name="Valeurs de Emplois créés")
    assert "1\u202f250 (résultat)" in table.inner_text()
    history = phone_page.get_by_role("table", name="Tous les points sur cette action")
    assert "60\u202f%" in history.inner_text() and "Le bail est signé." in history.inner_text()
    _check(phone_page)

    login(page, cast.committee_member.email, PASSWORD)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/?annee=2025")
    assert_accessible(page)
    actions = page.get_by_role("table", name="Chaque action en 2025")
    assert "En cours" in actions.inner_text() and "60\u202f%" in actions.inner_text()
    assert page.locator("svg.indicator-chart").count() == 2
    assert (
        "12\u202f500,50"
        in page.get_by_role("table", name="Actions et budget par axe en 2025 (euros)").inner_text()
    )  # noqa: E501
    actions.get_by_role("link", name="Un tiers-lieu de l'ESS").click()
    assert_accessible(page)
    assert page.get_by_role("button", name="Enregistrer le point").count() == 0
    assert not page.js_errors, page.js_errors
