"""The ESS establishments of a territory, one row each, filtered (page list, sheet examples)."""

from __future__ import annotations

from dataclasses import dataclass

from essor.observatory import register
from essor.observatory.diagnostic import Place, require_register, where_sql
from essor.observatory.perimeter import (
    FAMILIES,
    FAMILY_LABELS,
    load_perimeter,
    naf_labels,
    sql_list,
)

PAGE_SIZE = 50


@dataclass(frozen=True)
class EssEstablishment:
    siret: str
    siren: str
    name: str
    establishment_name: str
    family: str
    legal_category: str
    naf: str
    commune: str
    commune_name: str
    band: str
    jobs_central: float

    @property
    def family_label(self) -> str:
        return str(FAMILY_LABELS.get(self.family, self.family))

    @property
    def activity_label(self) -> str:
        return naf_labels().label(self.naf)

    @property
    def band_label(self) -> str:
        band = load_perimeter().bands.get(self.band)
        return band.label if band else "—"


@dataclass(frozen=True)
class Filters:
    family: str = ""
    section: str = ""
    employer_only: bool = False
    text: str = ""

    def cleaned(self) -> Filters:
        labels = naf_labels()
        return Filters(
            family=self.family if self.family in FAMILIES else "",
            section=self.section if self.section in labels.sections else "",
            employer_only=bool(self.employer_only),
            text=(self.text or "").strip()[:80],
        )


def ess_establishments(
    place: Place, filters: Filters | None = None, *, limit: int = PAGE_SIZE, offset: int = 0
) -> tuple[list[EssEstablishment], int]:
    """(rows, total) of the ESS establishments of ``place``, largest employers first."""
    version = require_register()
    perimeter = load_perimeter()
    filters = (filters or Filters()).cleaned()
    where, params = where_sql(place)
    conditions = [where]
    if filters.family:
        conditions.append("family = ?")
        params.append(filters.family)
    if filters.section:
        divisions = [d for d, (s, _l) in naf_labels().divisions.items() if s == filters.section]
        conditions.append(f"list_contains({sql_list(divisions)}, substr(naf, 1, 2))")
    if filters.employer_only:
        conditions.append(perimeter.employer_sql())
    if filters.text:
        conditions.append(
            "(strip_accents(lower(concat_ws(' ', name, establishment_name, siret))) "
            "LIKE '%' || strip_accents(lower(?)) || '%')"
        )
        params.append(filters.text)
    rev2 = "coalesce(naf_nomenclature, 'NAFRev2') = 'NAFRev2'"
    sql = f"""
    WITH b AS (
        SELECT *, CASE WHEN NOT ({rev2} AND {perimeter.excluded_sql()})
                       THEN {perimeter.family_sql()} END AS family,
               {perimeter.band_sql("central")} AS jobs_central
        FROM est WHERE {where}
    )
    SELECT siret, siren, coalesce(name, ''), coalesce(establishment_name, ''), family,
           coalesce(legal_category, ''), coalesce(naf, ''), commune, coalesce(commune_name, ''),
           coalesce(band, ''), jobs_central, count(*) OVER () AS total
    FROM b WHERE family IS NOT NULL AND {" AND ".join(conditions[1:]) or "true"}
    ORDER BY jobs_central DESC, name, siret LIMIT {int(limit)} OFFSET {int(offset)}"""
    con = register.connection(version)
    rows = con.execute(sql, params).fetchall()
    total = rows[0][-1] if rows else 0
    return [EssEstablishment(*row[:-1]) for row in rows], total


def find_by_siret(sirets: list[str]) -> list[EssEstablishment]:
    """The ESS establishments among ``sirets`` (others are ignored)."""
    sirets = [s for s in sirets if s.isdigit() and len(s) == 14][:500]
    if not sirets:
        return []
    version = require_register()
    perimeter = load_perimeter()
    rev2 = "coalesce(naf_nomenclature, 'NAFRev2') = 'NAFRev2'"
    sql = f"""
    WITH b AS (
        SELECT *, CASE WHEN NOT ({rev2} AND {perimeter.excluded_sql()})
                       THEN {perimeter.family_sql()} END AS family,
               {perimeter.band_sql("central")} AS jobs_central
        FROM est WHERE siret IN ({", ".join("?" * len(sirets))})
    )
    SELECT siret, siren, coalesce(name, ''), coalesce(establishment_name, ''), family,
           coalesce(legal_category, ''), coalesce(naf, ''), commune, coalesce(commune_name, ''),
           coalesce(band, ''), jobs_central
    FROM b WHERE family IS NOT NULL ORDER BY siret"""
    con = register.connection(version)
    return [EssEstablishment(*row) for row in con.execute(sql, sirets).fetchall()]
