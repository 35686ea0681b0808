"""The public portal in Chromium, with axe-core on every page.

An anonymous visitor on a phone (390×844) finds a published process from the home page's
search, reaches it with the keyboard, reads its public page, then its calendar and its
roadmap; nothing internal shows on the way.
"""

from __future__ import annotations

import pytest

from essor.portal.models import PortalSettings
from essor.portal.tests.conftest import public, setup, themes  # noqa: F401
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow

TABS = 40  # more than the header's links and controls before the search field


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    context.close()


def _tab_to(page, selector: str) -> None:
    """Press Tab until ``selector`` has the focus (fails if it never gets it)."""
    for _index in range(TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def _check(page) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    html = page.content()
    for text in ("Réunion des services confidentielle", "visio.example.org", "Claude Contributeur"):
        assert text not in html, (page.url, text)


def test_an_anonymous_visitor_finds_and_reads_a_process_on_a_phone(
    phone,
    public,  # noqa: F811 (the fixture imported above)
):
    PortalSettings.objects.create(process=public.process, show_themes=True, show_decisions=True)
    phone.goto("/")
    _check(phone)
    _tab_to(phone, "#id_q")
    phone.keyboard.type("86194")  # Poitiers' INSEE code: the process of its EPCI
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/?q=86194*")
    assert "1 démarche publiée" in phone.locator("main").inner_text()
    _check(phone)
    _tab_to(phone, f'a[href="/demarches/{public.process.pk}/portail/"]')
    phone.keyboard.press("Enter")
    phone.wait_for_selector("h1:has-text('Plan ESS du Grand Poitiers')")
    main = phone.locator("main").inner_text()
    for text in ("Où en est la démarche", "Ateliers de co-construction", "Forum ouvert ESS",
                 "Un lieu commun", "Un tiers-lieu pour se croiser.", "Feuille de route",
                 "Comité de pilotage"):  # fmt: skip
        assert text in main, text
    current = phone.locator("li[aria-current=step]")
    assert "Ateliers de co-construction" in current.inner_text()
    assert phone.locator("meta[property='og:title']").get_attribute("content") == (
        "Plan ESS du Grand Poitiers"
    )
    _check(phone)

    _tab_to(phone, f'a[href="/demarches/{public.process.pk}/portail/agenda/"]')
    phone.keyboard.press("Enter")
    phone.wait_for_selector("h1:has-text('Réunions publiques')")
    assert "Venez nombreux" in phone.locator("main").inner_text()
    ics = phone.get_by_role("link", name="Fichier d’agenda (.ics) des réunions publiques")
    assert ics.get_attribute("href") == f"/demarches/{public.process.pk}/portail/agenda.ics"
    _check(phone)

    phone.get_by_role("link", name="Retour à la démarche").click()
    phone.get_by_role("link", name="Lire la feuille de route et où en est chaque action").click()
    phone.wait_for_selector("text=Créer un club ESS")
    _check(phone)
    assert not phone.js_errors, phone.js_errors
