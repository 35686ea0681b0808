"""The API's documentation page and a workspace administrator's API keys, with the keyboard
and a screen reader (axe-core)."""

import re

from conftest import PASSWORD
from essor.api.models import ApiKey
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_the_api_documentation_page(page, db):
    page.goto("/api/v1/docs/")
    assert page.get_by_role("heading", name="API de lecture", exact=True).is_visible()
    page.get_by_role("link", name="GET /api/v1/processes/{process_id}/actions/").click()
    assert page.get_by_role("table", name="Champs de chaque résultat").first.is_visible()
    assert_accessible(page)
    assert page.js_errors == []


def test_an_administrator_creates_and_revokes_a_key(page, cast):
    login(page, "animatrice@example.org", PASSWORD)
    page.goto("/espaces/")
    page.get_by_role("link", name="Clés d’API : Grand Poitiers").click()
    assert_accessible(page)
    page.get_by_label("Nom").fill("Tableau de bord du conseil")
    page.get_by_role("button", name="Créer la clé").click()
    new_key = page.get_by_label("La nouvelle clé")
    assert new_key.input_value().startswith(ApiKey.objects.get().prefix)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    row = page.get_by_role("row").filter(has_text="Tableau de bord du conseil")
    row.get_by_role("button", name=re.compile(r"^Révoquer")).click()
    page.get_by_text("La clé Tableau de bord du conseil a été révoquée.").wait_for()
    assert ApiKey.objects.get().revoked_at is not None
    assert_accessible(page)
    assert page.js_errors == []
