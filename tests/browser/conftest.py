"""Browser tests: Playwright driving the system's Chromium, axe-core for accessibility.

Skipped with a clear message when no Chromium is installed on a developer's
machine; mandatory when CI=true (a missing browser is then an error).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# would otherwise refuse to run there. Only the browser tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [os.environ.get("ESSOR_CHROMIUM", ""), "/usr/bin/chromium"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [i for i in items if Path(str(i.fspath)).is_relative_to(here)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if find_chromium() is None and browser_items:
        if os.environ.get("CI", "").lower() == "true":
            raise pytest.UsageError(
                "CI=true but no Chromium found: install Debian's chromium package "
                "(.ci/run does) or set ESSOR_CHROMIUM."
            )
        skip = pytest.mark.skip(
            reason="Browser tests skipped: no Chromium found (apt-get install chromium, "
            "or set ESSOR_CHROMIUM); they are mandatory when CI=true."
        )
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    pg.js_errors = errors
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    pg = context.new_page()
    yield pg
    context.close()


_AXE = None


def assert_accessible(page) -> None:
    """Run axe-core on the current page; fail listing every violation."""
    global _AXE
    from axe_playwright_python.sync_playwright import Axe

    if _AXE is None:
        _AXE = Axe()
    results = _AXE.run(page)
    violations = results.response["violations"]
    if violations:
        lines = []
        for v in violations:
            targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
        pytest.fail(f"axe-core violations on {page.url}:\n" + "\n".join(lines))


def assert_no_horizontal_overflow(page) -> None:
    """The page body must fit the phone's width (tables scroll inside their wrapper)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} overflows horizontally by {overflow}px"


def login(page, email: str, password: str) -> None:
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


@pytest.fixture
def ws(cast, settings, live_server):
    """A workshop of the cast's process for the live session (essor.workshops.tests.data),
    its absolute links (QR code) pointing at the test server."""
    from essor.workshops.tests.data import make_workshop

    settings.SITE_URL = live_server.url
    return make_workshop(cast)


def open_console_and_projector(page, ws):
    """The facilitator signed in on the console in ``page``, and the projector (1920×1080)
    in a second tab of the same browser; returns the projector's page. Clears the cache
    first: the join page's rate limits count every phone of the test."""
    from django.core.cache import cache

    from conftest import PASSWORD

    cache.clear()
    pid, wid = ws.process.pk, ws.workshop.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/ateliers/{wid}/console/")
    projector = page.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"/demarches/{pid}/ateliers/{wid}/presentation/")
    return projector
