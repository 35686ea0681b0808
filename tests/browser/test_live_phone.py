"""A phone (375 px) joins a workshop, adds an idea and changes it, by keyboard."""

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
