"""A facilitator prepares a workshop, captures ideas with the keyboard only, and the
projector view picks them up by itself (HTMX polling), in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from essor.contributions.models import Contribution
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


@pytest.fixture
def process(cast, settings, live_server):
    settings.SITE_URL = live_server.url  # the join link and its QR code are absolute
    return cast.process


def _type_line(page, line: str) -> None:
    page.keyboard.type(line)
    page.keyboard.press("Enter")
    # Saved through HTMX: the line is listed and the field is empty again, still focused.
    expect(page.locator("#id_text")).to_have_value("")
    expect(page.locator("#id_text")).to_be_focused()


def test_facilitator_captures_ideas_and_projector_follows(page, process):
    pid = process.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/ateliers/")
    expect(page.get_by_role("heading", name="Ateliers", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Créer un atelier").click()
    expect(page.get_by_role("heading", name="Nouvel atelier")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Titre").fill("Atelier acteurs de l’ESS")
    page.get_by_label(re.compile(r"^Date\W*$")).fill("2026-06-04")
    page.get_by_label("Objectifs").fill("Recueillir les besoins des structures.")
    page.get_by_role("button", name="Créer l’atelier").click()
    expect(page.get_by_text("L’atelier a été créé.")).to_be_visible()

    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(
        page.get_by_role("heading", name="Modifier « Atelier acteurs de l’ESS »")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Texte de la question 1").fill("Quels besoins des structures ?")
    page.get_by_label("Texte de la question 2").fill("Quelles coopérations ?")
    page.get_by_label("Gommettes par participant").fill("4")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L’atelier a été enregistré.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Quelles coopérations ?")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ouvrir la saisie en direct").click()
    expect(page.get_by_role("heading", name=re.compile("^Saisie en direct"))).to_be_visible()
    assert_accessible(page)
    # htmx is loaded with "defer": typing before it has processed the form would
    # submit it the no-JavaScript way (a full page load), which this story is not about.
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.essorNoReload = true")
    text_field = page.locator("#id_text")
    expect(text_field).to_be_focused()  # ready to type as soon as the page opens

    first = page.get_by_label("Question", exact=True)
    first.select_option(label="Quels besoins des structures ?")
    text_field.focus()
    _type_line(page, "b: il manque un lieu pour se réunir")
    _type_line(page, "f : des financements trop courts")
    _type_line(page, "Un annuaire des structures")
    expect(page.locator("#capture-status")).to_contain_text(
        "Enregistrée (idée d’action) : Un annuaire"
    )
    needs = page.locator(
        "section.board-group",
        has=page.get_by_role("heading", name="Quels besoins des structures ?"),
    )
    expect(needs.locator("li.idea")).to_have_count(3)
    expect(needs.locator("li.idea").first).to_contain_text("Besoin")
    expect(needs.locator("li.idea").first).to_contain_text("il manque un lieu pour se réunir")

    # Switch question with the keyboard: Tab to the question select, arrow down, back.
    # Start from the kind select: a late HTMX settle may still give the focus back to
    # the text field, which is the board's intended behaviour after a save.
    page.locator("#id_kind").focus()
    page.keyboard.press("Tab")  # question
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(first.locator("option:checked")).to_have_text("Quelles coopérations ?")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(text_field).to_be_focused()
    _type_line(page, "l: la commande publique responsable")
    _type_line(page, "i: un tiers-lieu partagé")
    coops = page.locator(
        "section.board-group", has=page.get_by_role("heading", name="Quelles coopérations ?")
    )
    expect(coops.locator("li.idea")).to_have_count(2)
    expect(coops).to_contain_text("Levier")
    expect(coops).to_contain_text("Idée d’action")
    assert page.evaluate("window.essorNoReload") is True  # no page reload happened

    # An empty line: a French error at the field, nothing saved, focus kept.
    page.keyboard.press("Enter")
    expect(page.locator("#id_text_error")).to_contain_text("vide")
    expect(text_field).to_be_focused()
    assert_accessible(page)
    assert Contribution.objects.filter(process=process).count() == 5

    projector = page.context.new_page()
    projector.goto(page.url.replace("/saisie/", "/projection/"))
    expect(
        projector.get_by_role("heading", name="Atelier acteurs de l’ESS", level=1)
    ).to_be_visible()
    expect(projector.get_by_text("un tiers-lieu partagé")).to_be_visible()
    assert_accessible(projector)

    page.bring_to_front()
    text_field.focus()
    _type_line(page, "a: un réseau d’acteurs déjà actif")
    # The projector was not reloaded: its list refreshed itself within a few seconds.
    expect(projector.get_by_text("un réseau d’acteurs déjà actif")).to_be_visible(timeout=8_000)
    expect(projector.locator("li", has_text="un réseau d’acteurs déjà actif")).to_contain_text(
        "Atout"
    )
    assert page.js_errors == []


def test_board_fits_a_phone(phone_page, process):
    from essor.workshops.services import create_workshop

    workshop = create_workshop(process=process, title="Atelier téléphone", questions=["Q1 ?"])
    login(phone_page, "animatrice@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{process.pk}/ateliers/{workshop.pk}/saisie/")
    phone_page.locator("#id_text").fill("b: un besoin noté au téléphone avec un texte assez long")
    phone_page.get_by_role("button", name="Enregistrer la ligne").click()
    expect(phone_page.locator("li.idea")).to_contain_text("un besoin noté au téléphone")
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)
    phone_page.goto(f"/demarches/{process.pk}/ateliers/{workshop.pk}/")
    assert_no_horizontal_overflow(phone_page)


def test_facilitator_runs_the_vote_from_the_workshop_pages(page, browser, live_server, process):
    """The new facilitator's story: open the vote from the workshop's page, a participant
    votes from a phone, close the vote from the capture board. No unlinked URL needed."""
    from django.core.cache import cache

    from essor.contributions.services import add_contribution
    from essor.participation.models import Vote
    from essor.workshops.models import VoteStatus, Workshop
    from essor.workshops.services import create_workshop

    cache.clear()  # rate limits of the join page
    workshop = create_workshop(
        process=process, title="Atelier priorisation", questions=["Quels freins ?"]
    )
    add_contribution(process=process, workshop=workshop, text="Manque de locaux", kind="obstacle")
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{process.pk}/ateliers/")
    page.get_by_role("link", name="Atelier priorisation").click()
    vote = page.locator(".vote-controls")
    expect(vote).to_contain_text("pas commencé")
    assert_accessible(page)
    vote.get_by_role("button", name="Ouvrir le vote").click()
    expect(page.get_by_text("Le vote est ouvert")).to_be_visible()
    expect(page.get_by_role("heading", name="Atelier priorisation", level=1)).to_be_visible()
    expect(vote.get_by_role("button", name="Clore le vote")).to_be_visible()
    assert_accessible(page)
    assert Workshop.objects.get(pk=workshop.pk).vote_status == VoteStatus.OPEN

    phone_context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 375, "height": 740}
    )
    phone = phone_context.new_page()
    phone.goto("/participer/")
    phone.get_by_label("Code de l’atelier").fill(workshop.join_code)
    phone.get_by_role("button", name="Rejoindre").click()
    phone.get_by_role("button", name="Participer").click()
    phone.locator("li.vote-item", has_text="Manque de locaux").get_by_role(
        "button", name=re.compile("ajouter une gommette")
    ).click()
    expect(phone.get_by_text("Il vous reste 2 gommettes sur 3.")).to_be_visible()
    assert Vote.objects.filter(contribution__workshop=workshop).count() == 1

    # The projector view shows the vote's state and its controls to the facilitator.
    page.get_by_role("link", name="Vue projection").click()
    expect(page.locator(".vote-controls")).to_contain_text("ouvert")
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Ouvrir la saisie en direct").click()
    expect(page.get_by_role("heading", name=re.compile("^Saisie en direct"))).to_be_visible()
    page.locator(".vote-controls").get_by_role("button", name="Clore le vote").click()
    expect(page.get_by_text("Le vote est clos : les résultats sont définitifs.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Saisie en direct"))).to_be_visible()
    expect(
        page.locator(".vote-controls").get_by_role("button", name="Rouvrir le vote")
    ).to_be_visible()
    assert_accessible(page)
    assert Workshop.objects.get(pk=workshop.pk).vote_status == VoteStatus.CLOSED

    phone.reload()
    expect(phone.get_by_text("Le vote est clos. Merci de votre participation !")).to_be_visible()
    phone_context.close()
    assert page.js_errors == []
