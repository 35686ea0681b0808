"""load_territories on small hand-written files: idempotence and refusal of bad files."""

import gzip

import pytest
from django.core.management import CommandError, call_command

from essor.core.models import AuditEntry
from essor.core.tests.french import plain
from essor.territories.datafile import COLUMNS, arrondissement_parent_codes
from essor.territories.models import Territory, TerritoryKind
from essor.territories.services import load_territories

HEADER = ",".join(COLUMNS)
SMALL = [
    HEADER,
    "region,75,Nouvelle-Aquitaine,6000000,,,,",
    "departement,86,Vienne,438000,,75,,",
    "epci,200069854,CU du Grand Poitiers,196849,86,75,,CU",
    "commune,86194,Poitiers,89916,86,75,200069854,",
    "commune,86214,Saint-Benoît,7375,86,75,200069854,",
    "commune,86066,Châtellerault,31003,86,75,,",
]


def write(tmp_path, lines, name="territories.csv", compress=False):
    path = tmp_path / name
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def counts():
    return {kind: Territory.objects.filter(kind=kind).count() for kind in TerritoryKind.values}


def test_load_small_file_creates_links_and_france(db, tmp_path):
    report = load_territories(write(tmp_path, SMALL, "t.csv.gz", compress=True))
    assert report.created[TerritoryKind.COMMUNE] == 3
    poitiers = Territory.objects.get(kind=TerritoryKind.COMMUNE, code="86194")
    assert poitiers.epci.code == "200069854"
    assert poitiers.departement.name == "Vienne"
    assert poitiers.region.code == "75"
    assert poitiers.search_name == "poitiers"
    assert Territory.objects.get(code="86214").search_name == "saint benoit"
    assert Territory.objects.get(code="86066").epci is None
    france = Territory.objects.get(kind=TerritoryKind.COUNTRY)
    assert (france.code, france.name, france.population) == ("FR", "France", 6000000)
    assert france.key == "france"
    assert AuditEntry.objects.filter(verb="territories.loaded").count() == 1


def test_loading_twice_keeps_rows_and_updates_changes(db, tmp_path):
    load_territories(write(tmp_path, SMALL))
    before = counts()
    ids = dict(Territory.objects.values_list("code", "pk"))
    changed = SMALL.copy()
    changed[4] = "commune,86194,Poitiers (nouveau nom),90000,86,75,200069854,"
    changed[6] = "commune,86066,Châtellerault,31003,86,75,200069854,"
    report = load_territories(write(tmp_path, changed))
    assert counts() == before
    assert dict(Territory.objects.values_list("code", "pk")) == ids
    assert report.updated[TerritoryKind.COMMUNE] == 2
    assert report.unchanged[TerritoryKind.COMMUNE] == 1
    poitiers = Territory.objects.get(code="86194")
    assert (poitiers.name, poitiers.search_name, poitiers.population) == (
        "Poitiers (nouveau nom)",
        "poitiers nouveau nom",
        90000,
    )
    assert Territory.objects.get(code="86066").epci.code == "200069854"


def test_rows_missing_from_a_new_file_are_kept(db, tmp_path):
    load_territories(write(tmp_path, SMALL))
    load_territories(write(tmp_path, SMALL[:-1]))
    assert Territory.objects.filter(code="86066").exists()


def test_command_prints_counts_and_time(db, tmp_path, capsys):
    call_command("load_territories", "--file", str(write(tmp_path, SMALL)))
    out = plain(capsys.readouterr().out)
    assert "commune : 3 (créés : 3, mis à jour : 0)" in out
    assert "EPCI : 1 (créés : 1, mis à jour : 0)" in out
    assert "pays : 1" in out
    assert "Territoires chargés en" in out


BAD_FILES = [
    # lines, expected fragment of the French message
    (
        SMALL[:3] + ["commune,86194,Poitiers,beaucoup,86,75,,"],
        "Ligne 4 : la population « beaucoup »",
    ),
    (SMALL[:3] + ["ville,86194,Poitiers,1,86,75,,"], "Ligne 4 : type « ville » inconnu"),
    (SMALL[:3] + ["commune,86194,,1,86,75,,"], "Ligne 4 : le nom est vide"),
    (SMALL[:3] + ["commune,XYZ,Poitiers,1,86,75,,"], "Ligne 4 : code « XYZ » invalide"),
    (
        SMALL[:3] + ["commune,86194,Poitiers,1,87,75,,"],
        "Ligne 4 : département « 87 » absent des lignes précédentes",
    ),
    (SMALL[:3] + ["commune,86194,Poitiers,1,86,75"], "Ligne 4 : 6 colonnes au lieu de 8"),
    (SMALL[:3] + ["commune"], "Ligne 4 : 1 colonne au lieu de 8"),
    (SMALL + [SMALL[-1]], "Ligne 8 : commune 86066 figure déjà à la ligne 7"),
    (["kind,code,nom"] + SMALL[1:], "Ligne 1"),
    ([HEADER], "ne contient aucun territoire"),
]


@pytest.mark.parametrize("lines,message", BAD_FILES)
def test_malformed_file_is_refused_and_nothing_written(db, tmp_path, lines, message):
    path = write(tmp_path, lines)
    with pytest.raises(CommandError) as error:
        call_command("load_territories", "--file", str(path))
    assert message in plain(str(error.value))
    assert Territory.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_malformed_file_leaves_loaded_data_untouched(db, tmp_path):
    load_territories(write(tmp_path, SMALL))
    bad = SMALL.copy()
    bad[4] = "commune,86194,Poitiers renommé,1,86,75,200069854,"
    bad.append("commune,86999,Sans population,-5,86,75,,")
    with pytest.raises(CommandError, match="Ligne 8"):
        call_command("load_territories", "--file", str(write(tmp_path, bad)))
    assert Territory.objects.get(code="86194").name == "Poitiers"


@pytest.mark.parametrize(
    "content,message",
    [
        (b"\x1f\x8b\x08\x00broken", "archive gzip endommagée"),
        (
            HEADER.encode() + b"\nregion,75,Nouvelle-Aquitaine\xff,1,,,,\n",
            "n’est pas un texte UTF-8",
        ),
    ],
)
def test_unreadable_file_is_refused(db, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("load_territories", "--file", str(path))
    assert Territory.objects.count() == 0


def test_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        call_command("load_territories", "--file", str(tmp_path / "absent.csv"))


def test_arrondissements_map_to_their_commune():
    parents = arrondissement_parent_codes()
    assert parents["75101"] == "75056"
    assert parents["75120"] == "75056"
    assert parents["69381"] == "69123"
    assert parents["13201"] == "13055"
    assert len(parents) == 45
    assert {code for code, parent in parents.items() if parent == "75056"} == {
        f"751{n:02d}" for n in range(1, 21)
    }
