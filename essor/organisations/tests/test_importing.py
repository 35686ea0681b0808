"""Column guessing and row validation of the import (no database writes)."""

import pytest

from essor.core.tests.french import plain
from essor.organisations.importing import check_mapping, guess_mapping, validate_table
from essor.organisations.tabular import Table
from essor.organisations.tests.numbers import siret, wrong_check_digit

SIRET = siret("44306184")


def test_guess_french_headers():
    headers = ["Raison sociale", "N° SIRET", "Code commune", "Famille", "Type", "Code NAF",
               "Catégorie juridique", "Site internet", "Colonne libre"]  # fmt: skip
    assert guess_mapping(headers) == {
        0: "name", 1: "siret", 2: "commune", 3: "ess_family", 4: "kind", 5: "naf_code",
        6: "legal_category", 7: "website",
    }  # fmt: skip


def test_guess_english_headers_and_contacts():
    assert guess_mapping(["Organisation name", "SIREN", "First name", "Last name", "Email"]) == {
        0: "name", 1: "siren", 2: "first_name", 3: "last_name", 4: "email",
    }  # fmt: skip


def test_nom_is_the_persons_name_next_to_prenom():
    assert guess_mapping(["Structure", "Prénom", "Nom", "Courriel", "Fonction"]) == {
        0: "name", 1: "first_name", 2: "last_name", 3: "email", 4: "role_title",
    }  # fmt: skip
    assert guess_mapping(["Nom", "SIRET"]) == {0: "name", 1: "siret"}


def test_mapping_errors():
    headers = ["A", "B", "C"]
    assert check_mapping({0: "name", 1: "siret"}, headers) == []
    assert check_mapping({0: "last_name"}, headers) == []
    twice = check_mapping({0: "name", 1: "siret", 2: "siret"}, headers)
    assert [plain(message) for message in twice] == [
        "« Organisation : SIRET » est choisi pour plusieurs colonnes : B, C. N’en gardez qu’une."
    ]
    assert "nom de l’organisation" in check_mapping({0: "siret"}, headers)[0]


def _validate(rows, headers=("Raison sociale", "Type", "Famille", "SIRET", "Code commune")):
    table = Table(headers=list(headers), rows=[(i + 2, list(r)) for i, r in enumerate(rows)])
    return validate_table(table, {i: t for i, t in enumerate(
        ["name", "kind", "ess_family", "siret", "commune"][: len(headers)]
    )})  # fmt: skip


def test_french_labels_and_codes_of_kinds_and_families(cast):
    rows, errors = _validate([
        ["Recyclerie", "association", "", SIRET, "86194"],
        ["Coop", "Organisation de l'ESS", "coopérative", "", "commune:86194"],
        ["Mairie", "department", "Hors ESS", "", ""],
        ["CCI", "chambre consulaire ou réseau", "", "", ""],
        ["Scop", "ess", "SCOP", "", ""],
    ])  # fmt: skip
    assert errors == []
    orgs = [r.organisation for r in rows]
    assert (orgs[0]["kind"], orgs[0]["ess_family"], orgs[0]["siret"]) == (
        "ess",
        "association",
        SIRET,
    )
    assert orgs[0]["commune"].name == "Poitiers"
    assert (orgs[1]["kind"], orgs[1]["ess_family"]) == ("ess", "cooperative")
    assert (orgs[2]["kind"], orgs[2]["ess_family"]) == ("department", "not_ess")
    assert orgs[3]["kind"] == "network"
    assert orgs[4]["ess_family"] == "cooperative"


def test_every_error_names_its_line_and_column(cast):
    rows, errors = _validate([
        ["Recyclerie", "association", "", SIRET, "86194"],
        ["Bad", "truc", "", "123", "99999"],
        ["", "ess", "", "", ""],
        ["Bad2", "", "machin", wrong_check_digit(SIRET), "Poitiers"],
    ])  # fmt: skip
    messages = [plain(str(e)) for e in errors]
    assert messages == [
        "Ligne 3, colonne Type : « truc » n’est pas un type d’organisation ; valeurs attendues : "
        "organisation de l’ESS, service de la collectivité, autre organisme public, "
        "entreprise classique, chambre consulaire ou réseau, collectif de citoyens.",
        "Ligne 3, colonne SIRET : le numéro 123 n’a pas 14 chiffres.",
        "Ligne 3, colonne Code commune : aucune commune n’a le code INSEE 99999.",
        "Ligne 4, colonne Raison sociale : le nom de l’organisation manque.",
        "Ligne 5, colonne Famille : « machin » n’est pas une famille de l’ESS ; valeurs attendues "
        ": association, coopérative, mutuelle, fondation, entreprise de l’ESS, hors ESS.",
        f"Ligne 5, colonne SIRET : le SIRET {wrong_check_digit(SIRET)} n’est pas valide (clé de "
        "contrôle erronée) : vérifiez la saisie.",
        "Ligne 5, colonne Code commune : « Poitiers » n’est pas un code INSEE de commune : "
        "5 caractères attendus, par exemple 86194, ou commune:86194.",
    ]
    assert [r.line for r in rows] == [2]


def test_people_rows_and_their_errors(db):
    headers = ["Structure", "Prénom", "Nom", "Courriel", "Site"]
    table = Table(headers=headers, rows=[
        (2, ["Recyclerie", "Alice", "Martin", "alice@example.org", "www.recyclerie.fr"]),
        (3, ["", "Bob", "", "bob@", ""]),
        (4, ["", "Chloé", "Petit", "", ""]),
        (5, ["X", "", "", "", "pas un site"]),
        (6, ["Y", "", "", "", "", "en trop"]),
    ])  # fmt: skip
    mapping = {0: "name", 1: "first_name", 2: "last_name", 3: "email", 4: "website"}
    rows, errors = validate_table(table, mapping)
    assert [plain(str(e)) for e in errors] == [
        "Ligne 3, colonne Nom : le nom de la personne manque.",
        "Ligne 3, colonne Courriel : « bob@ » n’est pas une adresse e-mail valide.",
        "Ligne 5, colonne Site : « pas un site » n’est pas une adresse web valide.",
        "Ligne 6, colonne au-delà de la dernière : cette ligne a plus de cellules que la ligne "
        "d’en-tête : vérifiez le séparateur.",
    ]
    assert rows[0].organisation == {"name": "Recyclerie", "website": "https://www.recyclerie.fr"}
    assert rows[0].person == {"first_name": "Alice", "last_name": "Martin",
                              "email": "alice@example.org"}  # fmt: skip
    assert rows[1].organisation == {} and rows[1].person["last_name"] == "Petit"


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("siren", "552100555", "le SIREN 552100555 n’est pas valide"),
        ("legal_category", "92", "la catégorie juridique 92 doit avoir 4 chiffres"),
        ("naf_code", "94.9", "le code NAF 94.9 n’est pas valide"),
        ("name", "x" * 251, "le texte est trop long (251 caractères, au plus 250)"),
    ],
)
def test_identifier_columns(db, column, value, message):
    headers = ["Nom", "Colonne testée"]
    row = ["Recyclerie", value] if column != "name" else [value, ""]
    mapping = {0: "name", 1: column} if column != "name" else {0: "name"}
    _rows, errors = validate_table(Table(headers, [(2, row)]), mapping)
    assert len(errors) == 1
    assert message in plain(str(errors[0]))


def test_siret_must_match_siren_column(db):
    table = Table(["Nom", "SIREN", "SIRET"], [(2, ["A", "552100554", SIRET])])
    _rows, errors = validate_table(table, {0: "name", 1: "siren", 2: "siret"})
    assert [plain(str(e)) for e in errors] == [
        f"Ligne 2, colonne SIRET : le SIRET {SIRET} n’appartient pas au SIREN 552100554 "
        "(ses 9 premiers chiffres diffèrent)."
    ]


def test_naf_and_identifiers_are_normalised(db):
    table = Table(["Nom", "NAF", "SIRET"], [(2, ["A", "9499z", SIRET[:3] + " " + SIRET[3:]])])
    rows, errors = validate_table(table, {0: "name", 1: "naf_code", 2: "siret"})
    assert errors == []
    assert rows[0].organisation["naf_code"] == "94.99Z"
    assert rows[0].organisation["siret"] == SIRET


@pytest.mark.parametrize("language", ["en", "fr"])
def test_french_kinds_and_families_are_recognised_whatever_the_language(db, language):
    """Not through the catalogue: Essor installed without it runs in English."""
    from django.utils import translation

    with translation.override(language):
        rows, errors = _validate(
            [
                ["Recyclerie", "Organisations de l’ESS", "Coopératives", "", ""],
                ["Mairie", "Service de la collectivité", "hors ESS", "", ""],
                ["Club", "collectif de citoyens", "Mutuelles", "", ""],
            ]
        )
    assert errors == []
    assert [(r.organisation["kind"], r.organisation["ess_family"]) for r in rows] == [
        ("ess", "cooperative"), ("department", "not_ess"), ("citizens", "mutual"),
    ]  # fmt: skip
