"""A platform admin imports the SIRENE stock files dropped on the server and follows the
import's progress on its page (background work)."""

import pytest

from conftest import PASSWORD
from essor.observatory.tests.stock import write_stock
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_platform_admin_imports_the_register_and_follows_its_progress(
    page, cast, live_server, settings, tmp_path
):
    from essor.observatory import register

    settings.SIRENE_DIR = tmp_path / "sirene"
    settings.SIRENE_INBOX = tmp_path / "inbox"
    settings.SIRENE_INBOX.mkdir()
    write_stock(settings.SIRENE_INBOX)
    login(page, cast.admin.email, PASSWORD)
    page.get_by_role("link", name="Le répertoire SIRENE de la plateforme").click()
    page.get_by_role("heading", name="Répertoire SIRENE", level=1).wait_for()
    assert page.get_by_text("Aucun répertoire n’a encore été importé.").is_visible()
    assert_accessible(page)
    page.get_by_label("Fichier des unités légales").select_option("StockUniteLegale_utf8.csv")
    page.get_by_label("Fichier des établissements").select_option("StockEtablissement_utf8.csv")
    page.get_by_role("button", name="Lancer l’import").click()
    page.get_by_role("heading", name="Travail en cours").wait_for()
    bar = page.locator("progress#job-bar")
    bar.wait_for()
    page.get_by_text("établissements actifs importés").wait_for()
    assert bar.get_attribute("value") == "100"
    assert page.get_by_text("100\u202f% effectués").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    version = register.current_version()
    page.get_by_text(version.name).wait_for()
    assert_accessible(page)
    # On a phone the progress page stays readable.
    page.set_viewport_size({"width": 375, "height": 740})
    page.go_back()
    assert page.locator("progress#job-bar").is_visible()
