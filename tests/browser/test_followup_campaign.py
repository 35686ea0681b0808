"""A reporting campaign in Chromium, with axe-core on every page.

The facilitator opens the 2025 campaign; the e-mails go out in background work; a pilot
without an account opens the link from the e-mail on a phone and reports on their
action; the facilitator sees that they answered and closes the campaign. A contributor
who pilots an action reports through "my actions".
"""

from __future__ import annotations

import datetime as dt

from django.core import mail

from conftest import PASSWORD
from essor.followup.tests.campaigns.conftest import pilots, token_of  # noqa: F401
from essor.followup.tests.conftest import followed  # noqa: F401
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_campaign_opened_answered_on_a_phone_and_followed(
    page,
    phone_page,
    followed,  # noqa: F811 (the fixtures imported above)
    pilots,  # noqa: F811
    cast,
):
    plan = followed.plan
    login(page, cast.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/")
    page.get_by_role("link", name="Campagnes de suivi").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir une campagne").click()
    assert_accessible(page)
    page.get_by_label("Année").select_option("2025")
    deadline = dt.date.today() + dt.timedelta(days=20)
    page.get_by_label("Date limite").fill(deadline.isoformat())
    page.get_by_label("Message aux pilotes").fill("Merci pour vos retours !")
    page.get_by_role("button", name="Ouvrir et envoyer les e-mails").click()
    page.wait_for_selector("text=3 e-mails envoyés.")
    assert_accessible(page)  # the job's page
    assert len(mail.outbox) == 3

    # Bruno, without an account, on his phone, from the link of his e-mail.
    phone_page.goto(f"/demarches/suivi/lien/{token_of('bruno@cress.example')}/")
    phone_page.wait_for_selector("text=Votre point d’avancement pour 2025")
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)
    form = phone_page.locator("form", has_text="Un réseau des recycleries")
    form.get_by_label("Statut").select_option(label="En cours")
    form.get_by_label("Avancement (%)").fill("140")
    form.get_by_label("Valeur de l’année", exact=False).fill("85,5")
    form.get_by_role("button", name="Enregistrer le point", exact=False).click()
    phone_page.wait_for_selector("text=Un pourcentage va de 0 à 100.")
    assert_accessible(phone_page)
    form = phone_page.locator("form", has_text="Un réseau des recycleries")
    form.get_by_label("Avancement (%)").fill("40")
    form.get_by_label("Point d’avancement").fill("Trois recycleries ont rejoint le réseau.")
    form.get_by_label("Un document comme justificatif", exact=False).set_input_files(
        files=[{"name": "compte-rendu.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 compte rendu"}]
    )  # fmt: skip
    form.get_by_role("button", name="Enregistrer le point", exact=False).click()
    phone_page.wait_for_selector("text=est enregistré")
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)

    # The facilitator sees that Bruno answered.
    campaign = plan.campaigns.get()
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/campagnes/{campaign.pk}/")
    pilots_table = page.get_by_role("table", name="Qui a répondu")
    row = pilots_table.get_by_role("row", name="Bruno Réseau", exact=False)
    assert "a répondu" in row.inner_text() and "1 / 1" in row.inner_text()
    assert_accessible(page)
    # Bruno's document is on the action's follow-up page, downloadable by the facilitator.
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/actions/{followed.network.pk}/")
    evidence = page.get_by_role("link", name="compte-rendu.pdf")
    assert "envoyé par Bruno Réseau" in page.locator("#evidence-title + ul").inner_text()
    with page.expect_download() as download:
        evidence.click()
    assert download.value.suggested_filename == "compte-rendu.pdf"
    assert_accessible(page)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/campagnes/{campaign.pk}/")
    page.get_by_role("button", name="Clore la campagne").click()
    page.wait_for_selector("text=Chiffres de 2025 conservés à la clôture")
    assert_accessible(page)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/?annee=2025")
    page.get_by_role("link", name="Voir les chiffres conservés à la clôture").click()
    page.wait_for_selector("text=Chiffres de 2025 conservés à la clôture")

    # The link ended with the campaign; Claude, contributor and pilot of an action,
    # reports through "my actions".
    login(phone_page, cast.contributor.email, PASSWORD)
    phone_page.goto(f"/demarches/{plan.process_id}/suivi/mes-actions/")
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)
    form = phone_page.locator("form", has_text="Former les élus")
    form.get_by_label("Statut").select_option(label="Réalisée")
    form.get_by_role("button", name="Enregistrer le point", exact=False).click()
    phone_page.wait_for_selector("text=est enregistré")
    assert_accessible(phone_page)
    assert not page.js_errors, page.js_errors
