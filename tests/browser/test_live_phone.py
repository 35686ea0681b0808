"""A phone (375 px) joins a workshop, adds an idea and changes it, by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def workshop(cast):
    from django.core.cache import cache

    from essor.workshops.services import create_workshop

    cache.clear()  # rate limits
    return create_workshop(
        process=cast.process,
        title="Atelier des acteurs de l’ESS",
        questions=["Quels freins ?"],
        actor=cast.facilitator,
    )


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_phone_adds_then_edits_its_own_idea(phone, workshop):
    phone.goto(f"/participer/{workshop.join_code}/")
    phone.get_by_label("Votre nom ou un pseudonyme (facultatif)").fill("Lou")
    phone.keyboard.press("Enter")
    phone.get_by_label("Votre idée").fill("Une ressourcerie")
    phone.get_by_role("button", name="Envoyer mon idée").click()
    expect(phone.get_by_text("Votre idée a été ajoutée. Merci !")).to_be_visible()
    link = phone.get_by_role("link", name="Modifier ou supprimer mon idée 1")
    link.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1, name="Modifier mon idée")).to_be_visible()
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.get_by_label("Votre idée").fill("Une recyclerie")
    phone.get_by_role("button", name="Enregistrer mon idée").click()
    expect(phone.get_by_text("Votre idée a été modifiée.")).to_be_visible()
    expect(phone.get_by_text("Une recyclerie")).to_be_visible()
    assert_accessible(phone)


def test_a_phone_follows_the_session(page, phone, ws):
    """Without reloading, the phone shows the question the console puts on screen
    (keeping what is being typed), the vote when it opens and the results when
    they are revealed; its own idea, changed then deleted, changes on the projector."""
    from tests.browser.conftest import open_console_and_projector

    projector = open_console_and_projector(page, ws)

    phone.goto(f"/participer/{ws.workshop.join_code}/")
    phone.get_by_label("Votre nom ou un pseudonyme (facultatif)").fill("Lou")
    phone.get_by_role("button", name="Participer").click()
    expect(phone.get_by_role("heading", name="Dans la salle")).to_be_visible()
    assert_accessible(phone)

    # The console shows question 1; the phone follows while its participant types.
    phone.get_by_label("Votre idée").fill("Un local partagé")
    page.get_by_role("button", name="Afficher la question 1").click()
    expect(phone.get_by_role("heading", name="La question à l’écran")).to_be_visible()
    session = phone.locator("#session")
    expect(session).to_contain_text("Quels besoins des structures ?")
    expect(phone.locator("#session-news")).to_have_text(
        "Nouvelle question\u202f: Quels besoins des structures ?"
    )
    expect(phone.get_by_label("Votre idée")).to_have_value("Un local partagé")
    expect(phone.get_by_label("Question", exact=True)).to_have_value(str(ws.q1.pk))
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    # Two ideas reach the projector; the first changed, the second deleted, there too.
    phone.get_by_role("button", name="Envoyer mon idée").click()
    expect(projector.locator(".idea-card", has_text="Un local partagé")).to_be_visible()
    phone.get_by_label("Votre idée").fill("Une monnaie locale")
    phone.get_by_role("button", name="Envoyer mon idée").click()
    expect(projector.locator(".idea-card", has_text="Une monnaie locale")).to_be_visible()
    phone.get_by_role("link", name="Modifier ou supprimer mon idée 1").click()
    phone.get_by_label("Votre idée").fill("Un local partagé et équipé")
    phone.get_by_role("button", name="Enregistrer mon idée").click()
    expect(projector.locator(".idea-card", has_text="Un local partagé et équipé")).to_be_visible()
    phone.get_by_role("link", name="Modifier ou supprimer mon idée 2").click()
    phone.get_by_role("button", name="Supprimer cette idée").click()
    expect(phone.get_by_text("Votre idée a été supprimée.")).to_be_visible()
    expect(projector.locator(".idea-card", has_text="Une monnaie locale")).to_have_count(0)
    expect(projector.locator(".idea-card")).to_have_count(1)

    # The vote opens on the console: the phone's panel appears by itself.
    page.get_by_role("button", name="Ouvrir le vote").click()
    expect(phone.get_by_role("heading", name="Prioriser les idées")).to_be_visible()
    expect(phone.locator("#session-news")).to_contain_text("Le vote est ouvert.")
    phone.locator("li.vote-item", has_text="Un local partagé et équipé").get_by_role(
        "button", name=re.compile("ajouter une gommette")
    ).click()
    expect(phone.get_by_text("Il vous reste 2 gommettes sur 3.")).to_be_visible()
    assert_accessible(phone)

    # Closed, then the results revealed: they show on the phone.
    page.get_by_role("button", name="Clore le vote").click()
    page.get_by_role("button", name="Révéler les résultats").click()
    results = phone.get_by_role("table", name="Résultats du vote")
    expect(results).to_be_visible()
    expect(
        results.get_by_role("row", name=re.compile("Un local partagé et équipé"))
    ).to_contain_text("1")
    expect(phone.locator("#session-news")).to_contain_text("Les résultats sont affichés.")
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.reload()  # without its script, the page shows the same
    expect(phone.get_by_role("table", name="Résultats du vote")).to_be_visible()
    assert not page.js_errors
