"""A workspace administrator saves a process as an archive and brings it back, with the
keyboard-usable pages of the archives and of the job, each checked by axe."""

from conftest import PASSWORD
from essor.processes.models import Process
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_an_administrator_exports_a_process_and_imports_the_archive(page, cast, tmp_path):
    login(page, "animatrice@example.org", PASSWORD)
    page.goto("/espaces/")
    page.get_by_role("link", name="Archives des démarches de Grand Poitiers").click()
    page.get_by_role("heading", name="Archives des démarches de Grand Poitiers").wait_for()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("button", name="Exporter « Plan ESS du Grand Poitiers »").click()
    page.get_by_role("heading", name="Archive d’une démarche").wait_for()
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger demarche-").click()
    archive = tmp_path / info.value.suggested_filename
    info.value.save_as(archive)

    page.goto("/espaces/grand-poitiers/archives/")
    page.get_by_label("Archive (.zip faite par Essor)").set_input_files(str(archive))
    page.get_by_role("button", name="Vérifier l’archive").click()
    page.get_by_role("heading", name="Import de « Plan ESS du Grand Poitiers »").wait_for()
    assert page.get_by_role("table", name="Lignes à créer").is_visible()
    assert_accessible(page)
    before = Process.objects.count()
    page.get_by_role("button", name="Importer la démarche").click()
    page.get_by_role("heading", name="Import d’une archive de démarche").wait_for()
    page.get_by_text("La démarche « Plan ESS du Grand Poitiers » a été importée.").wait_for()
    assert_accessible(page)
    assert Process.objects.count() == before + 1
    assert page.js_errors == []
