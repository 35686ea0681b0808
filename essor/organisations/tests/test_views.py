"""The directory pages: search, filters, pagination, forms and their French errors."""

import pytest
from django.urls import reverse

from essor.core.tests.french import plain
from essor.organisations.models import EssFamily, Organisation, OrganisationKind, Person
from essor.organisations.tests.numbers import siret, wrong_check_digit

LIST = reverse("organisations:list")


@pytest.fixture
def facilitator(client_as, cast):
    return client_as("facilitator")


def _names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def test_search_is_accent_insensitive_and_covers_siren_and_commune(facilitator, directory):
    Organisation.objects.create(
        workspace=directory.process.workspace, name="Épicerie Solidaire", kind=OrganisationKind.ESS
    )
    assert _names(facilitator.get(LIST, {"q": "epicerie"})) == ["Épicerie Solidaire"]
    assert _names(facilitator.get(LIST, {"q": "ÉPICERIE solid"})) == ["Épicerie Solidaire"]
    assert _names(facilitator.get(LIST, {"q": directory.org.siren})) == ["Recyclerie du Clain"]
    assert _names(facilitator.get(LIST, {"q": "poitiers"})) == ["Recyclerie du Clain"]
    assert _names(facilitator.get(LIST, {"q": "86194"})) == ["Recyclerie du Clain"]
    assert _names(facilitator.get(LIST, {"q": "introuvable"})) == []
    assert (
        "Aucune organisation ne correspond" in facilitator.get(LIST, {"q": "zz"}).content.decode()
    )


def test_filters_by_kind_and_family(facilitator, directory):
    Organisation.objects.create(
        workspace=directory.process.workspace, name="Mairie", kind=OrganisationKind.DEPARTMENT
    )
    Organisation.objects.create(
        workspace=directory.process.workspace,
        name="Scop Bois",
        kind=OrganisationKind.ESS,
        ess_family=EssFamily.COOPERATIVE,
    )
    assert _names(facilitator.get(LIST, {"kind": "department"})) == ["Mairie"]
    assert _names(facilitator.get(LIST, {"family": "cooperative"})) == ["Scop Bois"]
    assert _names(facilitator.get(LIST, {"kind": "ess", "family": "association"})) == [
        "Recyclerie du Clain"
    ]
    response = facilitator.get(LIST, {"kind": "n-importe-quoi"})
    assert response.status_code == 200


def test_pagination_by_fifty(facilitator, cast):
    Organisation.objects.bulk_create(
        Organisation(
            workspace=cast.workspace,
            name=f"Structure {i:03d}",
            search_name=f"structure {i:03d}",
            kind="ess",
        )
        for i in range(120)
    )
    first = facilitator.get(LIST)
    assert len(_names(first)) == 50
    assert "Page 1 sur 3" in first.content.decode()
    last = facilitator.get(LIST, {"q": "structure", "page": 3})
    assert _names(last) == [f"Structure {i:03d}" for i in range(100, 120)]
    assert "q=structure&amp;page=2" in last.content.decode()
    assert len(_names(facilitator.get(LIST, {"page": "abc"}))) == 50


def test_create_with_spaces_in_identifiers_and_a_commune_key(facilitator, cast):
    number = siret("81234567")
    data = {
        "name": "  Régie de quartier  ", "kind": "ess", "ess_family": "association",
        "siren": f"{number[:3]} {number[3:6]} {number[6:9]}", "siret": number,
        "legal_category": "9220", "naf_code": "9499z", "commune": "commune:86194",
        "website": "regie.example.org",
    }  # fmt: skip
    response = facilitator.post(reverse("organisations:create"), data)
    assert response.status_code == 302
    org = Organisation.objects.get()
    assert (org.name, org.siren, org.naf_code, org.commune.name) == (
        "Régie de quartier",
        number[:9],
        "94.99Z",
        "Poitiers",
    )
    assert org.website == "https://regie.example.org"
    page = facilitator.get(reverse("organisations:edit", args=[org.pk])).content.decode()
    assert 'value="86194"' in page


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("siret", "123", "Le numéro 123 n’a pas 14 chiffres."),
        ("siret", wrong_check_digit(siret("81234567")), "clé de contrôle erronée"),
        ("siren", "552100555", "Le SIREN 552100555 n’est pas valide"),
        ("commune", "99999", "Aucune commune n’a le code INSEE 99999."),
        ("commune", "epci:200069854", "« epci:200069854 » n’est pas une commune"),
        ("commune", "Poitiers", "n’est pas un code INSEE de commune"),
        ("naf_code", "94", "Le code NAF 94 n’est pas valide"),
        ("legal_category", "12", "doit avoir 4 chiffres"),
    ],
)
def test_form_errors_are_french(facilitator, cast, field, value, message):
    data = {"name": "Structure", "kind": "ess", "ess_family": "not_ess", field: value}
    response = facilitator.post(reverse("organisations:create"), data)
    assert response.status_code == 200
    assert message in plain(response)
    assert Organisation.objects.count() == 0


def test_siret_must_belong_to_siren_and_be_unique(facilitator, directory):
    data = {"name": "Autre", "kind": "ess", "ess_family": "not_ess", "siret": directory.org.siret}
    html = facilitator.post(reverse("organisations:create"), data).content.decode()
    assert "«\u00a0Recyclerie du Clain\u00a0» a déjà ce SIRET dans l’annuaire." in html
    data |= {"siren": "552100554", "siret": siret("81234567")}
    html = facilitator.post(reverse("organisations:create"), data).content.decode()
    assert "n’appartient pas au SIREN 552100554" in html
    edit = facilitator.post(
        reverse("organisations:edit", args=[directory.org.pk]),
        {"name": "Recyclerie du Clain", "kind": "ess", "ess_family": "association",
         "siret": directory.org.siret, "commune": ""},
    )  # fmt: skip
    assert edit.status_code == 302
    directory.org.refresh_from_db()
    assert directory.org.commune is None


def test_detail_lists_people_and_processes(facilitator, directory):
    html = facilitator.get(reverse("organisations:detail", args=[directory.org.pk])).content
    html = html.decode()
    assert "Élodie Rivière" in html and "Coordinatrice" in html
    assert "Plan ESS du Grand Poitiers" in html
    assert "Poitiers (86194)" in html


def test_person_create_for_an_organisation_and_duplicate_email(facilitator, directory):
    url = reverse("organisations:person_create")
    page = facilitator.get(url, {"organisation": directory.org.pk})
    assert page.context["form"].initial["organisation"] == directory.org
    data = {"first_name": "Paul", "last_name": "Nguyen", "organisation": directory.org.pk,
            "email": "ELODIE@example.org"}  # fmt: skip
    html = facilitator.post(url, data).content.decode()
    assert "Une autre personne de l’annuaire a déjà cette adresse e-mail." in html
    data["email"] = "paul@example.org"
    response = facilitator.post(url, data)
    assert response["Location"] == reverse("organisations:detail", args=[directory.org.pk])
    assert Person.objects.get(email="paul@example.org").organisation == directory.org


def test_person_list_search(facilitator, directory):
    Person.objects.create(
        workspace=directory.process.workspace, first_name="Zoé", last_name="Sans-Structure"
    )
    url = reverse("organisations:person_list")
    names = lambda r: [p.last_name for p in r.context["page"].object_list]  # noqa: E731
    assert names(facilitator.get(url)) == ["Rivière", "Sans-Structure"]
    assert names(facilitator.get(url, {"q": "recyclerie"})) == ["Rivière"]
    assert names(facilitator.get(url, {"q": "elodie@"})) == ["Rivière"]
    assert names(facilitator.get(url, {"q": "zoé"})) == ["Sans-Structure"]
