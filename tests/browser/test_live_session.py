"""A whole live session in Chromium: the facilitator drives it from the console and from
the projector's keys; the projector (1920x1080, then 1280x720) follows; three phones join,
propose and vote. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_participation import phones, workshop  # noqa: F401 (fixtures)

FULL_HD = {"width": 1920, "height": 1080}
SMALL = {"width": 1280, "height": 720}


def _fits(page) -> None:
    """Nothing on the projector scrolls or sticks out of the screen."""
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth - window.innerWidth,"
        " document.documentElement.scrollHeight - window.innerHeight]"
    )
    assert overflow[0] <= 1 and overflow[1] <= 1, f"overflow {overflow} on {page.url}"


def _join(phone, code, name):
    phone.goto(f"/participer/{code}/")
    phone.get_by_label("Votre nom ou un pseudonyme (facultatif)").fill(name)
    phone.get_by_role("button", name="Participer").click()


@pytest.mark.django_db(transaction=True)
def test_a_whole_session_from_the_console_and_the_projector(page, phones, cast, workshop):  # noqa: F811
    base = f"/demarches/{cast.process.pk}/ateliers/{workshop.pk}"
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Console d’animation").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Console"))).to_be_visible()
    assert_accessible(page)

    projector = page.context.new_page()
    errors = []
    projector.on("pageerror", lambda exc: errors.append(str(exc)))
    projector.set_viewport_size(FULL_HD)
    projector.goto(f"{base}/projection/")
    code = workshop.join_code
    expect(projector.locator(".join-code-big").first).to_have_text(code)
    # Readable from the back of the room: the code and the QR code are large.
    assert projector.locator(".join-code-big").first.bounding_box()["height"] > 100
    assert projector.locator(".qr-big svg").bounding_box()["height"] > 500
    assert projector.locator(".site-header").count() == 0
    _fits(projector)
    assert_accessible(projector)

    for phone, name in zip(phones, ["Lou", "Max", "Sam"], strict=True):
        _join(phone, code, name)
    assert_accessible(phones[0])

    # The console puts the first question on screen; the projector follows within 2 s.
    page.get_by_role("button", name="Mettre à l’écran : Quels freins ?").click()
    expect(projector.locator("[data-question-text]")).to_have_text("Quels freins ?", timeout=3000)
    expect(projector.get_by_text("Question 1 sur 2")).to_be_visible()
    # A phone's idea appears as a card on the projector.
    phones[0].get_by_label("Votre idée").fill("Un local partagé pour les petites assos")
    phones[0].get_by_role("button", name="Envoyer mon idée").click()
    expect(phones[0].get_by_text("Votre idée a été ajoutée. Merci !")).to_be_visible()
    from essor.contributions.models import Contribution

    # Sent under no question, it goes under the one on the projector.
    idea = Contribution.objects.get(text="Un local partagé pour les petites assos")
    assert idea.question.text == "Quels freins ?"
    expect(projector.locator(".idea-cards").get_by_text("Un local partagé")).to_be_visible(
        timeout=4000
    )
    _fits(projector)
    assert_accessible(projector)

    # The keys of the projector drive the session: next question, then the vote.
    projector.keyboard.press("ArrowRight")
    expect(projector.locator("[data-question-text]")).to_have_text("Quelles coopérations ?")
    projector.keyboard.press("ArrowRight")  # no question after the last: said in French
    expect(projector.locator("[data-message]")).to_have_text("C’est la dernière question.")
    projector.keyboard.press("?")
    expect(projector.get_by_role("heading", name="Raccourcis clavier")).to_be_visible()
    assert_accessible(projector)
    projector.keyboard.press("?")
    projector.keyboard.press("v")
    expect(projector.get_by_role("heading", name="Votez sur votre téléphone")).to_be_visible()
    workshop.refresh_from_db()
    assert workshop.vote_status == "open"
    for phone in phones[:2]:
        phone.reload()
        phone.locator("li.vote-item", has_text="Manque de locaux partagés").get_by_role(
            "button", name=re.compile("ajouter une gommette")
        ).click()

    # Results revealed: a bar chart with its data table.
    projector.keyboard.press("r")
    results = projector.locator(".results-live table")
    expect(results).to_be_visible()
    expect(results.locator("tbody tr").first).to_contain_text("Manque de locaux partagés")
    expect(results.locator("tbody tr").first.locator("td").nth(1)).to_have_text("2", timeout=5000)
    assert projector.locator(".results-live .bar").count() >= 1
    assert_accessible(projector)

    # The timer, set in the console, counts down on the projector.
    page.reload()
    page.get_by_label("Durée (minutes)").fill("2")
    page.get_by_role("button", name="Lancer le minuteur").click()
    expect(projector.locator(".timer")).to_be_visible(timeout=3000)
    expect(projector.locator("[data-timer-text]")).to_have_text(re.compile(r"^[12]:\d\d$"))
    assert_accessible(page)

    # The closing slide, with what comes next; then the same projector at 1280x720.
    page.get_by_label("La suite").fill("Restitution le 12 juin à la Maison de l’ESS.")
    page.get_by_role("button", name="Enregistrer le texte de clôture").click()
    projector.keyboard.press("c")
    expect(projector.get_by_role("heading", name="Merci !")).to_be_visible()
    projector.reload()  # the closing text is rendered with the page
    expect(projector.get_by_text("Restitution le 12 juin")).to_be_visible()
    _fits(projector)
    assert_accessible(projector)
    projector.set_viewport_size(SMALL)
    _fits(projector)
    page.goto(f"{base}/console/")
    page.get_by_role("button", name="Accueil (code pour rejoindre)").click()
    expect(projector.locator(".join-code-big").first).to_be_visible(timeout=3000)
    _fits(projector)
    assert projector.locator(".qr-big svg").bounding_box()["height"] > 300
    assert not errors, errors
