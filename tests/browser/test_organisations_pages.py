"""The directory in real Chromium: a facilitator imports a CSV (fixing an error), then
looks an organisation up and exports a person's data. axe-core on every page."""

import json

from conftest import PASSWORD
from essor.organisations.tests.numbers import siret
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

HEADER = "Raison sociale;SIRET;Type;Code commune;Prénom;Nom;Courriel"
GOOD_LINES = [
    f"Ressourcerie du Porteau;{siret('81234567')};association;86194;Léa;Roux;lea@example.org",
    f"Coopérative Élan;{siret('79876543')};coopérative;86194;;;",
]
BAD_LINE = "Mutuelle du Poitou;123;mutuelle;86194;;;"
FIXED_LINE = f"Mutuelle du Poitou;{siret('44306184')};mutuelle;86194;;;"


def _csv(lines: list[str]) -> dict:
    content = "\r\n".join([HEADER, *lines]) + "\r\n"
    return {"name": "annuaire.csv", "mimeType": "text/csv", "buffer": content.encode("utf-8")}


def _upload(page, lines):
    page.get_by_label("Fichier").set_input_files(_csv(lines))
    page.get_by_role("button", name="Lire le fichier").click()
    page.get_by_role("heading", name="Vérifier les colonnes", level=1).wait_for()


def test_facilitator_imports_a_csv_and_exports_a_person(page, cast):
    login(page, "animatrice@example.org", PASSWORD)
    page.get_by_role("link", name="Annuaire").click()
    page.get_by_role("heading", name="Annuaire des organisations").wait_for()
    assert page.get_by_text("L’annuaire est vide").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Importer un fichier").first.click()
    assert_accessible(page)
    _upload(page, [*GOOD_LINES, BAD_LINE])
    assert page.get_by_label("Colonne « SIRET »").input_value() == "siret"
    assert page.get_by_label("Colonne « Prénom »").input_value() == "first_name"
    assert_accessible(page)
    page.get_by_role("button", name="Vérifier toutes les lignes").click()
    report = page.get_by_role("region", name="1 erreur : rien n’a été importé")
    report.wait_for()
    assert report.get_by_text(
        "Ligne 4, colonne SIRET : le numéro 123 n’a pas 14 chiffres."
    ).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Choisir le fichier corrigé").click()
    _upload(page, [*GOOD_LINES, FIXED_LINE])
    page.get_by_role("button", name="Vérifier toutes les lignes").click()
    page.get_by_role("heading", name="Confirmer l’import").wait_for()
    assert page.get_by_text("3 lignes sont prêtes à être importées").is_visible()
    assert_accessible(page)
    page.get_by_label("Ajouter aussi les organisations à l’annuaire d’une démarche").select_option(
        label="Plan ESS du Grand Poitiers"
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    # The writing is background work: its page shows the progress bar, then the outcome.
    page.get_by_role("heading", name="Import dans l’annuaire").wait_for()
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert page.get_by_text("Organisations créées : 3").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("heading", name="Annuaire des organisations").wait_for()
    table = page.get_by_role("table", name="Organisations de l’annuaire")
    for name in ("Ressourcerie du Porteau", "Coopérative Élan", "Mutuelle du Poitou"):
        assert table.get_by_role("link", name=name).is_visible()
    assert_accessible(page)

    page.get_by_label("Rechercher", exact=True).fill("cooperative elan")
    page.get_by_role("button", name="Rechercher").click()
    assert page.get_by_text("1 organisation").is_visible()
    page.get_by_label("Rechercher", exact=True).fill("")
    page.get_by_role("button", name="Rechercher").click()

    page.get_by_role("link", name="Ressourcerie du Porteau").click()
    page.get_by_role("heading", name="Ressourcerie du Porteau").wait_for()
    assert page.get_by_text("Plan ESS du Grand Poitiers").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Léa Roux").click()
    page.get_by_role("heading", name="Léa Roux").wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger ses données (JSON)").click()
    data = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert data["person"]["email"] == "lea@example.org"
    assert data["organisation"]["name"] == "Ressourcerie du Porteau"

    page.get_by_role("link", name="Effacer cette personne").click()
    page.get_by_role("heading", name="Effacer « Léa Roux » ?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Effacer définitivement").click()
    page.get_by_role("heading", name="Personnes de l’annuaire").wait_for()
    assert page.get_by_text("Personne dans l’annuaire pour l’instant.").is_visible()
    assert_accessible(page)
    assert page.js_errors == []


def test_organisation_form_errors_are_accessible(page, cast):
    login(page, "animatrice@example.org", PASSWORD)
    page.goto("/organisations/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Nom").fill("Épicerie solidaire")
    page.get_by_label("SIRET").fill("123")
    page.get_by_label("Commune").fill("99999")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Le numéro 123 n’a pas 14 chiffres.").is_visible()
    assert page.get_by_text("Aucune commune n’a le code INSEE 99999.").is_visible()
    assert_accessible(page)
    page.get_by_label("Type").select_option("ess")
    page.get_by_label("SIRET").fill(siret("81234567"))
    page.get_by_label("Commune").fill("86194")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Épicerie solidaire").wait_for()
    page.get_by_role("link", name="Supprimer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer").click()
    assert page.get_by_text("L’organisation a été supprimée.").is_visible()


def test_directory_fits_a_phone(phone_page, cast):
    from essor.organisations.models import Organisation

    for i in range(12):
        Organisation.objects.create(
            workspace=cast.workspace,
            name=f"Société coopérative d’intérêt collectif numéro {i}",
            kind="ess",
            ess_family="cooperative",
            siret=siret(f"8123456{i % 10}", f"{i:04d}"),
        )
    login(phone_page, "animatrice@example.org", PASSWORD)
    phone_page.goto("/organisations/")
    phone_page.get_by_role("heading", name="Annuaire des organisations").wait_for()
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)


def test_erasure_page_lists_what_it_will_touch(page, cast):
    from essor.organisations.models import Person
    from essor.organisations.tests.erasure_data import make_everywhere

    everywhere = make_everywhere(cast)
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/organisations/personnes/{everywhere.helene.pk}/effacer/")
    page.get_by_role("heading", name="Effacer « Hélène Dupré » ?").wait_for()
    preview = page.locator("dl.erasure-preview")
    assert preview.get_by_text("Journal des actions").is_visible()
    assert preview.get_by_text(
        "Retirée des pilotes de 2 actions (dont 1 dans un plan validé)"
    ).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Effacer définitivement").click()
    page.get_by_role("heading", name="Personnes de l’annuaire").wait_for()
    assert not Person.objects.filter(pk=everywhere.helene.pk).exists()
    assert page.js_errors == []
