"""Realistic SIRENE-format stock files, for tests, benchmarks and demos.

The files have INSEE's column names and order (``sirene_format``), valid
SIREN/SIRET (Luhn key), real commune codes drawn in proportion to their
population (Paris, Lyon and Marseille through their municipal arrondissements,
as in SIRENE), plausible shares of legal categories, NAF codes and size bands,
closed establishments and ceased legal units. Generation runs inside DuckDB,
so that millions of rows take seconds. ``bad_lines`` inserts malformed lines
(too few or too many fields) into the CSV establishments file.

``establishments`` rows are a sparse sample of France. ``dense_departements``
({"86": 1.0}) gives chosen départements full coverage instead: their communes
get rows at ``factor`` times the real national density of active
establishments per inhabitant, with the same shares of categories, activities
and size bands, so that a territory looked at closely is not nearly empty.

The figures are realistic in shape, not statistics of any real territory.
"""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from essor.observatory.perimeter import NAF_FILE
from essor.observatory.sirene_format import ESTABLISHMENT_COLUMNS, LEGAL_UNIT_COLUMNS
from essor.territories.datafile import ARRONDISSEMENTS_FILE, TERRITORIES_FILE

# (legal category, weight, share of legal units flagged ESS "O", kind of activity)
LEGAL_CATEGORIES = [
    ("1000", 420, 0.0, "any"),  # individual entrepreneur
    ("5499", 90, 0.0, "any"),  # SARL
    ("5498", 40, 0.0, "any"),  # single-member SARL
    ("5710", 110, 0.008, "any"),  # SAS (a few ESS companies, SCOP/SCIC as SAS)
    ("5720", 60, 0.004, "any"),  # single-member SAS
    ("6540", 95, 0.0, "realestate"),  # SCI
    ("5599", 8, 0.0, "any"),  # SA
    ("6599", 6, 0.0, "any"),  # other civil company
    ("9220", 60, 0.93, "association"),  # declared association
    ("9210", 3, 0.6, "association"),
    ("9221", 2, 0.9, "association"),
    ("9222", 2, 0.9, "association"),
    ("9230", 1, 0.95, "association"),
    ("9260", 2, 0.9, "association"),
    ("9240", 1, 0.0, "religious"),  # congregation: outside this perimeter
    ("5458", 2, 0.9, "coop"),  # SCOP as SA
    ("5460", 1, 0.8, "coop"),
    ("5560", 1, 0.8, "coop"),
    ("5192", 1, 0.9, "bank"),
    ("5194", 1, 0.9, "bank"),
    ("6317", 2, 0.8, "agri"),
    ("6558", 1, 0.7, "agri"),
    ("8210", 1, 0.95, "mutual"),
    ("6411", 1, 0.9, "insurance"),
    ("9300", 1, 0.95, "foundation"),
    ("7210", 3, 0.0, "public"),  # commune
    ("7348", 1, 0.0, "public"),
    ("7383", 1, 0.0, "public"),
]
# Activity codes per kind (others draw from every NAF sub-class).
ACTIVITIES = {
    "association": ["94.99Z"] * 10
    + ["88.99B", "85.59A", "93.12Z", "90.01Z", "88.10C"]
    + ["87.30A", "93.19Z", "85.51Z", "88.91A", "94.91Z", "94.20Z", "84.11Z", "55.20Z"],
    "religious": ["94.91Z"],
    "coop": ["43.21A", "71.12B", "62.01Z", "56.10A", "47.11F", "01.61Z"],
    "bank": ["64.19Z"],
    "agri": ["01.61Z", "46.21Z", "10.51A", "11.02B"],
    "mutual": ["65.12Z", "86.10Z", "65.11Z", "86.23Z"],
    "insurance": ["65.12Z", "65.11Z"],
    "foundation": ["86.10Z", "87.10A", "72.19Z", "88.99B"],
    "public": ["84.11Z", "84.11Z", "84.12Z", "85.20Z", "91.01Z"],
    "realestate": ["68.20B", "68.20A", "68.32A"],
    "common": ["47.11F", "56.10A", "68.20A", "70.22Z", "43.21A", "86.21Z", "96.02A", "49.32Z"]
    + ["62.02A", "47.73Z", "41.20A", "45.20A", "10.71C", "85.59B", "86.90D"],
}
# Size band of an active establishment: (band, weight in 10,000ths).
BANDS = [
    ("NN", 7700), ("00", 450), ("01", 750), ("02", 420), ("03", 240), ("11", 190),
    ("12", 140), ("21", 50), ("22", 30), ("31", 6), ("32", 8), ("41", 3), ("42", 1.2),
    ("51", 0.5), ("52", 0.1), ("53", 0.05), ("", 10),
]  # fmt: skip
# Share of generated rows that end up active: active legal unit, then active establishment.
UL_ACTIVE_SHARE = 0.58
EST_ACTIVE_SHARE = 0.72
# Order of magnitude of the real register: about 13.5 million active establishments in
# SIRENE for 68 million inhabitants (micro-entrepreneurs and SCIs included).
ACTIVE_ESTABLISHMENTS_PER_INHABITANT = 0.2
WORDS = [
    "Avenir", "Solidaire", "Horizon", "Terre", "Lien", "Atelier", "Partage", "Jardin",
    "Entraide", "Culture", "Sport", "Santé", "Énergie", "Habitat", "Vallée", "Soleil",
    "Rivage", "Clain", "Commun", "Ressource", "Bocage", "Passerelle", "Étoile", "Chemin",
]  # fmt: skip


@dataclass
class GeneratedFiles:
    legal_units: Path
    establishments: Path
    legal_unit_rows: int
    establishment_rows: int


def _luhn_macro(con) -> None:
    # Appends the Luhn key: INSEE checks SIREN and SIRET this way.
    con.execute(
        """CREATE OR REPLACE MACRO luhn(s) AS s || ((10 - list_sum(list_transform(
        string_split(s, ''), lambda ch, j: CASE WHEN (length(s) - j + 1) % 2 = 1
        THEN (2 * ch::INT) // 10 + (2 * ch::INT) % 10 ELSE ch::INT END)) % 10) % 10)::VARCHAR"""
    )


def _weights_table(con, name: str, rows: list[tuple], columns: str) -> None:
    """A table of choices with cumulative bounds in [0, 1), drawn with a join on random()."""
    total = sum(row[1] for row in rows)
    cumulative, records = 0.0, []
    for row in rows:
        low = cumulative / total
        cumulative += row[1]
        records.append((*row, low, cumulative / total))
    con.execute(f"CREATE TEMP TABLE {name} ({columns}, lo DOUBLE, hi DOUBLE)")
    con.executemany(
        f"INSERT INTO {name} VALUES ({', '.join('?' * len(records[0]))})",
        records,
    )


def _communes_table(con, establishments: int, dense: dict[str, float]) -> int:
    """Communes (arrondissements instead of Paris, Lyon, Marseille) with cumulative weights.

    A commune weighs its population times the rows per inhabitant of its part of France:
    ``establishments`` spread over the sparse part, the real density in a dense département.
    Returns the total number of rows to draw.
    """
    con.execute(
        f"""CREATE TEMP TABLE commune_base AS
        WITH pool AS (
            SELECT code, name, coalesce(TRY_CAST(population AS DOUBLE), 0) AS pop, departement
            FROM read_csv('{TERRITORIES_FILE}', all_varchar=true, header=true)
            WHERE kind = 'commune' AND code NOT IN ('75056', '69123', '13055')
            UNION ALL
            SELECT a.code, a.name, coalesce(TRY_CAST(a.population AS DOUBLE), 0), c.departement
            FROM read_csv('{ARRONDISSEMENTS_FILE}', all_varchar=true, header=true) a
            JOIN read_csv('{TERRITORIES_FILE}', all_varchar=true, header=true) c
              ON c.kind = 'commune' AND c.code = a.parent_code
        )
        SELECT code, upper(strip_accents(name)) AS name, pop, departement FROM pool
        WHERE pop > 0"""
    )
    con.execute("CREATE TEMP TABLE dense_rate (departement VARCHAR, rate DOUBLE)")
    rows_per_active = 1 / (UL_ACTIVE_SHARE * EST_ACTIVE_SHARE)
    for code, factor in dense.items():
        rate = factor * ACTIVE_ESTABLISHMENTS_PER_INHABITANT * rows_per_active
        con.execute("INSERT INTO dense_rate VALUES (?, ?)", [code, rate])
    sparse_pop, dense_rows = con.execute(
        """SELECT coalesce(sum(b.pop) FILTER (WHERE d.rate IS NULL), 0),
                  coalesce(sum(b.pop * d.rate), 0)
        FROM commune_base b LEFT JOIN dense_rate d USING (departement)"""
    ).fetchone()
    sparse_rate = establishments / sparse_pop if sparse_pop else 0.0
    con.execute(
        """CREATE TEMP TABLE commune_pool AS
        WITH weighted AS (
            SELECT code, name, pop * coalesce(d.rate, ?) AS w
            FROM commune_base b LEFT JOIN dense_rate d USING (departement)
        ), cum AS (
            SELECT code, name, sum(w) OVER (ORDER BY code) - w AS lo_abs,
                   sum(w) OVER (ORDER BY code) AS hi_abs
            FROM weighted WHERE w > 0
        )
        SELECT code, name, lo_abs / (SELECT max(hi_abs) FROM cum) AS lo,
               hi_abs / (SELECT max(hi_abs) FROM cum) AS hi FROM cum""",
        [sparse_rate],
    )
    return (establishments if sparse_pop else 0) + round(dense_rows)


def _naf_table(con) -> None:
    rows = [("common", code) for code in ACTIVITIES["common"]]
    for kind, codes in ACTIVITIES.items():
        rows += [(kind, code) for code in codes if kind != "common"]
    con.execute("CREATE TEMP TABLE kind_naf (kind VARCHAR, naf VARCHAR)")
    con.executemany("INSERT INTO kind_naf VALUES (?, ?)", rows)
    con.execute(
        f"""INSERT INTO kind_naf SELECT 'any', code FROM read_csv('{NAF_FILE}', all_varchar=true)
        WHERE level = 'subclass' AND substr(code, 1, 2) NOT IN ('84', '94', '99')"""
    )
    con.execute(
        """CREATE TEMP TABLE naf_pick AS SELECT kind, list(naf ORDER BY naf) AS codes
        FROM kind_naf GROUP BY kind"""
    )


def generate(
    directory: Path,
    *,
    establishments: int,
    legal_units: int | None = None,
    seed: int = 86194,
    formats: tuple[str, ...] = ("csv",),
    bad_lines: int = 0,
    stock_date: str = "2026-11-30",
    size_band_year: str = "2023",
    dense_departements: dict[str, float] | None = None,
) -> dict[str, GeneratedFiles]:
    """Write StockUniteLegale/StockEtablissement files in ``formats`` (csv, zip, parquet).

    ``establishments`` rows are drawn over France outside ``dense_departements``
    (code -> factor of the real density); those départements get their own, denser rows.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute("SELECT setseed(?)", [(seed % 1000) / 1000])
    _luhn_macro(con)
    establishments = _communes_table(con, establishments, dense_departements or {})
    legal_units = legal_units or max(1, round(establishments * 0.72))
    legal_units = min(legal_units, establishments)
    _naf_table(con)
    _weights_table(
        con,
        "cat_pick",
        [(c, w, f, k) for c, w, f, k in LEGAL_CATEGORIES],
        "cat VARCHAR, w DOUBLE, flag_share DOUBLE, kind VARCHAR",
    )
    _weights_table(con, "band_pick", BANDS, "band VARCHAR, w DOUBLE")
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    # Legal units: a bijection i -> 8 digits (multiplier prime to 9e7) keeps SIREN unique.
    con.execute(
        f"""CREATE TEMP TABLE ul AS
        WITH base AS (SELECT i, random() AS r_cat, random() AS r_flag, random() AS r_state,
                             random() AS r_naf, random() AS r_w1, random() AS r_w2
                      FROM range({legal_units}) t(i))
        SELECT i, luhn(lpad(((i * 7919) % 90000000 + 10000000)::VARCHAR, 8, '0')) AS siren,
               c.cat, c.kind, CASE WHEN r_flag < c.flag_share THEN 'O' ELSE 'N' END AS ess,
               CASE WHEN r_state < {UL_ACTIVE_SHARE} THEN 'A' ELSE 'C' END AS state,
               {words}[1 + floor(r_w1 * {len(WORDS)})::INT] || ' '
                 || {words}[1 + floor(r_w2 * {len(WORDS)})::INT] AS words, r_naf
        FROM base JOIN cat_pick c ON base.r_cat >= c.lo AND base.r_cat < c.hi"""
    )
    # Establishments: the first one of each legal unit is its head office.
    con.execute(
        f"""CREATE TEMP TABLE est AS
        WITH base AS (
            SELECT i, CASE WHEN i < {legal_units} THEN i
                      ELSE floor(random() * {legal_units})::BIGINT END AS ul_i,
                   random() AS r_com, random() AS r_band, random() AS r_naf, random() AS r_state,
                   random() AS r_day
            FROM range({establishments}) t(i))
        SELECT base.i, ul.siren, lpad((base.i // {legal_units} + 1)::VARCHAR, 4, '0') AS nic4,
               base.i < {legal_units} AS siege, ul.cat, ul.kind, ul.words, ul.state AS ul_state,
               CASE WHEN ul.state = 'A' AND base.r_state < {EST_ACTIVE_SHARE} THEN 'A' ELSE 'F' END
                 AS state,
               cp.code AS commune, cp.name AS commune_name, b.band,
               CASE WHEN ul.kind = 'any' AND base.r_naf < 0.45 THEN 'common' ELSE ul.kind END
                 AS naf_kind, base.r_naf, base.r_day
        FROM base JOIN ul ON ul.i = base.ul_i
        JOIN commune_pool cp ON base.r_com >= cp.lo AND base.r_com < cp.hi
        JOIN band_pick b ON base.r_band >= b.lo AND base.r_band < b.hi"""
    )
    ul_select = _legal_unit_select(stock_date, size_band_year)
    est_select = _establishment_select(stock_date, size_band_year)
    result = {}
    for fmt in formats:
        ul_path = directory / f"StockUniteLegale_utf8.{_ext(fmt)}"
        est_path = directory / f"StockEtablissement_utf8.{_ext(fmt)}"
        for select, path in ((ul_select, ul_path), (est_select, est_path)):
            _write(con, select, path, fmt)
        if bad_lines and fmt in ("csv", "zip"):
            _insert_bad_lines(est_path, bad_lines, seed, zipped=fmt == "zip")
        result[fmt] = GeneratedFiles(ul_path, est_path, legal_units, establishments)
    con.close()
    return result


def _ext(fmt: str) -> str:
    return {"csv": "csv", "zip": "zip", "parquet": "parquet"}[fmt]


def _write(con, select: str, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        con.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
        return
    # A zip holds one CSV named like INSEE's; written aside first, not over a plain CSV.
    csv_path = path if fmt == "csv" else path.with_name(f".{path.stem}.csv")
    con.execute(f"COPY ({select}) TO '{csv_path}' (FORMAT csv, HEADER true, QUOTE '\"')")
    if fmt == "zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(csv_path, arcname=f"{path.stem}.csv")
        csv_path.unlink()


def _column(values: dict, name: str) -> str:
    # INSEE leaves empty fields empty (not ""): NULL is written as nothing.
    return f"nullif({values.get(name, 'NULL')}::VARCHAR, '') AS \"{name}\""


def _legal_unit_select(stock_date: str, year: str) -> str:
    values = {
        "siren": "siren",
        "statutDiffusionUniteLegale": "'O'",
        "unitePurgeeUniteLegale": "''",
        "dateCreationUniteLegale": "(DATE '1950-01-01' + (r_naf * 27000)::INT)::VARCHAR",
        "sexeUniteLegale": "CASE WHEN cat = '1000' THEN 'F' ELSE '' END",
        "prenom1UniteLegale": "CASE WHEN cat = '1000' THEN 'CAMILLE' ELSE '' END",
        "prenomUsuelUniteLegale": "CASE WHEN cat = '1000' THEN 'CAMILLE' ELSE '' END",
        "identifiantAssociationUniteLegale": (
            "CASE WHEN cat LIKE '92%' THEN 'W' || lpad((i % 999999999)::VARCHAR, 9, '0') "
            "ELSE '' END"
        ),
        "trancheEffectifsUniteLegale": "'NN'",
        "dateDernierTraitementUniteLegale": f"'{stock_date}T21:00:00'",
        "nombrePeriodesUniteLegale": "'1'",
        "dateDebut": "(DATE '1990-01-01' + (r_naf * 12000)::INT)::VARCHAR",
        "etatAdministratifUniteLegale": "state",
        "nomUniteLegale": "CASE WHEN cat = '1000' THEN upper(strip_accents(words)) ELSE '' END",
        "denominationUniteLegale": (
            "CASE WHEN cat = '1000' THEN '' WHEN kind = 'association' "
            "THEN upper('Association ' || words) WHEN kind = 'foundation' "
            "THEN upper('Fondation ' || words) WHEN kind = 'mutual' "
            "THEN upper('Mutuelle ' || words) WHEN kind IN ('coop', 'agri', 'bank') "
            "THEN upper('Coopérative ' || words) ELSE upper(words) END"
        ),
        "categorieJuridiqueUniteLegale": "cat",
        "activitePrincipaleUniteLegale": "''",
        "nomenclatureActivitePrincipaleUniteLegale": "'NAFRev2'",
        "nicSiegeUniteLegale": "'00012'",
        "economieSocialeSolidaireUniteLegale": "ess",
        "societeMissionUniteLegale": "'N'",
        "caractereEmployeurUniteLegale": "'N'",
    }
    columns = [_column(values, name) for name in LEGAL_UNIT_COLUMNS]
    return "SELECT " + ", ".join(columns) + " FROM ul ORDER BY i"


def _establishment_select(stock_date: str, year: str) -> str:
    naf = "list_extract(p.codes, 1 + floor(e.r_naf * len(p.codes))::INT)"
    values = {
        "siren": "e.siren",
        "nic": "luhn(e.siren || e.nic4)[10:]",
        "siret": "luhn(e.siren || e.nic4)",
        "statutDiffusionEtablissement": "'O'",
        "dateCreationEtablissement": "(DATE '1970-01-01' + (e.r_day * 20000)::INT)::VARCHAR",
        "trancheEffectifsEtablissement": "CASE WHEN e.state = 'A' THEN e.band ELSE 'NN' END",
        "anneeEffectifsEtablissement": (
            f"CASE WHEN e.state = 'A' AND e.band NOT IN ('NN', '') THEN '{year}' ELSE '' END"
        ),
        "dateDernierTraitementEtablissement": (
            f"strftime(TIMESTAMP '{stock_date} 21:00:00' - to_days((e.r_day * 3000)::INT), "
            "'%Y-%m-%dT%H:%M:%S')"
        ),
        "etablissementSiege": "CASE WHEN e.siege THEN 'true' ELSE 'false' END",
        "nombrePeriodesEtablissement": "'1'",
        "numeroVoieEtablissement": "(1 + floor(e.r_day * 120)::INT)::VARCHAR",
        "typeVoieEtablissement": "'RUE'",
        "libelleVoieEtablissement": "upper(strip_accents(split_part(e.words, ' ', 1)))",
        "codePostalEtablissement": "left(e.commune, 2) || '000'",
        "libelleCommuneEtablissement": "e.commune_name",
        "codeCommuneEtablissement": "e.commune",
        "dateDebut": "(DATE '2008-01-01' + (e.r_day * 6000)::INT)::VARCHAR",
        "etatAdministratifEtablissement": "e.state",
        "enseigne1Etablissement": "CASE WHEN e.r_day < 0.1 THEN upper(e.words) ELSE '' END",
        "denominationUsuelleEtablissement": "''",
        "activitePrincipaleEtablissement": naf,
        "nomenclatureActivitePrincipaleEtablissement": "'NAFRev2'",
        "caractereEmployeurEtablissement": (
            "CASE WHEN e.band NOT IN ('NN', '00', '') THEN 'O' ELSE 'N' END"
        ),
    }
    columns = [_column(values, name) for name in ESTABLISHMENT_COLUMNS]
    return (
        "SELECT " + ", ".join(columns)
        + " FROM est e JOIN naf_pick p ON p.kind = e.naf_kind ORDER BY e.i"
    )  # fmt: skip


def _insert_bad_lines(path: Path, count: int, seed: int, *, zipped: bool) -> None:
    """Replace ``count`` data lines by malformed ones (too few or too many fields)."""
    if zipped:
        with zipfile.ZipFile(path) as archive:
            text = archive.read(f"{path.stem}.csv").decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    data_lines = range(1, len(lines))
    for index, line_no in enumerate(sorted(rng.sample(data_lines, min(count, len(lines) - 1)))):
        fields = lines[line_no].rstrip("\n").split(",")
        if index % 2 == 0:
            lines[line_no] = ",".join(fields[:7]) + "\n"  # a truncated line
        else:
            lines[line_no] = ",".join(fields + ["surplus", "champ"]) + "\n"  # too many fields
    if zipped:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{path.stem}.csv", "".join(lines))
    else:
        path.write_text("".join(lines), encoding="utf-8")
