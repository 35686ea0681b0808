"""A workshop's prioritisation in Chromium: three phones join by code, add ideas,
vote with dots while the facilitator's results table updates by itself; once the
vote is closed, a late vote is refused in French."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def workshop(cast):
    from django.core.cache import cache

    from essor.contributions.services import add_contribution
    from essor.workshops.services import create_workshop

    cache.clear()  # rate limits
    workshop = create_workshop(
        process=cast.process,
        title="Atelier des acteurs de l’ESS",
        questions=["Quels freins ?", "Quelles coopérations ?"],
        actor=cast.facilitator,
    )
    for text in ("Manque de locaux partagés", "Accès difficile aux marchés publics"):
        add_contribution(process=cast.process, workshop=workshop, text=text, kind="obstacle")
    return workshop


@pytest.fixture
def phones(browser, live_server):
    """Three participants' phones; the third has JavaScript disabled."""
    contexts = [
        browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            java_script_enabled=index < 2,
        )
        for index in range(3)
    ]
    for context in contexts:
        context.set_default_timeout(15_000)
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def _points(page, idea: str):
    return page.locator("#results tbody tr", has_text=idea).locator("td").nth(1)


def _plus(phone, idea: str):
    item = phone.locator("li.vote-item", has_text=idea)
    return item.get_by_role("button", name=re.compile("ajouter une gommette"))


def test_three_phones_join_add_ideas_and_vote_live(page, phones, cast, workshop):
    code = workshop.join_code
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/participer/gestion/{cast.process.pk}/{workshop.pk}/resultats/")
    assert page.get_by_role("heading", level=1, name=re.compile("Résultats du vote")).is_visible()
    assert_accessible(page)

    # Everyone types the code shown on the screen, in lower case with a space.
    for phone in phones:
        phone.goto("/participer/")
    assert_accessible(phones[0])
    assert_no_horizontal_overflow(phones[0])
    phones[0].get_by_label("Code de l’atelier").fill("zzz zzz")
    phones[0].get_by_role("button", name="Rejoindre").click()
    assert phones[0].get_by_text("Aucun atelier n’a le code « ZZZZZZ »").is_visible()
    assert_accessible(phones[0])
    for phone in phones:
        phone.get_by_label("Code de l’atelier").fill(f"{code[:3].lower()} {code[3:].lower()}")
        phone.get_by_role("button", name="Rejoindre").click()
    for phone in phones:
        expect(phone).to_have_url(re.compile(f"/participer/{code}/$"))
    assert_accessible(phones[0])
    for phone, name in zip(phones, ["Lou", "Max", "Sam"], strict=True):
        phone.get_by_label("Votre nom ou un pseudonyme (facultatif)").fill(name)
        phone.get_by_role("button", name="Participer").click()

    # Each one adds an idea (the third without JavaScript: a normal form post).
    ideas = ["Un tiers-lieu de l’ESS", "Une monnaie locale", "Un annuaire des acteurs"]
    for phone, idea in zip(phones, ideas, strict=True):
        phone.get_by_label("Type d’idée").select_option(label="idée d’action")
        phone.get_by_label("Votre idée").fill(idea)
        phone.get_by_role("button", name="Envoyer mon idée").click()
        expect(phone.get_by_text("Votre idée a été ajoutée. Merci !")).to_be_visible()
        expect(phone.locator(".my-ideas")).to_contain_text(idea)
    phones[0].get_by_label("Votre idée").fill("   ")
    phones[0].get_by_role("button", name="Envoyer mon idée").click()
    expect(phones[0].get_by_text("Écrivez votre idée avant de l’envoyer.")).to_be_visible()
    assert_accessible(phones[0])
    assert_no_horizontal_overflow(phones[0])

    # The facilitator opens the vote; the phones with JavaScript see it by themselves.
    page.get_by_role("button", name="Ouvrir le vote").click()
    expect(page.get_by_text("Le vote est ouvert")).to_be_visible()
    for phone in phones[:2]:
        expect(phone.get_by_text("Il vous reste 3 gommettes sur 3.")).to_be_visible(timeout=12_000)
    phones[2].reload()
    assert_accessible(phones[0])
    assert_no_horizontal_overflow(phones[0])

    # Votes: Lou 2 dots + 1, Max 1, Sam (no JS) 1 on the same idea.
    # With the keyboard: only the idea and the counter are swapped, the focus stays put.
    _plus(phones[0], "Une monnaie locale").press("Enter")
    expect(phones[0].get_by_text("Il vous reste 2 gommettes sur 3.")).to_be_visible()
    expect(_plus(phones[0], "Une monnaie locale")).to_be_focused()
    expect(phones[0].locator("li.vote-item", has_text="Une monnaie locale")).to_contain_text(
        "1 gommette"
    )
    _plus(phones[0], "Une monnaie locale").click()
    expect(phones[0].get_by_text("Il vous reste 1 gommette sur 3.")).to_be_visible()
    _plus(phones[0], "Manque de locaux partagés").click()
    expect(phones[0].get_by_text("Il vous reste 0 gommette sur 3.")).to_be_visible()
    expect(_plus(phones[0], "Un tiers-lieu")).to_be_disabled()
    _plus(phones[1], "Une monnaie locale").click()
    expect(phones[1].get_by_text("Il vous reste 2 gommettes sur 3.")).to_be_visible()
    _plus(phones[2], "Une monnaie locale").click()
    expect(phones[2].get_by_text("Votre vote a été enregistré.")).to_be_visible()
    # (axe needs JavaScript: the same pages are checked on the other phones)

    # The results table refreshes by itself.
    expect(_points(page, "Une monnaie locale")).to_have_text("4", timeout=10_000)
    expect(_points(page, "Manque de locaux partagés")).to_have_text("1")
    expect(page.locator("#results")).to_contain_text("3 votants (participants\u00a0: 3).")
    assert_accessible(page)
    # The phones with JavaScript numbered their presses (participation/vote.js): the
    # last number per idea is kept; Sam's phone, without JavaScript, sent none.
    from essor.participation.models import Participant

    seqs = dict(Participant.objects.values_list("name", "vote_seqs"))
    assert (len(seqs["Lou"]), len(seqs["Max"]), seqs["Sam"]) == (2, 1, {})

    # Closed: a late vote (a page loaded before closing, without JavaScript) is refused.
    page.get_by_role("button", name="Clore le vote").click()
    expect(page.get_by_text("Le vote est clos : les résultats sont définitifs.")).to_be_visible()
    _plus(phones[2], "Un annuaire des acteurs").click()
    expect(
        phones[2].get_by_text("Le vote est clos : votre choix n’a pas été enregistré.")
    ).to_be_visible()
    expect(phones[0].get_by_text("Le vote est clos. Merci de votre participation !")).to_be_visible(
        timeout=12_000
    )
    assert_accessible(phones[0])
    expect(_points(page, "Un annuaire des acteurs")).to_have_text("0")
    assert not page.js_errors


def test_facilitator_sees_participants_and_removes_one(page, phones, cast, workshop):
    for phone, name in zip(phones[:2], ("Lou", "Sam"), strict=True):
        phone.goto(f"/participer/{workshop.join_code}/")
        phone.get_by_label("Votre nom ou un pseudonyme (facultatif)").fill(name)
        phone.get_by_role("button", name="Participer").click()
        expect(phone.get_by_role("button", name="Envoyer mon idée")).to_be_visible()
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/participer/gestion/{cast.process.pk}/{workshop.pk}/resultats/")
    page.get_by_role("link", name="Participants").click()
    # Both joined from the same address within a minute: not yet a burst (three are).
    expect(page.get_by_role("row", name=re.compile("Lou"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Retirer\s*Sam")).click()
    expect(page.get_by_role("heading", name="Retirer « Sam » de l’atelier ?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Retirer le participant").click()
    expect(page.get_by_text("Le participant a été retiré (il n’avait pas voté).")).to_be_visible()
    sam_row = page.get_by_role("row", name=re.compile("Sam"))
    expect(sam_row.get_by_text("retiré", exact=True)).to_be_visible()
    assert_accessible(page)
    # Sam's phone is told, in French, and cannot join again from this browser.
    sam = phones[1]
    sam.goto(f"/participer/{workshop.join_code}/")
    expect(sam.get_by_role("heading", name="Vous avez été retiré de cet atelier")).to_be_visible()
    assert_accessible(sam)
    # The facilitator lets Sam back in: the phone finds its page again.
    sam_row.get_by_role("button", name=re.compile(r"Réintégrer\s*Sam")).click()
    expect(page.get_by_text("Le participant a été réintégré")).to_be_visible()
    sam.goto(f"/participer/{workshop.join_code}/")
    expect(sam.get_by_role("button", name="Envoyer mon idée")).to_be_visible()
