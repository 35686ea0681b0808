"""data/build_territories.py on a tiny package shaped like @etalab/decoupage-administratif."""

import csv
import gzip
import importlib.util
import io
import json
from pathlib import Path

import pytest

from essor.territories.datafile import COLUMNS, read_territory_file

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "build_territories.py"


@pytest.fixture
def build():
    spec = importlib.util.spec_from_file_location("build_territories", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def package(tmp_path):
    data = tmp_path / "package" / "data"
    data.mkdir(parents=True)
    (tmp_path / "package" / "package.json").write_text(json.dumps({"version": "9.9.9"}))

    def commune(code, name, dep, pop, kind="commune-actuelle", **extra):
        return {"code": code, "nom": name, "departement": dep, "region": "75", "type": kind,
                "population": pop, **extra}  # fmt: skip

    files = {
        "regions": [{"code": "75", "nom": "Nouvelle-Aquitaine"}],
        "departements": [
            {"code": "86", "nom": "Vienne", "region": "75"},
            {"code": "79", "nom": "Deux-Sèvres", "region": "75"},
        ],
        "epci": [
            {
                "code": "200069854",
                "nom": "CU du Grand Poitiers",
                "type": "CU",
                "membres": [{"code": "86194"}, {"code": "79001"}],
            },
        ],  # fmt: skip
        "communes": [
            commune("86194", "Poitiers", "86", 90000),
            commune("79001", "Petite", "79", 100),
            commune("86066", "Châtellerault", "86", 31000),
            commune("86999", "Ancienne", "86", 50, kind="commune-deleguee"),
            commune(
                "75101",
                "Paris 1er Arrondissement",
                "75",
                15000,
                kind="arrondissement-municipal",
                commune="75056",
            ),
        ],  # fmt: skip
    }
    for name, content in files.items():
        (data / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    return tmp_path / "package"


def test_build_writes_a_loadable_file_arrondissements_and_source(build, package, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    build.main(["--package-dir", str(package), "--out-dir", str(out)])
    text = gzip.decompress((out / "territories.csv.gz").read_bytes()).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == COLUMNS
    by_code = {(r["kind"], r["code"]): r for r in rows}
    epci = by_code[("epci", "200069854")]
    # No population given: the sum of members; the département holding most inhabitants.
    assert (epci["population"], epci["departement"], epci["epci_nature"]) == ("90100", "86", "CU")
    assert by_code[("commune", "86194")]["epci"] == "200069854"
    assert by_code[("commune", "86066")]["epci"] == ""
    assert by_code[("departement", "86")]["population"] == "121000"
    assert by_code[("region", "75")]["population"] == "121100"
    assert ("commune", "86999") not in by_code and ("commune", "75101") not in by_code
    assert (out / "arrondissements.csv").read_text().splitlines()[1] == (
        "75101,Paris 1er Arrondissement,75056,15000"
    )
    assert "version: 9.9.9" in (out / "SOURCE").read_text()
    assert len(read_territory_file(out / "territories.csv.gz")) == 7
    # Same input, same bytes: rebuilding does not show up as a change in git.
    first = (out / "territories.csv.gz").read_bytes()
    build.main(["--package-dir", str(package), "--out-dir", str(out)])
    assert (out / "territories.csv.gz").read_bytes() == first


def test_shipped_source_names_the_package_version():
    source = (SCRIPT.parent / "SOURCE").read_text()
    assert "package: @etalab/decoupage-administratif" in source
    assert "version: " in source
