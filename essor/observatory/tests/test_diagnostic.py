"""Every definition of the issue, on the hand-built stock of tests/stock.py.

Expected figures are computed by hand in each test from the rows E1..E15.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from essor.observatory.diagnostic import diagnose, resolve_territory
from essor.territories.models import Territory, TerritoryKind

pytestmark = pytest.mark.django_db

# Jobs per band (perimeter.yaml): low / central / high.
B11 = (10, 13.78, 19)
B03 = (6, 7.5, 9)
B53 = (10000, 12500, 20000)
B02 = (3, 4, 5)
B01 = (1, 1.5, 2)
B12 = (20, 31.3, 49)


def jobs(*bands):
    return {
        "low": round(sum(b[0] for b in bands)),
        "central": round(sum(b[1] for b in bands)),
        "high": round(sum(b[2] for b in bands)),
    }


def test_commune_counts_every_definition(cast, imported, france):
    d = diagnose(resolve_territory("commune:86194"))
    # ESS: E1, E2 (association), E4 (coop), E5 (mutual), E6 (foundation), E7 (flag only).
    # Not ESS: E3 closed, E8 plain SAS, E9 94.91Z, E10 public, E11 division 84, E12 9240.
    assert d["ess"] == {
        "legal_units": 5,  # 100000001..100000005
        "establishments": 6,
        "employer_establishments": 4,  # E1 (11), E4 (03), E5 (00 counts), E6 (53); NN and "" not
        "jobs": jobs(B11, B03, B53),  # 00 counts 0 jobs
    }
    # Economy: every active establishment (E1, E2, E4..E12), no exclusion.
    assert d["economy"] == {
        "legal_units": 10,
        "establishments": 11,
        "employer_establishments": 7,  # + E8 (02), E9 (01), E10 (12)
        "jobs": jobs(B11, B03, B53, B02, B01, B12),
    }
    assert d["by_family"]["association"] == {
        "legal_units": 1, "establishments": 2, "employer_establishments": 1, "jobs": jobs(B11),
    }  # fmt: skip
    assert d["by_family"]["cooperative"]["jobs"] == jobs(B03)
    assert d["by_family"]["mutual"] == {
        "legal_units": 1, "establishments": 1, "employer_establishments": 1, "jobs": jobs(),
    }  # fmt: skip
    assert d["by_family"]["foundation"]["jobs"] == jobs(B53)
    assert d["by_family"]["ess_company"]["establishments"] == 1
    assert d["by_family"]["ess_company"]["employer_establishments"] == 0
    # Sections: S (E1 94.99Z), Q (E2 88.99B, E6 86.10Z), F (E4), K (E5), J (E7).
    assert set(d["by_naf_section"]) == {"F", "J", "K", "Q", "S"}
    assert d["by_naf_section"]["Q"]["establishments"] == 2
    assert d["by_naf_section"]["Q"]["legal_units"] == 2
    assert d["by_naf_division"]["94"]["establishments"] == 1
    assert d["by_size_band"] == {"NN": 1, "00": 1, "03": 1, "11": 1, "53": 1, "missing": 1}
    ess_jobs, all_jobs = jobs(B11, B03, B53)["central"], d["economy"]["jobs"]["central"]
    assert d["ess_share"] == {
        "establishments": round(100 * 6 / 11, 2),
        "employer_establishments": round(100 * 4 / 7, 2),
        "jobs_central": round(100 * ess_jobs / all_jobs, 2),
    }


def test_epci_region_france_and_arrondissements(cast, imported, france):
    epci = diagnose(resolve_territory("epci:200069854"))
    assert epci["ess"]["establishments"] == 7  # + E13 in Buxerolles
    assert epci["ess"]["legal_units"] == 5  # E13 belongs to 100000001 already counted
    region = diagnose(resolve_territory("region:75"))
    assert region["ess"]["establishments"] == 8  # + E15 in Niort
    assert region["ess"]["jobs"] == jobs(B11, B03, B53, B01, B01)
    paris = Territory.objects.create(kind=TerritoryKind.COMMUNE, code="75056", name="Paris")
    assert diagnose(paris)["ess"]["establishments"] == 1  # E14 carries 75108 (Paris 8e)
    whole = diagnose(resolve_territory("france"))
    assert whole["ess"]["establishments"] == 9
    assert whole["economy"]["establishments"] == 14  # 15 rows, one closed
    assert whole["comparison"] == []


def test_comparison_with_parents(cast, imported, france):
    d = diagnose(resolve_territory("commune:86194"))
    kinds = [c["territory"]["kind"] for c in d["comparison"]]
    assert kinds == ["departement", "region", "france"]
    vienne = d["comparison"][0]["ess_share"]
    # Vienne: ESS E1, E2, E4..E7, E13 = 7 of 12 active establishments.
    assert vienne["establishments"] == round(100 * 7 / 12, 2)
    assert d["comparison"][2]["ess_share"]["establishments"] == round(100 * 9 / 14, 2)


def test_source_and_perimeter_are_recorded(cast, imported, france):
    d = diagnose(resolve_territory("departement:86"))
    assert d["source"]["stock_date"] == "2026-10-31"
    assert d["source"]["size_band_year"] == "2023"
    assert d["perimeter"]["version"] == "2026.1"
    assert d["territory"] == {"kind": "departement", "code": "86", "name": "Vienne"}


def test_command_json_contract_and_csv(cast, imported, france):
    out = StringIO()
    call_command("ess_diagnostic", "commune:86194", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    for key in ("territory", "source", "perimeter", "ess", "economy", "ess_share", "by_family",
                "by_naf_section", "by_size_band", "comparison"):  # fmt: skip
        assert key in data
    assert set(data["by_family"]) == {
        "association", "cooperative", "mutual", "foundation", "ess_company",
    }  # fmt: skip
    assert set(data["ess"]) == {"legal_units", "establishments", "employer_establishments", "jobs"}
    assert set(data["ess_share"]) == {"establishments", "employer_establishments", "jobs_central"}
    assert data["comparison"][0]["ess_share"]["establishments"] > 0
    out = StringIO()
    call_command("ess_diagnostic", "commune:86194", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "field,value"
    assert "ess.establishments,6" in lines
    assert "by_family.association.jobs.low,10" in lines
    assert "comparison.0.territory.code,86" in lines


def test_unknown_territory_gets_suggestions(cast, imported):
    with pytest.raises(CommandError) as error:
        call_command("ess_diagnostic", "epci:20006985", stdout=StringIO())
    assert "epci:200069854 (CU du Grand Poitiers)" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("ess_diagnostic", "canton:12", stdout=StringIO())
    assert "commune:CODE" in str(error.value)


def test_no_data_yet_says_how_to_import(cast, sirene_dir):
    with pytest.raises(CommandError) as error:
        call_command("ess_diagnostic", "commune:86194", stdout=StringIO())
    assert "import_sirene" in str(error.value)


def test_figures_are_cached_per_import(cast, imported, france, tmp_path):
    from essor.observatory import register
    from essor.observatory.importing import import_sirene
    from essor.observatory.tests.stock import write_stock

    commune = resolve_territory("commune:86194")
    assert diagnose(commune)["ess"]["establishments"] == 6
    cached = list(register.current_version().path.glob("cache/*/commune-86194.json"))
    assert len(cached) == 1
    data = json.loads(cached[0].read_text())
    data["ess"]["establishments"] = 999
    cached[0].write_text(json.dumps(data))
    assert diagnose(commune)["ess"]["establishments"] == 999  # served from the cache
    (tmp_path / "again").mkdir()
    import_sirene(*write_stock(tmp_path / "again"))
    assert diagnose(commune)["ess"]["establishments"] == 6  # a new import starts afresh
