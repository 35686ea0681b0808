"""Raw notes in real Chromium: a facilitator pastes notes, corrects and skips lines, finds
them in the list filtered by question, then imports a .docx. axe-core on every page."""

import io

from conftest import PASSWORD
from essor.core.tests.french import plain
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

NOTES = """# Quels besoins ?
- b: Un local partagé pour les associations
- Frein : le coût du foncier
# Qui mobiliser ?
- Levier - les bailleurs sociaux
- ligne à ignorer
"""


def _docx() -> dict:
    import docx

    document = docx.Document()
    document.add_heading("Qui mobiliser ?", level=1)
    document.add_paragraph("a: des bénévoles très engagés", style="List Bullet")
    document.add_paragraph("Une coopérative jeunesse", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return {
        "name": "atelier.docx",
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "buffer": out.getvalue(),
    }


def test_facilitator_imports_pasted_notes_and_a_docx(page, phone_page, cast):
    from essor.workshops.services import create_workshop

    workshop = create_workshop(
        process=cast.process, title="Atelier diagnostic", questions=["Quels besoins ?"]
    )
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{cast.process.pk}/contributions/")
    page.get_by_role("heading", name="Contributions", level=1).wait_for()
    assert page.get_by_text("Aucune contribution pour l’instant").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Importer des notes brutes").click()
    page.get_by_role("heading", name="Importer des notes brutes").wait_for()
    assert_accessible(page)
    page.get_by_label("Atelier").select_option(label=workshop.title)
    page.get_by_label("Collez les notes").fill(NOTES)
    page.get_by_role("button", name="Lire les notes").click()

    page.get_by_role("heading", name="Relire les notes importées").wait_for()
    assert page.get_by_text("4 idées lues pour l’atelier « Atelier diagnostic »").is_visible()
    line3 = page.get_by_role("group", name="Ligne 3")
    assert line3.get_by_label("Type").input_value() == "obstacle"
    assert line3.get_by_label("Question").input_value().startswith("q:")
    line5 = page.get_by_role("group", name="Ligne 5")
    assert line5.get_by_label("Type").input_value() == "lever"
    question = plain(line5.get_by_label("Question").inner_text())
    assert "Nouvelle question : Qui mobiliser ?" in question
    assert_accessible(page)
    line3.get_by_label("Type").select_option(label="Point faible")  # corrected
    page.get_by_role("group", name="Ligne 6").get_by_label("Ne pas importer cette ligne").check()
    page.get_by_role("button", name="Importer ces idées").click()

    # The writing is background work: its page shows the progress bar, then the outcome.
    page.get_by_role("heading", name="Import de notes").wait_for()
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert page.get_by_text("3 contributions importées dans « Atelier diagnostic »").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("heading", name="Contributions", level=1).wait_for()
    table = page.get_by_role("table", name="Contributions de la démarche")
    assert table.get_by_text("le coût du foncier").is_visible()
    assert (
        table.get_by_role("row", name="le coût du foncier").get_by_text("Point faible").is_visible()
    )
    assert table.get_by_text("ligne à ignorer").count() == 0
    assert_accessible(page)

    page.get_by_label("Question").select_option(label="Atelier diagnostic — Qui mobiliser ?")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("1 contribution", exact=True).wait_for()
    assert table.get_by_text("les bailleurs sociaux").is_visible()
    assert table.get_by_text("le coût du foncier").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Importer des notes brutes").click()
    page.get_by_label("Ou envoyez un fichier").set_input_files(_docx())
    page.get_by_role("button", name="Lire les notes").click()
    page.get_by_role("heading", name="Relire les notes importées").wait_for()
    assert page.get_by_text("Fichier : atelier.docx.").is_visible()
    assert (
        page.get_by_role("group", name="Ligne 2").get_by_label("Type").input_value() == "strength"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Importer ces idées").click()
    page.get_by_text("2 contributions importées dans « Atelier diagnostic »").wait_for()
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("heading", name="Contributions", level=1).wait_for()
    assert table.get_by_text("des bénévoles très engagés").is_visible()
    assert workshop.questions.count() == 2  # "Qui mobiliser ?" created once, then matched

    login(phone_page, "animatrice@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{cast.process.pk}/contributions/")
    phone_page.get_by_role("heading", name="Contributions", level=1).wait_for()
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)
    assert page.js_errors == []
