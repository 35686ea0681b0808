"""The shipped file (@etalab/decoupage-administratif), loaded once for this module."""

import pytest
from django.db import connection

from essor.core.models import AuditEntry
from essor.territories.lookup import resolve_key
from essor.territories.models import Territory, TerritoryKind
from essor.territories.services import load_territories


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """Load the real file outside the tests' transactions, then remove it all."""
    with django_db_blocker.unblock():
        report = load_territories()
    yield report
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:  # one statement: the self-references go with it
            cursor.execute(f"DELETE FROM {Territory._meta.db_table}")  # noqa: S608
        AuditEntry.objects.filter(verb="territories.loaded").delete()


def first_keys(query, count=3):
    return [t.key for t in Territory.objects.search(query)[:count]]


def test_counts_of_the_shipped_file(shipped, db):
    assert shipped.total(TerritoryKind.REGION) == Territory.objects.filter(kind="region").count()
    assert Territory.objects.filter(kind=TerritoryKind.REGION).count() >= 18
    assert Territory.objects.filter(kind=TerritoryKind.DEPARTEMENT).count() >= 101
    assert Territory.objects.filter(kind=TerritoryKind.EPCI).count() > 1200
    assert Territory.objects.filter(kind=TerritoryKind.COMMUNE).count() > 34000
    france = resolve_key("france")
    regions = Territory.objects.filter(kind=TerritoryKind.REGION)
    assert france.population == sum(r.population for r in regions)
    assert france.population > 60_000_000


def test_arrondissements_are_not_territories(shipped, db):
    assert not Territory.objects.filter(code="75101").exists()
    assert Territory.objects.get(kind=TerritoryKind.COMMUNE, code="75056").name == "Paris"


def test_grand_poitiers_members_and_population(shipped, db):
    epci = resolve_key("epci:200069854")
    assert epci.name == "CU du Grand Poitiers"
    assert epci.epci_nature == "CU"
    assert epci.population > 150_000
    assert epci.departement.code == "86"
    assert epci.region.name == "Nouvelle-Aquitaine"
    members = set(epci.member_communes.values_list("code", flat=True))
    assert "86194" in members and "86214" in members
    assert len(members) > 30
    poitiers = resolve_key("commune:86194")
    assert (poitiers.epci, poitiers.departement.name) == (epci, "Vienne")


@pytest.mark.parametrize(
    "query,expected_first",
    [
        ("Poitiers", "commune:86194"),
        ("poitiers", "commune:86194"),
        ("86194", "commune:86194"),
        ("grand poitiers", "epci:200069854"),
        ("Grand-Poitiers", "epci:200069854"),
        ("200069854", "epci:200069854"),
        ("86", "departement:86"),
        ("2a", "departement:2A"),
        ("Vienne", "departement:86"),  # before the commune of Vienne (Isère)
        ("lyon", "commune:69123"),  # exact name before the Métropole de Lyon
        ("nouvelle aquitaine", "region:75"),
    ],
)
def test_search_ranks_the_expected_territory_first(shipped, db, query, expected_first):
    assert first_keys(query, 1) == [expected_first]


def test_search_saint_benoit_ignores_accents_and_hyphens(shipped, db):
    for query in ("saint benoit", "SAINT-BENOÎT", "Saint Benoît"):
        found = list(Territory.objects.search(query)[:10])
        assert "commune:86214" in [t.key for t in found]
        exact = [t for t in found if t.name == "Saint-Benoît"]
        # Exact names come first, larger communes before smaller ones.
        assert found[: len(exact)] == exact
        assert [t.population for t in exact] == sorted((t.population for t in exact), reverse=True)


def test_search_ranking_for_poitiers(shipped, db):
    keys = first_keys("Poitiers", 2)
    assert keys == ["commune:86194", "epci:200069854"]
    # The département of Paris and the commune share name and population: kind decides.
    assert first_keys("paris", 2) == ["departement:75", "commune:75056"]


def test_search_on_a_code_prefix_puts_the_exact_code_first(shipped, db):
    found = list(Territory.objects.search("8619")[:20])
    assert found and all(t.code.startswith("8619") for t in found)
    assert found[0].key == "commune:86194"  # the most populated


def test_search_nothing_or_garbage(shipped, db):
    assert not Territory.objects.search("").exists()
    assert not Territory.objects.search("  -- ").exists()
    assert not Territory.objects.search("zzzqqq").exists()
    assert not Territory.objects.search("%").exists()


def test_reloading_is_idempotent_and_restores_changes(shipped, db):
    before = {kind: Territory.objects.filter(kind=kind).count() for kind in TerritoryKind.values}
    Territory.objects.filter(code="86194").update(population=1, name="Poitiers modifié")
    report = load_territories()
    after = {kind: Territory.objects.filter(kind=kind).count() for kind in TerritoryKind.values}
    assert after == before
    assert sum(report.created.values()) == 0
    assert report.updated[TerritoryKind.COMMUNE] == 1
    poitiers = Territory.objects.get(kind=TerritoryKind.COMMUNE, code="86194")
    assert (poitiers.name, poitiers.population) == ("Poitiers", 89916)
