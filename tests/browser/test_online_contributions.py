"""Contributions between workshops in Chromium (issue 13, item 5), axe on every page.

The public sends a need from the portal on a phone; a contributor sends an idea from their
space (a first empty send is refused in French at the field); the facilitator moderates:
an empty reason is refused, one contribution is rejected with its reason, the other
accepted; the contributor then reads both decisions, and the accepted line is among the
contributions of the process with its origin.
"""

from conftest import PASSWORD
from essor.contributions.models import Contribution
from essor.portal.models import PortalSettings
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_contributions_between_workshops(page, phone_page, cast):
    process = cast.process
    process.is_published = True
    process.save()
    PortalSettings.objects.create(process=process, accept_contributions=True)

    # The public, on a phone.
    phone_page.goto(f"/demarches/{process.pk}/portail/")
    phone_page.get_by_role("link", name="Envoyer une contribution").click()
    phone_page.get_by_role("heading", name="Envoyer une contribution", level=1).wait_for()
    assert_accessible(phone_page)
    assert_no_horizontal_overflow(phone_page)
    phone_page.get_by_label("Besoin").check()
    phone_page.get_by_label("Votre contribution").fill("Un local de stockage partagé au centre")
    phone_page.get_by_label("Commune (facultatif)").fill("Poitiers")
    phone_page.get_by_role("button", name="Envoyer", exact=True).click()
    phone_page.get_by_text("votre contribution a bien été reçue").wait_for()
    assert_accessible(phone_page)
    public = Contribution.objects.get(process=process)
    assert (public.status, public.commune.code, public.kind) == ("pending", "86194", "need")

    # A contributor, from their space.
    login(page, "contrib@example.org", PASSWORD)
    page.goto(f"/demarches/{process.pk}/contributions/")
    page.get_by_role("link", name="Envoyer une contribution").click()
    page.get_by_role("heading", name="Envoyer une contribution", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer", exact=True).click()
    page.locator(".field-error", has_text="Ce champ est obligatoire.").wait_for()
    assert_accessible(page)
    page.get_by_label("Idée d’action").check()
    page.get_by_label("Votre contribution").fill("Une monnaie locale adossée aux marchés")
    page.get_by_label("Structure (facultatif)").fill("Collectif Vélo")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    page.get_by_text("votre contribution sera lue").wait_for()
    assert page.get_by_text("En attente de modération").is_visible()
    page.context.clear_cookies()

    # The facilitator moderates.
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{process.pk}/contributions/")
    page.get_by_role("link", name="Modération (2 en attente)").click()
    page.get_by_role("heading", name="Modération des contributions envoyées en ligne").wait_for()
    assert page.get_by_text("2 contributions attendent une modération.").is_visible()
    assert_accessible(page)
    idea = page.locator("article", has_text="Une monnaie locale")
    idea.get_by_role("button", name="Rejeter").click()
    page.locator(".field-error", has_text="Dites pourquoi la contribution est rejetée.").wait_for()
    idea = page.locator("article", has_text="Une monnaie locale")
    idea.get_by_label("Motif du rejet").fill("Déjà proposé à l’atelier 1")
    idea.get_by_role("button", name="Rejeter").click()
    page.get_by_text("La contribution a été rejetée.").wait_for()
    need = page.locator("article", has_text="Un local de stockage")
    need.get_by_role("button", name="Accepter").focus()
    page.keyboard.press("Enter")
    page.get_by_text("La contribution a été acceptée.").wait_for()
    page.get_by_text("Rien n’attend de modération.").wait_for()
    assert page.get_by_role("cell", name="Déjà proposé à l’atelier 1").is_visible()
    assert_accessible(page)
    page.goto(f"/demarches/{process.pk}/contributions/")
    row = page.locator("tr", has_text="Un local de stockage partagé")
    assert "Envoyée en ligne" in row.inner_text() and "Poitiers" in row.inner_text()
    assert page.locator("tr", has_text="Une monnaie locale").count() == 0  # rejected: out
    assert_accessible(page)
    page.context.clear_cookies()

    # The contributor reads the decision.
    login(page, "contrib@example.org", PASSWORD)
    page.goto(f"/demarches/{process.pk}/contributions/proposer/")
    assert page.get_by_text("Rejetée").is_visible()
    assert page.get_by_text("Déjà proposé à l’atelier 1").is_visible()
    assert_accessible(page)
