"""import_sirene: column check, malformed lines, formats, atomic switch."""

import json
import re
from io import StringIO

import duckdb
import pytest
from django.core.management import CommandError, call_command

from essor.observatory import register
from essor.observatory.generator import generate
from essor.observatory.importing import SireneImportError, import_sirene
from essor.observatory.sirene_format import ESTABLISHMENT_COLUMNS, LEGAL_UNIT_COLUMNS
from essor.observatory.tests.stock import ESTABLISHMENTS, LEGAL_UNITS, write_csv, write_stock


def _rows(version) -> int:
    sql = f"SELECT count(*) FROM read_parquet('{version.establishments}')"
    return duckdb.connect().execute(sql).fetchone()[0]


def test_missing_columns_refused_before_writing(sirene_dir, tmp_path):
    columns = [c for c in ESTABLISHMENT_COLUMNS if c not in ("siret", "codeCommuneEtablissement")]
    columns = [c.replace("trancheEffectifsEtablissement", "tranche") for c in columns]
    ul = write_csv(tmp_path / "ul.csv", LEGAL_UNIT_COLUMNS, LEGAL_UNITS)
    est = write_csv(tmp_path / "est.csv", columns, ESTABLISHMENTS)
    with pytest.raises(SireneImportError) as error:
        import_sirene(ul, est)
    message = str(error.value)
    assert "siret" in message and "codeCommuneEtablissement" in message
    assert "trancheEffectifsEtablissement" in message
    assert not sirene_dir.exists() or not any(sirene_dir.iterdir())


def test_columns_are_read_by_name_not_position(sirene_dir, tmp_path):
    ul = write_csv(tmp_path / "ul.csv", list(reversed(LEGAL_UNIT_COLUMNS)), LEGAL_UNITS)
    est = write_csv(tmp_path / "est.csv", list(reversed(ESTABLISHMENT_COLUMNS)), ESTABLISHMENTS)
    report = import_sirene(ul, est)
    assert report.establishments == 14  # 15 rows, E3 closed


def test_malformed_lines_counted_with_line_numbers(sirene_dir, tmp_path):
    ul, est = write_stock(tmp_path)
    lines = est.read_text().splitlines()
    lines[3] = ",".join(lines[3].split(",")[:6])  # line 4 of the file: too few fields
    lines[6] = lines[6] + ",extra"  # line 7: too many fields
    est.write_text("\n".join(lines) + "\n")
    with pytest.raises(SireneImportError) as error:
        import_sirene(ul, est, max_bad_lines=1)
    assert re.search(r"\b4\b", str(error.value))
    assert register.current_version() is None  # nothing in service
    report = import_sirene(ul, est, max_bad_lines=2)
    assert report.bad_lines == 2
    first, second = report.bad_line_examples
    assert re.search(r"\b4\b", first.split("(")[0]) and "MISSING COLUMNS" in first
    assert re.search(r"\b7\b", second.split("(")[0]) and "TOO MANY COLUMNS" in second
    # Line 4 is E3 (closed anyway), line 7 is E6: 13 active establishments remain.
    assert report.establishments == 13


def test_refused_import_keeps_previous_data(sirene_dir, tmp_path):
    ul, est = write_stock(tmp_path)
    first = import_sirene(ul, est)
    broken = tmp_path / "broken.csv"
    broken.write_text(",".join(ESTABLISHMENT_COLUMNS) + "\n" + "x,y\n" * 5)
    with pytest.raises(SireneImportError):
        import_sirene(ul, broken, max_bad_lines=2)
    current = register.current_version()
    assert current.name == first.version
    assert _rows(current) == 14
    assert not [p for p in sirene_dir.iterdir() if p.name.startswith(".partial")]


def test_switch_is_atomic_and_previous_stays_readable(sirene_dir, tmp_path):
    ul, est = write_stock(tmp_path)
    first = import_sirene(ul, est)
    old = register.current_version()
    second = import_sirene(ul, est, stock_date="2026-11-30")
    assert register.current_version().name == second.version != first.version
    assert _rows(old) == 14  # the previous import is kept (KEEP_PREVIOUS) and still readable
    assert register.current_version().stock_date == "2026-11-30"


@pytest.mark.parametrize("fmt", ["csv", "zip", "parquet"])
def test_generated_files_in_every_format(sirene_dir, tmp_path, fmt):
    files = generate(tmp_path / "gen", establishments=3000, formats=(fmt,))[fmt]
    report = import_sirene(files.legal_units, files.establishments)
    assert report.bad_lines == 0
    assert 500 < report.establishments < 3000  # only active establishments are kept
    assert report.size_band_year == "2023"
    assert report.unknown_communes == 0
    meta = json.loads((register.current_version().path / "meta.json").read_text())
    assert meta["stock_date"] == "2026-11-30"


def test_generator_writes_insee_columns_and_valid_identifiers(tmp_path):
    from essor.organisations.identifiers import luhn_is_valid

    files = generate(tmp_path, establishments=500, formats=("csv",), bad_lines=3)["csv"]
    header = files.establishments.read_text().splitlines()[0].split(",")
    assert header == ESTABLISHMENT_COLUMNS
    assert files.legal_units.read_text().splitlines()[0].split(",") == LEGAL_UNIT_COLUMNS
    rows = (
        duckdb.connect()
        .execute(
            f"SELECT siren, siret FROM read_csv('{files.establishments}', all_varchar=true, "
            "ignore_errors=true) LIMIT 200"
        )
        .fetchall()
    )
    assert all(luhn_is_valid(siren) and luhn_is_valid(siret) for siren, siret in rows)
    assert all(siret.startswith(siren) for siren, siret in rows)


def test_command_reports_progress_and_bad_lines(sirene_dir, tmp_path):
    files = generate(tmp_path, establishments=2000, formats=("csv",), bad_lines=3)["csv"]
    with pytest.raises(CommandError) as error:
        call_command("import_sirene", "--legal-units", str(files.legal_units),
                     "--establishments", str(files.establishments), stdout=StringIO(),
                     stderr=StringIO())  # fmt: skip
    assert "3" in str(error.value)
    out = StringIO()
    call_command("import_sirene", "--legal-units", str(files.legal_units),
                 "--establishments", str(files.establishments), "--max-bad-lines", "3",
                 stdout=out, stderr=StringIO())  # fmt: skip
    assert "StockEtablissement_utf8.csv" in out.getvalue()
    assert register.current_version() is not None


def test_missing_file_is_a_clear_error(sirene_dir, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command(
            "import_sirene", "--legal-units", str(tmp_path / "nope.csv"),
            "--establishments", str(tmp_path / "nope2.csv"), stdout=StringIO(),
        )  # fmt: skip
    assert "nope.csv" in str(error.value)


def test_dense_departement_gets_the_real_density(tmp_path):
    from essor.observatory.generator import (
        ACTIVE_ESTABLISHMENTS_PER_INHABITANT,
        TERRITORIES_FILE,
    )

    factor = 0.02  # 2 % of the real density keeps the test fast; the demo uses 1.0
    files = generate(
        tmp_path, establishments=2000, formats=("parquet",), dense_departements={"86": factor}
    )["parquet"]
    con = duckdb.connect()
    population = dict(
        con.execute(
            f"""SELECT departement = '86', sum(population::DOUBLE)
            FROM read_csv('{TERRITORIES_FILE}', all_varchar=true) WHERE kind = 'commune'
            GROUP BY 1"""
        ).fetchall()
    )
    counts = {
        dense: (rows, active, ess_like)
        for dense, rows, active, ess_like in con.execute(
            f"""SELECT left(e.codeCommuneEtablissement, 2) = '86', count(*),
                count(*) FILTER (WHERE e.etatAdministratifEtablissement = 'A'),
                count(*) FILTER (WHERE e.etatAdministratifEtablissement = 'A'
                                 AND u.categorieJuridiqueUniteLegale LIKE '92%')
            FROM read_parquet('{files.establishments}') e
            JOIN read_parquet('{files.legal_units}') u USING (siren) GROUP BY 1"""
        ).fetchall()
    }
    assert files.establishment_rows == counts[True][0] + counts[False][0]
    assert 1800 < counts[False][0] < 2200  # the rest of France keeps its sparse sample
    dense_density = counts[True][1] / population[True]
    sparse_density = counts[False][1] / population[False]
    assert dense_density == pytest.approx(factor * ACTIVE_ESTABLISHMENTS_PER_INHABITANT, rel=0.1)
    assert dense_density > 100 * sparse_density
    # Same shares of legal categories in both parts: associations are ~7 % of active ones.
    for _all_rows, active, associations in counts.values():
        assert 0.04 < associations / active < 0.11
    # Arrondissements (joined to their commune for the département) still replace Paris.
    communes = con.execute(
        f"SELECT count(*) FILTER (WHERE codeCommuneEtablissement = '75056'), "
        f"count(*) FILTER (WHERE codeCommuneEtablissement LIKE '751%') "
        f"FROM read_parquet('{files.establishments}')"
    ).fetchone()
    assert communes[0] == 0 and communes[1] > 0


def test_demo_register_is_marked_dense_where_the_demo_looks_and_never_replaces_data(
    cast, sirene_dir, tmp_path
):
    from essor.observatory.demo import DEMO_SOURCE, load_observatory_demo
    from essor.observatory.diagnostic import diagnose, resolve_territory

    # The demo's own density for Vienne; a small sparse sample for the rest of France.
    report = load_observatory_demo(establishments=2000)
    assert report.establishments > 50_000
    assert register.current_version().meta["source_name"] == DEMO_SOURCE
    epci = diagnose(resolve_territory("epci:200069854"))
    assert epci["ess"]["establishments"] >= 500  # Grand Poitiers looks like a real agglomeration
    assert epci["ess"]["employer_establishments"] >= 300
    assert 4 < epci["ess_share"]["establishments"] < 15  # shares stay plausible
    vienne = epci["comparison"][0]
    assert vienne["territory"]["code"] == "86"
    assert 4 < vienne["ess_share"]["jobs_central"] < 20
    assert load_observatory_demo(establishments=2000) is None  # something is in service already


def test_interrupted_import_leaves_previous_data(sirene_dir, tmp_path):
    ul, est = write_stock(tmp_path)
    first = import_sirene(ul, est)
    files = generate(tmp_path / "big", establishments=60000, formats=("csv",))["csv"]
    seen = []

    def interrupt(state):
        seen.append(state)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_sirene(files.legal_units, files.establishments, progress=interrupt,
                      progress_interval=0.001)  # fmt: skip
    assert seen and seen[0].total_rows > 60000
    assert register.current_version().name == first.version
    assert _rows(register.current_version()) == 14
    assert [p.name for p in sirene_dir.iterdir() if p.is_dir()] == [first.version]
