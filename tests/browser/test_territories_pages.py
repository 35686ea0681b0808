"""Find a territory in the real reference data, open it, and read its members."""

import pytest
from django.core.management import call_command

from essor.processes.models import Process
from essor.territories.lookup import resolve_key
from essor.workspaces.models import Workspace
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow


@pytest.fixture
def territories(live_server):
    call_command("load_territories", verbosity=0)


def test_search_grand_poitiers_live_and_open_its_members(page, territories):
    workspace = Workspace.objects.create(name="Grand Poitiers", slug="grand-poitiers")
    process = Process.objects.create(
        workspace=workspace, title="Plan ESS du Grand Poitiers", is_published=True
    )
    process.territories.add(resolve_key("epci:200069854"))
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Territoires"
    ).click()
    assert page.get_by_role("heading", level=1, name="Territoires").is_visible()
    assert_accessible(page)

    # Typing is enough: the results come while typing (HTMX), no submit needed.
    page.get_by_label("Nom ou code").press_sequentially("grand poitiers", delay=20)
    page.get_by_role("status").get_by_text(
        "1 territoire correspond à « grand poitiers »."
    ).wait_for()
    results = page.get_by_role("table", name="Résultats de la recherche")
    assert results.get_by_role("cell", name="200069854").is_visible()
    assert "q=grand%20poitiers" in page.url  # the address can be shared
    assert_accessible(page)

    results.get_by_role("link", name="CU du Grand Poitiers").click()
    assert page.get_by_role("heading", level=1, name="CU du Grand Poitiers").is_visible()
    members = page.get_by_role("table", name="communes membres de la CU du Grand Poitiers")
    assert members.get_by_role("link", name="Poitiers", exact=True).is_visible()
    assert members.get_by_role("link", name="Saint-Benoît", exact=True).is_visible()
    assert page.get_by_text("Plan ESS du Grand Poitiers").is_visible()
    assert_accessible(page)

    members.get_by_role("link", name="Poitiers", exact=True).click()
    assert page.get_by_role("heading", level=1, name="Poitiers").is_visible()
    assert page.get_by_text("86194").is_visible()
    breadcrumbs = page.get_by_role("navigation", name="Fil d’Ariane")
    assert breadcrumbs.get_by_role("link", name="Vienne").is_visible()
    assert_accessible(page)
    breadcrumbs.get_by_role("link", name="Vienne").click()
    assert page.get_by_role("heading", level=1, name="Vienne").is_visible()
    assert_accessible(page)
    assert page.js_errors == []


def test_search_works_without_javascript(browser, live_server, territories):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/territoires/")
    page.get_by_label("Nom ou code").fill("86194")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Poitiers", exact=True).click()
    assert page.get_by_role("heading", level=1, name="Poitiers").is_visible()
    context.close()


def test_territory_pages_fit_a_phone(phone_page, territories):
    phone_page.goto("/territoires/?q=saint")
    assert phone_page.get_by_text("Plus de 50 territoires correspondent").is_visible()
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)
    phone_page.goto("/territoires/epci/200069854/")
    assert_no_horizontal_overflow(phone_page)
