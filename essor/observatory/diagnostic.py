"""The quantitative ESS diagnostic of a territory (one function for page, command, sheet).

``diagnose(territory)`` returns the JSON contract documented in README.md:
counts of the ESS and of the whole economy of the territory (active
establishments, distinct SIREN, employer establishments, estimated jobs),
breakdowns by family, NAF section and division and size band, the ESS shares
and the same shares for the parent département, région and France.

Every figure comes from one DuckDB query over the register in service, with
the perimeter (data/perimeter.yaml) turned into SQL expressions.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass

from django.utils.translation import gettext as _

from essor.observatory import register
from essor.observatory.perimeter import (
    FAMILIES,
    Perimeter,
    load_perimeter,
    naf_labels,
    sql_list,
)
from essor.territories.lookup import TerritoryKeyError, resolve_key
from essor.territories.models import Territory, TerritoryKind

SOURCE_NAME = "SIRENE (INSEE), stock des unités légales et des établissements"
UNKNOWN_SECTION = "unknown"
MISSING_BAND = "missing"
# Register column holding the code of each kind of territory.
KIND_COLUMNS = {
    TerritoryKind.COMMUNE: "commune",
    TerritoryKind.EPCI: "epci",
    TerritoryKind.DEPARTEMENT: "departement",
    TerritoryKind.REGION: "region",
}
KEY_PREFIX = {value: key for key, value in {
    "commune": TerritoryKind.COMMUNE, "epci": TerritoryKind.EPCI,
    "departement": TerritoryKind.DEPARTEMENT, "region": TerritoryKind.REGION,
}.items()}  # fmt: skip


class DiagnosticError(Exception):
    """No diagnostic possible (unknown territory, no register); the message is for users."""


class NoRegisterData(DiagnosticError):
    pass


@dataclass(frozen=True)
class Place:
    """A territory as the register sees it (France needs no database row)."""

    kind: str
    code: str
    name: str

    @property
    def key(self) -> str:
        return (
            "france"
            if self.kind == TerritoryKind.COUNTRY
            else f"{KEY_PREFIX[self.kind]}:{self.code}"
        )

    def as_dict(self) -> dict:
        return {"kind": KEY_PREFIX.get(self.kind, "france"), "code": self.code, "name": self.name}


FRANCE = Place(TerritoryKind.COUNTRY, "FR", "France")


def place_of(territory: Territory | Place) -> Place:
    if isinstance(territory, Place):
        return territory
    if territory.kind == TerritoryKind.COUNTRY:
        return FRANCE
    return Place(territory.kind, territory.code, territory.name)


def resolve_territory(key: str) -> Territory | Place:
    """The territory named by ``key`` ("commune:86194", "france"...), or a French error
    message with suggestions of existing territories."""
    if (key or "").strip().lower() == "france":
        try:
            return resolve_key("france")
        except TerritoryKeyError:
            return FRANCE
    try:
        return resolve_key(key)
    except TerritoryKeyError as exc:
        query = (key or "").partition(":")[2] or key or ""
        suggestions = [f"{place_of(t).key} ({t.name})" for t in Territory.objects.search(query)[:5]]
        message = str(exc)
        if suggestions:
            message += " " + _("Did you mean: %(list)s?") % {"list": ", ".join(suggestions)}
        raise DiagnosticError(message) from None


def parents_of(territory: Territory | Place) -> list[Place]:
    """Parent département and région (when they exist), then France."""
    parents = []
    if isinstance(territory, Territory):
        if territory.kind in (TerritoryKind.COMMUNE, TerritoryKind.EPCI):
            if territory.departement_id:
                parents.append(place_of(territory.departement))
        if territory.kind != TerritoryKind.COUNTRY and territory.region_id:
            parents.append(place_of(territory.region))
    if territory.kind != TerritoryKind.COUNTRY:
        parents.append(FRANCE)
    return parents


def require_register() -> register.RegisterVersion:
    version = register.current_version()
    if version is None:
        raise NoRegisterData(
            _(
                "No SIRENE data imported yet. An administrator downloads the stock files "
                "(StockUniteLegale and StockEtablissement, CSV, zipped CSV or Parquet) from "
                "data.gouv.fr and runs: python manage.py import_sirene --legal-units PATH "
                "--establishments PATH"
            )
        )
    return version


def where_sql(place: Place) -> tuple[str, list]:
    if place.kind == TerritoryKind.COUNTRY:
        return "commune IS NOT NULL", []
    return f"{KIND_COLUMNS[place.kind]} = ?", [place.code]


def _base_sql(perimeter: Perimeter, where: str, key: str) -> str:
    """Active establishments of the territory with their family and measures (one CTE)."""
    divisions = list(naf_labels().divisions.items())
    codes = sql_list(d for d, _value in divisions)
    sections = sql_list(section for _d, (section, _label) in divisions)
    rev2 = "coalesce(naf_nomenclature, 'NAFRev2') = 'NAFRev2'"
    return f"""
    WITH base AS (
        SELECT {key} AS tkey, siren,
               CASE WHEN NOT ({rev2} AND {perimeter.excluded_sql()})
                    THEN {perimeter.family_sql()} END AS family,
               CASE WHEN {rev2} THEN substr(naf, 1, 2) END AS division,
               coalesce(band, '') AS band,
               {perimeter.employer_sql()} AS employer,
               {perimeter.band_sql("low")} AS j_low,
               {perimeter.band_sql("central")} AS j_central,
               {perimeter.band_sql("high")} AS j_high
        FROM est WHERE {where}
    ), b AS (
        SELECT base.*, family IS NOT NULL AS ess,
               coalesce({sections}[list_position({codes}, division)], '{UNKNOWN_SECTION}')
                 AS section,
               coalesce(division, '{UNKNOWN_SECTION}') AS div
        FROM base
    )"""


MEASURES = """count(DISTINCT siren) AS legal_units, count(*) AS establishments,
    count(*) FILTER (WHERE employer) AS employer_establishments,
    sum(j_low) AS j_low, sum(j_central) AS j_central, sum(j_high) AS j_high"""


def _measures(row) -> dict:
    legal_units, establishments, employers, low, central, high = row
    return {
        "legal_units": int(legal_units or 0),
        "establishments": int(establishments or 0),
        "employer_establishments": int(employers or 0),
        "jobs": {"low": round(low or 0), "central": round(central or 0), "high": round(high or 0)},
    }


def _empty() -> dict:
    return _measures((0, 0, 0, 0, 0, 0))


def _share(part: int | float, whole: int | float) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def ess_share(ess: dict, economy: dict) -> dict:
    """ESS shares, in percent of the economy of the same territory."""
    return {
        "establishments": _share(ess["establishments"], economy["establishments"]),
        "employer_establishments": _share(
            ess["employer_establishments"], economy["employer_establishments"]
        ),
        "jobs_central": _share(ess["jobs"]["central"], economy["jobs"]["central"]),
    }


def _compute(con, perimeter: Perimeter, where: str, params: list, key: str) -> dict[str, dict]:
    """Diagnostic figures (without territory, source, comparison) per value of ``key``."""
    sql = (
        _base_sql(perimeter, where, key)
        + f"""
    SELECT grouping(ess, family, section, div, band) AS g, tkey, ess, family, section, div,
           band, {MEASURES}
    FROM b GROUP BY GROUPING SETS ((tkey), (tkey, ess), (tkey, family), (tkey, ess, section),
                                   (tkey, ess, div), (tkey, ess, band))"""
    )
    results: dict[str, dict] = {}
    for g, tkey, ess, family, section, div, band, *values in con.execute(sql, params).fetchall():
        if tkey not in results:
            results[tkey] = _blank()
        figures = results[tkey]
        measures = _measures(values)
        # grouping() bits, left to right: ess, family, section, div, band (1 = rolled up).
        if g == 0b11111:
            figures["economy"] = measures
        elif g == 0b01111 and ess:
            figures["ess"] = measures
        elif g == 0b10111 and family is not None:
            figures["by_family"][family] = measures
        elif g == 0b01011 and ess:
            figures["by_naf_section"][section] = measures
        elif g == 0b01101 and ess:
            figures["by_naf_division"][div] = measures
        elif g == 0b01110 and ess:
            figures["by_size_band"][band or MISSING_BAND] = measures["establishments"]
    for figures in results.values():
        figures["ess_share"] = ess_share(figures["ess"], figures["economy"])
        figures["by_naf_section"] = dict(sorted(figures["by_naf_section"].items()))
        figures["by_naf_division"] = dict(sorted(figures["by_naf_division"].items()))
        order = {code: index for index, code in enumerate(perimeter.bands)}
        figures["by_size_band"] = dict(
            sorted(figures["by_size_band"].items(), key=lambda item: order.get(item[0], 99))
        )
    return results


def _blank() -> dict:
    return {
        "ess": _empty(),
        "economy": _empty(),
        "by_family": {family: _empty() for family in FAMILIES},
        "by_naf_section": {},
        "by_naf_division": {},
        "by_size_band": {},
    }


def _parent_share(version: register.RegisterVersion, perimeter: Perimeter, place: Place) -> dict:
    """ESS share of a parent territory (its full figures when already computed)."""
    full = _cache_path(version, perimeter, f"{place.kind}-{place.code}")
    if full.exists():
        return _through_cache(full, dict)["ess_share"]
    path = _cache_path(version, perimeter, f"share-{place.kind}-{place.code}")
    return _through_cache(path, lambda: _share_of(version, perimeter, place))


def _share_of(version: register.RegisterVersion, perimeter: Perimeter, place: Place) -> dict:
    where, params = where_sql(place)
    con = register.connection(version)
    sql = f"""WITH b AS (SELECT CASE WHEN NOT (coalesce(naf_nomenclature, 'NAFRev2') = 'NAFRev2'
        AND {perimeter.excluded_sql()}) THEN {perimeter.family_sql()} END IS NOT NULL AS ess,
        {perimeter.employer_sql()} AS employer, {perimeter.band_sql("central")} AS j
        FROM est WHERE {where})
        SELECT count(*) FILTER (WHERE ess), count(*), count(*) FILTER (WHERE ess AND employer),
               count(*) FILTER (WHERE employer), sum(j) FILTER (WHERE ess), sum(j) FROM b"""
    ess, total, ess_emp, emp, ess_jobs, jobs = con.execute(sql, params).fetchone()
    return {
        "establishments": _share(ess, total),
        "employer_establishments": _share(ess_emp, emp),
        "jobs_central": _share(round(ess_jobs or 0), round(jobs or 0)),
    }


def _header(place: Place, version: register.RegisterVersion, perimeter: Perimeter) -> dict:
    return {
        "territory": place.as_dict(),
        "source": {
            "name": version.meta.get("source_name") or SOURCE_NAME,
            "stock_date": version.stock_date,
            "size_band_year": version.size_band_year,
        },
        "perimeter": perimeter.as_dict(),
    }


def _cache_path(version: register.RegisterVersion, perimeter: Perimeter, name: str):
    return version.path / "cache" / perimeter.version / f"{name}.json"


def _through_cache(path, compute) -> dict:
    """``compute()`` once per import and perimeter version, kept as JSON next to the import.

    Large territories (a région, France) take seconds on the national
    register; a new import or another perimeter version starts afresh.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    result = compute()
    # Public pages of published processes reach this too: the file appears whole
    # (own temporary name, then an atomic rename) or not at all, and a failed write
    # (read-only register, full disk) neither fails the page nor leaves debris.
    tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(result), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return result


def _cached_figures(version: register.RegisterVersion, perimeter: Perimeter, place: Place) -> dict:
    def compute() -> dict:
        where, params = where_sql(place)
        con = register.connection(version)
        figures = _compute(con, perimeter, where, params, "'t'").get("t")
        if figures is None:
            figures = _blank()
            figures["ess_share"] = ess_share(figures["ess"], figures["economy"])
        return figures

    return _through_cache(_cache_path(version, perimeter, f"{place.kind}-{place.code}"), compute)


def diagnose(territory: Territory | Place) -> dict:
    """The diagnostic of one territory (the JSON contract of ``ess_diagnostic``)."""
    version = require_register()
    perimeter = load_perimeter()
    place = place_of(territory)
    figures = _cached_figures(version, perimeter, place)
    comparison = [
        {
            "territory": parent.as_dict(),
            "ess_share": _parent_share(version, perimeter, parent),
        }
        for parent in parents_of(territory)
    ]
    return {**_header(place, version, perimeter), **figures, "comparison": comparison}


def diagnose_all(kind: str) -> dict[str, dict]:
    """Diagnostics of every territory of a kind (e.g. all EPCI) in one pass over the register.

    Comparisons are left out (they repeat the parents' shares); keys are codes.
    """
    version = require_register()
    perimeter = load_perimeter()
    column = KIND_COLUMNS[kind]
    con = register.connection(version)
    results = _compute(con, perimeter, f"{column} IS NOT NULL", [], column)
    names = dict(Territory.objects.filter(kind=kind).values_list("code", "name"))
    return {
        code: {**_header(Place(kind, code, names.get(code, code)), version, perimeter), **figures}
        for code, figures in results.items()
    }
