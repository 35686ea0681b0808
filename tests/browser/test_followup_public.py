"""Public progress in Chromium, with axe-core on every page.

An anonymous visitor reads on a phone where the published plan stands (status, late,
latest public note, per-axis progress, budgets and funding received as the plan publishes
them, an indicator chart with its table) and finds the Atom feed; a committee member
comments on an action's follow-up, and cannot report.
"""

from __future__ import annotations

from decimal import Decimal

from conftest import PASSWORD
from essor.followup import evidence, services
from essor.followup.tests.conftest import followed  # noqa: F401
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_the_public_reads_the_progress_on_a_phone_and_a_committee_member_comments(
    phone_page,
    page,
    followed,  # noqa: F811 (the fixture imported above)
    cast,
):
    plan = followed.plan
    services.record_report(followed.place, year=2025, status="in_progress", progress=40,
                           note="Le bail est signé.", note_is_public=True,
                           actor=cast.facilitator)  # fmt: skip
    services.record_report(followed.place, year=2026, status="in_progress",
                           note="Tension interne au bureau", actor=cast.facilitator)  # fmt: skip
    services.record_indicator_value(followed.jobs, year=2025, value=Decimal(18),
                                    kind="estimate", actor=cast.facilitator)  # fmt: skip
    evidence.record_funding(followed.place, funder="Région Nouvelle-Aquitaine",
                            amount=Decimal(12000), year=2025, actor=cast.facilitator)  # fmt: skip
    evidence.save_settings(plan, notes_public_by_default=False, budgets_public=True,
                           actor=cast.facilitator)  # fmt: skip
    plan.process.is_published = True
    plan.process.save()

    phone_page.goto(f"/demarches/{plan.process_id}/plan/feuille-de-route/")
    phone_page.wait_for_selector("text=Mise en œuvre")
    place = phone_page.locator(f"article#action-{followed.place.pk}")
    text = place.inner_text()
    assert "En cours" in text and "en retard" in text and "Le bail est signé." in text
    assert "Région Nouvelle-Aquitaine, 2025\u00a0: 12\u202f000 €" in text
    funding = phone_page.get_by_role("table", name="Financements reçus pour le plan")
    assert "Région Nouvelle-Aquitaine" in funding.inner_text()
    assert "Tension interne" not in phone_page.content()
    assert "actions suivies dans cet axe" in phone_page.content()
    assert phone_page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)
    place.get_by_role("link", name="graphiques des indicateurs de").click()
    table = phone_page.get_by_role("table", name="Valeurs de Emplois créés")
    assert "18 (estimation)" in table.inner_text()
    assert phone_page.locator("svg.indicator-chart circle.estimate").count() == 1
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)

    login(page, cast.committee_member.email, PASSWORD)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/actions/{followed.place.pk}/")
    assert page.get_by_role("button", name="Enregistrer le point").count() == 0
    form = page.locator("form", has_text="Ajouter le commentaire")
    form.get_by_role("button", name="Ajouter le commentaire").click()
    page.wait_for_selector("text=Ce champ est obligatoire.")
    assert_accessible(page)  # the page with its error
    form = page.locator("form", has_text="Ajouter le commentaire")
    form.get_by_label("Commentaire").fill("Le comité souhaite un point d’étape en juin.")
    form.get_by_role("button", name="Ajouter le commentaire").click()
    page.wait_for_selector("text=Votre commentaire a été ajouté.")
    comments = page.locator("section", has=page.get_by_role("heading", name="Commentaires"))
    assert "Le comité souhaite un point d’étape en juin." in comments.inner_text()
    assert "Camille Copil" in comments.inner_text()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors
