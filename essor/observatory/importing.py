"""Import the SIRENE stock files (CSV, zipped CSV or Parquet) into the register.

Order of work, so that nothing is written for a file that will be refused:
1. check both files exist and hold every needed column (by name);
2. read them with DuckDB, every column as text, only the needed columns,
   joining establishments with their legal unit and mapping municipal
   arrondissements to their commune;
3. write ``establishments.parquet`` into a hidden folder, count the malformed
   lines (refuse beyond ``max_bad_lines``), record the stock date and the
   size-band year in ``meta.json``;
4. rename the folder and switch ``CURRENT`` to it (``register.switch_to``).
An interrupted or refused import leaves the register in service untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.observatory import register
from essor.observatory.sirene_format import (
    NEEDED_ESTABLISHMENT_COLUMNS,
    NEEDED_LEGAL_UNIT_COLUMNS,
)
from essor.territories.datafile import ARRONDISSEMENTS_FILE, TERRITORIES_FILE

MAX_EXAMPLES = 5


class SireneImportError(Exception):
    """An import refused or failed; the message is for users (French)."""


@dataclass
class ImportProgress:
    """What the progress display needs: share done and rows read so far (estimated)."""

    fraction: float
    rows: int
    total_rows: int
    elapsed: float


@dataclass
class ImportReport:
    version: str
    stock_date: str
    size_band_year: str
    establishments: int
    legal_units_read: int
    establishments_read: int
    bad_lines: int
    bad_line_examples: list[str] = field(default_factory=list)
    unknown_communes: int = 0
    seconds: float = 0.0


@dataclass
class SourceFile:
    path: Path
    kind: str  # "csv" or "parquet"
    estimated_rows: int


def _columns_and_rows(path: Path) -> tuple[str, list[str], int]:
    """(kind, header columns, estimated rows) of a stock file, without reading it all."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        con = duckdb.connect()
        try:
            columns = [row[0] for row in con.execute(
                "SELECT name FROM parquet_schema(?) WHERE num_children IS NULL", [str(path)]
            ).fetchall()]  # fmt: skip
            rows = con.execute(
                "SELECT sum(num_rows) FROM parquet_file_metadata(?)", [str(path)]
            ).fetchone()[0]
        except duckdb.Error:
            raise SireneImportError(
                _("The file “%(path)s” is not a readable Parquet file.") % {"path": path}
            ) from None
        finally:
            con.close()
        return "parquet", columns, int(rows or 0)
    try:
        if name.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
                if len(members) != 1:
                    raise SireneImportError(
                        _("The archive “%(path)s” must hold exactly one CSV file.") % {"path": path}
                    )
                size = members[0].file_size
                with archive.open(members[0]) as handle:
                    head = handle.read(1 << 20)
        else:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(1 << 20)
    except (OSError, zipfile.BadZipFile):
        raise SireneImportError(_("Cannot read the file “%(path)s”.") % {"path": path}) from None
    text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if not lines:
        raise SireneImportError(_("The file “%(path)s” is empty.") % {"path": path})
    columns = [c.strip().strip('"') for c in lines[0].split(",")]
    sample = max(len(lines) - 2, 1)
    bytes_per_row = max(len(head) / (sample + 1), 1)
    return "csv", columns, int(size / bytes_per_row)


def check_file(path: Path, needed: list[str], label: str) -> SourceFile:
    """Refuse a missing file or one lacking a needed column (French message listing them)."""
    path = Path(path)
    if not path.is_file():
        raise SireneImportError(
            _("The %(label)s file “%(path)s” does not exist.") % {"label": label, "path": path}
        )
    kind, columns, rows = _columns_and_rows(path)
    missing = [column for column in needed if column not in columns]
    if missing:
        raise SireneImportError(
            _(
                "The %(label)s file “%(path)s” lacks these columns: %(columns)s. "
                "Nothing was imported."
            )
            % {"label": label, "path": path, "columns": ", ".join(missing)}
        )
    return SourceFile(path=path, kind=kind, estimated_rows=rows)


def _extract_zip(source: SourceFile, work: Path) -> SourceFile:
    if not source.path.name.lower().endswith(".zip"):
        return source
    with zipfile.ZipFile(source.path) as archive:
        member = next(m for m in archive.infolist() if m.filename.lower().endswith(".csv"))
        target = work / Path(member.filename).name
        with archive.open(member) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 22)
    return SourceFile(path=target, kind="csv", estimated_rows=source.estimated_rows)


def _reader(source: SourceFile, name: str) -> str:
    path = str(source.path).replace("'", "''")
    if source.kind == "parquet":
        return f"read_parquet('{path}')"
    # Every column as text; malformed lines go to the rejects table, with their line number.
    return (
        f"read_csv('{path}', header = true, all_varchar = true, delim = ',', quote = '\"', "
        f"escape = '\"', store_rejects = true, rejects_table = 'rej_{name}', "
        f"rejects_scan = 'scan_{name}', max_line_size = 10000000)"
    )


def _text(column: str) -> str:
    return f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')"


def _communes_sql() -> str:
    """Commune code (or arrondissement) -> commune, département, région, EPCI."""
    return f"""
    CREATE TEMP TABLE place AS
    WITH communes AS (
        SELECT code, code AS commune, departement, region, epci
        FROM read_csv('{TERRITORIES_FILE}', all_varchar = true, header = true)
        WHERE kind = 'commune'
    )
    SELECT * FROM communes
    UNION ALL
    SELECT a.code, c.commune, c.departement, c.region, c.epci
    FROM read_csv('{ARRONDISSEMENTS_FILE}', all_varchar = true, header = true) a
    JOIN communes c ON c.code = a.parent_code
    """


def _select_sql(ul: str, est: str) -> str:
    e, u = _text, _text
    return f"""
    WITH u AS (
        SELECT {u("siren")} AS siren, {u("categorieJuridiqueUniteLegale")} AS legal_category,
               {u("economieSocialeSolidaireUniteLegale")} AS ess_flag,
               {u("etatAdministratifUniteLegale")} = 'A' AS legal_unit_active,
               coalesce({u("denominationUniteLegale")},
                        concat_ws(' ', {u("prenomUsuelUniteLegale")}, {u("nomUniteLegale")}))
                 AS name,
               {u("sigleUniteLegale")} AS acronym
        FROM {ul}
    ), e AS (
        SELECT {e("siren")} AS siren, {e("siret")} AS siret,
               {e("codeCommuneEtablissement")} AS commune_code,
               {e("libelleCommuneEtablissement")} AS commune_name,
               {e("activitePrincipaleEtablissement")} AS naf,
               {e("nomenclatureActivitePrincipaleEtablissement")} AS naf_nomenclature,
               {e("trancheEffectifsEtablissement")} AS band,
               {e("anneeEffectifsEtablissement")} AS band_year,
               lower({e("etablissementSiege")}) = 'true' AS head_office,
               coalesce({e("denominationUsuelleEtablissement")}, {e("enseigne1Etablissement")})
                 AS establishment_name,
               left({e("dateDernierTraitementEtablissement")}, 10) AS processed_on
        FROM {est}
        WHERE {e("etatAdministratifEtablissement")} = 'A'
    )
    SELECT e.siret, e.siren, coalesce(p.commune, e.commune_code) AS commune, e.commune_name,
           p.departement, p.region, p.epci, e.naf, e.naf_nomenclature, e.band, e.band_year,
           e.head_office, e.establishment_name, e.processed_on, u.name, u.acronym,
           u.legal_category, u.ess_flag, u.legal_unit_active, p.commune IS NOT NULL AS known_place
    FROM e LEFT JOIN u ON u.siren = e.siren LEFT JOIN place p ON p.code = e.commune_code
    WHERE regexp_full_match(coalesce(e.siret, ''), '[0-9]{{14}}')
    ORDER BY p.departement, p.epci, commune
    """


def _bad_lines(con, name: str, source: SourceFile) -> tuple[int, list[str]]:
    if source.kind != "csv":
        return 0, []
    rows = con.execute(
        f"""SELECT line, any_value(error_type), any_value(csv_line)
        FROM rej_{name} GROUP BY line ORDER BY line"""
    ).fetchall()
    examples = [
        _("%(file)s, line %(line)s (%(error)s): %(text)s")
        % {"file": source.path.name, "line": line, "error": error, "text": (text or "")[:120]}
        for line, error, text in rows[:MAX_EXAMPLES]
    ]
    return len(rows), examples


def _run_with_progress(con, sql: str, total_rows: int, progress, interval: float) -> None:
    """Run ``sql`` in a worker thread, reporting DuckDB's progress to ``progress``.

    An exception raised by ``progress`` (or Ctrl-C) interrupts the query before
    propagating, so nothing keeps writing into the folder about to be removed.
    """
    failure: list[BaseException] = []

    def work():
        try:
            con.execute(sql)
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(interval)
            if progress is not None and worker.is_alive():
                fraction = max(con.query_progress(), 0) / 100
                elapsed = time.monotonic() - started
                progress(ImportProgress(fraction, int(fraction * total_rows), total_rows, elapsed))
    except BaseException:
        con.interrupt()
        worker.join()
        raise
    if failure:
        raise failure[0]


def import_sirene(
    legal_units: Path,
    establishments: Path,
    *,
    max_bad_lines: int = 0,
    stock_date: str | None = None,
    directory: Path | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    memory_limit: str = "3GB",
    source_name: str = "",
    progress_interval: float = 0.5,
) -> ImportReport:
    """Import both stock files into a new register version and put it in service."""
    started = time.monotonic()
    directory = Path(directory or register.data_dir())
    ul_source = check_file(legal_units, NEEDED_LEGAL_UNIT_COLUMNS, _("legal units"))
    est_source = check_file(establishments, NEEDED_ESTABLISHMENT_COLUMNS, _("establishments"))
    directory.mkdir(parents=True, exist_ok=True)
    version = "v" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    work = directory / f".partial-{version}"
    work.mkdir()
    try:
        report = _import_into(
            work, version, ul_source, est_source, max_bad_lines, stock_date,
            (progress, progress_interval), memory_limit,
        )  # fmt: skip
        if source_name:  # generated demo data says so on every figure
            meta_path = work / register.META_FILE
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["source_name"] = source_name
            meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        shutil.rmtree(work / "tmp", ignore_errors=True)  # extracted CSV, DuckDB spill files
        final = directory / version
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    register.switch_to(directory, version)
    report.seconds = time.monotonic() - started
    return report


def _import_into(work, version, ul_source, est_source, max_bad_lines, stock_date, progress,
                 memory_limit) -> ImportReport:  # fmt: skip
    tmp = work / "tmp"
    tmp.mkdir()
    ul_source = _extract_zip(ul_source, tmp)
    est_source = _extract_zip(est_source, tmp)
    con = duckdb.connect()
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{tmp}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute(_communes_sql())
        output = work / register.ESTABLISHMENTS_FILE
        sql = _select_sql(_reader(ul_source, "ul"), _reader(est_source, "est"))
        copy = (
            f"COPY ({sql}) TO '{output}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)"
        )
        total = ul_source.estimated_rows + est_source.estimated_rows
        try:
            _run_with_progress(con, copy, total, *progress)
        except duckdb.Error as exc:
            raise SireneImportError(
                _("The SIRENE files could not be read: %(error)s") % {"error": str(exc)[:300]}
            ) from None
        bad_ul, examples_ul = _bad_lines(con, "ul", ul_source)
        bad_est, examples_est = _bad_lines(con, "est", est_source)
        bad = bad_ul + bad_est
        examples = (examples_ul + examples_est)[:MAX_EXAMPLES]
        if bad > max_bad_lines:
            raise SireneImportError(
                ngettext(
                    "%(count)s malformed line, more than the %(max)s allowed "
                    "(--max-bad-lines): nothing was imported. First ones: %(examples)s",
                    "%(count)s malformed lines, more than the %(max)s allowed "
                    "(--max-bad-lines): nothing was imported. First ones: %(examples)s",
                    bad,
                )
                % {"count": bad, "max": max_bad_lines, "examples": "\u202f; ".join(examples)}
            )
        stats = con.execute(
            f"""SELECT count(*), max(processed_on), mode(band_year) FILTER (WHERE band_year IS
            NOT NULL), count(*) FILTER (WHERE NOT known_place) FROM read_parquet('{output}')"""
        ).fetchone()
    finally:
        con.close()
    report = ImportReport(
        version=version,
        stock_date=stock_date or stats[1] or "",
        size_band_year=stats[2] or "",
        establishments=stats[0],
        legal_units_read=ul_source.estimated_rows,
        establishments_read=est_source.estimated_rows,
        bad_lines=bad,
        bad_line_examples=examples,
        unknown_communes=stats[3],
    )
    meta = {
        "version": version,
        "stock_date": report.stock_date,
        "size_band_year": report.size_band_year,
        "establishments": report.establishments,
        "bad_lines": bad,
        "unknown_communes": report.unknown_communes,
        "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sources": [ul_source.path.name, est_source.path.name],
    }
    (work / register.META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return report
