"""Method templates in Chromium: a facilitator adapts the consultancy method to her territory."""

from io import StringIO

import pytest
from django.core.management import call_command

from conftest import PASSWORD
from essor.core.tests.french import plain
from essor.methods.schema import parse_template_file
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

CONSULTANCY = "Méthode d’accompagnement en trois phases (cabinet conseil)"
BROKEN = (
    b"format: essor-method/1\nname: Ma copie\nphases:\n  - name: Diagnostic\n"
    b"workshops:\n  - title: Atelier\n    audience: tous\n"
)


@pytest.fixture
def templates(cast):
    call_command("load_method_templates", stdout=StringIO())


def test_facilitator_duplicates_edits_exports_and_imports(page, cast, templates):
    login(page, "animatrice@example.org", PASSWORD)
    page.get_by_role("link", name="Modèles de méthode").click()
    assert page.get_by_role("heading", name="Modèles de méthode", level=1).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name=CONSULTANCY, exact=True).click()
    first_phase = page.get_by_role("heading", name="Phase 1 : Structurer la dynamique interne")
    assert first_phase.is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Dupliquer pour l’adapter").click()
    assert page.get_by_text("La copie a été créée : adaptez-la ci-dessous.").is_visible()
    heading = plain(page.get_by_role("heading", level=1).inner_text())
    assert heading.startswith("Modifier « Copie de")
    assert_accessible(page)

    phase = page.get_by_role("group", name="Phase 1 : Structurer la dynamique interne")
    phase.get_by_role("textbox", name="Nom", exact=True).fill("Mobiliser les directions")
    workshop = page.get_by_role("group", name="Atelier 1 : Atelier directions 1", exact=False)
    questions = workshop.get_by_label("Questions directrices")
    questions.fill(questions.input_value() + "\nQui porte le projet dans chaque direction ?")
    page.get_by_role("button", name="Enregistrer le modèle").click()

    assert page.get_by_text("Le modèle a été enregistré.").is_visible()
    assert page.get_by_role("heading", name="Phase 1 : Mobiliser les directions").is_visible()
    assert page.get_by_text("Qui porte le projet dans chaque direction ?").is_visible()
    assert_accessible(page)
    detail_url = page.url

    with page.expect_download() as info:
        page.get_by_role("link", name="Exporter (YAML)").click()
    download = info.value
    assert download.suggested_filename.startswith("copie-de-methode")
    structure = parse_template_file(download.path().read_bytes())
    assert structure["phases"][0]["name"] == "Mobiliser les directions"
    question = "Qui porte le projet dans chaque direction ?"
    assert structure["workshops"][0]["questions"][-1] == question

    page.goto("/methodes/")
    page.get_by_role("link", name="Importer un modèle").click()
    assert_accessible(page)
    page.get_by_label("Fichier du modèle").set_input_files(
        files=[{"name": "ma-copie.yaml", "mimeType": "application/x-yaml", "buffer": BROKEN}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    assert page.get_by_text(
        "workshops[0].audience : « tous » n’est pas une valeur permise (departments, actors, joint)"
    ).is_visible()
    assert_accessible(page)

    page.goto(detail_url)
    page.get_by_role("link", name="Supprimer").click()
    assert page.get_by_text("Aucune démarche n’a été créée à partir de ce modèle.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer").click()
    assert page.get_by_text("Le modèle a été supprimé.").is_visible()
    assert page.js_errors == []


def test_template_pages_fit_a_phone(phone_page, cast, templates):
    from essor.methods.models import MethodTemplate
    from essor.methods.services import duplicate_template

    copy = duplicate_template(
        MethodTemplate.objects.get(slug="methode-cabinet-3-phases"), user=cast.facilitator
    )
    login(phone_page, "animatrice@example.org", PASSWORD)
    phone_page.goto("/methodes/methode-cabinet-3-phases/")
    assert phone_page.get_by_role("heading", name=CONSULTANCY).is_visible()
    assert_no_horizontal_overflow(phone_page)
    for url in ("/methodes/", f"/methodes/{copy.slug}/modifier/", "/methodes/importer/"):
        phone_page.goto(url)
        assert_no_horizontal_overflow(phone_page)
