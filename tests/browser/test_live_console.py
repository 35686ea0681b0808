"""The facilitator console drives a live session shown by the presentation mode:
question, an idea typed on the board appearing on the projector, vote, results
(bars and their table), timer, closing slide; keys on the projector; 1920×1080
and 1280×720 without scrollbars; axe on both pages; the console on a phone."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from essor.contributions.models import Contribution
from essor.participation.models import Participant, Vote
from tests.browser.conftest import (
    assert_accessible,
    assert_no_horizontal_overflow,
    login,
    open_console_and_projector,
)


def _fits(page) -> None:
    """Nothing scrolls nor overflows the screen."""
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth - innerWidth,"
        " document.documentElement.scrollHeight - innerHeight]"
    )
    assert sizes[0] <= 1 and sizes[1] <= 1, f"overflow {sizes}"
    for selector in (".show-bar", "section.stage:not([hidden])"):
        box = page.locator(selector).bounding_box()
        viewport = page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1
        assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] + 1


def test_console_drives_the_projector(page, ws):
    pid, wid = ws.process.pk, ws.workshop.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/ateliers/{wid}/")
    page.get_by_role("link", name="Console d’animation").click()
    expect(
        page.get_by_role("heading", name="Console d’animation — Atelier acteurs")
    ).to_be_visible()
    assert_accessible(page)

    projector = page.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"/demarches/{pid}/ateliers/{wid}/presentation/")
    expect(projector.get_by_role("heading", name="Rejoignez avec votre téléphone")).to_be_visible()
    qr = projector.locator("section.stage-welcome svg.qr-code").bounding_box()
    assert qr["width"] >= 500  # about 13 cm on a 2.5 m wide picture: read from 5 m
    _fits(projector)
    assert_accessible(projector)

    # The console sets the question; the projector follows by itself.
    page.get_by_role("button", name="Afficher la question 1").click()
    expect(page.get_by_text("La question en cours a changé.")).to_be_visible()
    expect(projector.get_by_role("heading", name="Quels besoins des structures ?")).to_be_visible()

    # An idea typed on the capture board, reached from the console, appears as a card.
    page.get_by_role("link", name="Ouvrir la saisie en direct").click()
    page.get_by_label("Question", exact=True).select_option(label="Quels besoins des structures ?")
    page.locator("#id_text").fill("b: un lieu partagé pour les structures")
    page.keyboard.press("Enter")
    expect(page.locator("#id_text")).to_have_value("")
    expect(projector.locator(".idea-card", has_text="un lieu partagé")).to_be_visible()
    _fits(projector)
    idea = Contribution.objects.get(text="un lieu partagé pour les structures")

    # Keys on the projector: help, vote, results.
    projector.keyboard.press("?")
    expect(projector.get_by_role("heading", name="Raccourcis clavier")).to_be_visible()
    projector.keyboard.press("Escape")
    expect(projector.get_by_role("heading", name="Raccourcis clavier")).to_be_hidden()
    projector.keyboard.press("v")
    expect(projector.get_by_role("heading", name="À vous de voter")).to_be_visible()
    ws.workshop.refresh_from_db()
    assert ws.workshop.vote_status == "open"
    voter = Participant.objects.create(workshop=ws.workshop, token_hash="e" * 64)
    Vote.objects.create(contribution=idea, participant=voter, points=3)
    expect(projector.locator("#voter-count")).to_have_text("1")
    projector.keyboard.press("r")
    chart = projector.get_by_role("table", name="Idées par points reçus")
    expect(chart).to_be_visible()
    expect(chart.get_by_role("row", name="un lieu partagé pour les structures")).to_contain_text(
        "3"
    )
    expect(chart.locator(".chart-bar")).to_have_count(1)
    _fits(projector)
    assert_accessible(projector)
    projector.keyboard.press("ArrowRight")
    expect(projector.get_by_role("heading", name="Quelles coopérations ?")).to_be_visible()
    expect(projector.locator(".idea-card")).to_have_count(0)

    # Timer: set on the console, started from the projector's keyboard.
    page.goto(f"/demarches/{pid}/ateliers/{wid}/console/")
    page.get_by_label("Durée en minutes").fill("2")
    page.get_by_role("button", name="Régler le minuteur").click()
    expect(page.get_by_text("Le minuteur a été mis à jour.")).to_be_visible()
    expect(projector.locator("#show-timer")).to_be_visible()
    expect(projector.locator("#show-timer-value")).to_have_text("2:00")
    projector.keyboard.press("t")
    expect(projector.get_by_role("status")).to_have_text("Le minuteur a été mis à jour.")
    ws.workshop.refresh_from_db()
    assert ws.workshop.timer_ends_at is not None

    # Closing slide, at 1280×720 too.
    page.goto(f"/demarches/{pid}/ateliers/{wid}/console/")
    page.get_by_label("La suite").fill("Prochain atelier : le 3 juillet à la mairie.")
    page.get_by_role("button", name="Enregistrer le texte de clôture").click()
    page.get_by_role("button", name="Diapositive de clôture").click()
    expect(page.get_by_text("Le projecteur affiche : diapositive de clôture.")).to_be_visible()
    expect(projector.get_by_text("Prochain atelier : le 3 juillet à la mairie.")).to_be_visible()
    expect(projector.get_by_role("heading", name="Merci pour vos idées !")).to_be_visible()
    projector.set_viewport_size({"width": 1280, "height": 720})
    _fits(projector)
    page.get_by_role("button", name="Accueil (code pour rejoindre)").click()
    expect(projector.get_by_role("heading", name="Rejoignez avec votre téléphone")).to_be_visible()
    _fits(projector)
    assert_accessible(projector)
    assert projector.locator("svg.qr-code").first.bounding_box()["width"] >= 300
    assert not page.js_errors


def test_console_on_a_phone_and_keyboard(phone_page, ws):
    login(phone_page, "animatrice@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{ws.process.pk}/ateliers/{ws.workshop.pk}/console/")
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)
    button = phone_page.get_by_role("button", name="Ouvrir le vote")
    button.focus()
    phone_page.keyboard.press("Enter")
    expect(phone_page.get_by_role("button", name="Clore le vote")).to_be_visible()


@pytest.fixture
def three_phones(browser, live_server):
    contexts = [
        browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            viewport={"width": 375, "height": 740},
            is_mobile=True,
            has_touch=True,
        )  # fmt: skip
        for _ in range(3)
    ]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_a_session_with_three_phones(page, ws, three_phones):
    """The whole room: three phones join, their ideas reach the projector under the
    question on screen, they vote, the results show; axe on every page."""
    import re

    projector = open_console_and_projector(page, ws)
    page.get_by_role("button", name="Afficher la question 1").click()
    expect(projector.get_by_role("heading", name="Quels besoins des structures ?")).to_be_visible()

    ideas = ["Un local partagé", "Une monnaie locale", "Un annuaire des acteurs"]
    for phone, name, idea in zip(three_phones, ["Lou", "Max", "Sam"], ideas, strict=True):
        phone.goto(f"/participer/{ws.workshop.join_code}/")
        phone.get_by_label("Votre nom ou un pseudonyme (facultatif)").fill(name)
        phone.get_by_role("button", name="Participer").click()
        phone.get_by_label("Votre idée").fill(idea)
        phone.get_by_role("button", name="Envoyer mon idée").click()
        expect(phone.get_by_text("Votre idée a été ajoutée. Merci !")).to_be_visible()
        # Sent without a question, it goes under the one on the projector.
        expect(projector.locator(".idea-card", has_text=idea)).to_be_visible()
    assert_accessible(three_phones[0])
    assert_no_horizontal_overflow(three_phones[0])
    assert_accessible(projector)

    projector.keyboard.press("v")
    expect(projector.get_by_role("heading", name="À vous de voter")).to_be_visible()
    for phone in three_phones:
        phone.reload()
        phone.locator("li.vote-item", has_text="Une monnaie locale").get_by_role(
            "button", name=re.compile("ajouter une gommette")
        ).click()
        expect(phone.get_by_text("Il vous reste 2 gommettes sur 3.")).to_be_visible()
    assert_accessible(three_phones[1])
    expect(projector.locator("#voter-count")).to_have_text("3")
    projector.keyboard.press("r")
    chart = projector.get_by_role("table", name="Idées par points reçus")
    expect(chart.get_by_role("row", name="Une monnaie locale")).to_contain_text("3")
    assert_accessible(projector)
    assert not page.js_errors
