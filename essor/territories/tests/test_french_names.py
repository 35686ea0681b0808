"""Départements and régions take INSEE's article: "de la Vienne", "du Calvados"..."""

import csv
import gzip

import pytest

from essor.core.text import ARTICLED_KINDS, french_of
from essor.territories.datafile import TERRITORIES_FILE


@pytest.mark.parametrize(
    "name,kind,expected",
    [
        ("Vienne", "departement", "de la Vienne"),
        ("Vienne", "commune", "de Vienne"),  # the town of Isère takes no article
        ("Calvados", "departement", "du Calvados"),
        ("Deux-Sèvres", "departement", "des Deux-Sèvres"),
        ("Ain", "departement", "de l’Ain"),
        ("Ille-et-Vilaine", "departement", "d’Ille-et-Vilaine"),
        ("Maine-et-Loire", "departement", "de Maine-et-Loire"),
        ("Paris", "departement", "de Paris"),
        ("Mayotte", "departement", "de Mayotte"),
        ("Nouvelle-Aquitaine", "region", "de la Nouvelle-Aquitaine"),
        ("Hauts-de-France", "region", "des Hauts-de-France"),
        ("Occitanie", "region", "d’Occitanie"),
        ("Grand Est", "region", "du Grand Est"),
        ("Pays de la Loire", "region", "des Pays de la Loire"),
        ("Île-de-France", "region", "d’Île-de-France"),
        ("Bretagne", "region", "de Bretagne"),
    ],
)
def test_departements_and_regions_take_their_article(name, kind, expected):
    assert french_of(name, kind) == expected


def test_every_departement_and_region_of_the_reference_has_its_article():
    with gzip.open(TERRITORIES_FILE, "rt", encoding="utf-8") as data:
        rows = [r for r in csv.DictReader(data) if r["kind"] in ARTICLED_KINDS]
    assert len(rows) > 119  # 101 départements, 18 régions, the overseas collectivities
    bare = [r["name"] for r in rows if french_of(r["name"], r["kind"]) == f"de {r['name']}"]
    # INSEE's "de" without article: only these are named so.
    assert set(bare) <= {
        "Maine-et-Loire", "Meurthe-et-Moselle", "Saône-et-Loire", "Paris", "Seine-et-Marne",
        "La Réunion", "Mayotte", "Bourgogne-Franche-Comté", "Normandie", "Bretagne",
        "Provence-Alpes-Côte d'Azur", "Saint-Pierre-et-Miquelon", "Saint-Barthélemy",
        "Saint-Martin", "Wallis et Futuna",
    }  # fmt: skip


def test_the_departement_and_region_pages_say_de_la(client_as, cast):
    client = client_as("anonymous")
    assert "Territoires de la Vienne" in client.get("/territoires/departement/86/").content.decode()
    page = client.get("/territoires/region/75/").content.decode()
    assert "Territoires de la Nouvelle-Aquitaine" in page
