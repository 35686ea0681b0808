"""The ESS perimeter (data/perimeter.yaml) and the NAF labels (data/naf.csv).

The perimeter is data so that a CRESS may use another variant; its name and
version are printed on every output. ``family_sql`` and ``excluded_sql`` turn
it into DuckDB expressions over the register's columns.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

DATA_DIR = Path(__file__).resolve().parent / "data"
PERIMETER_FILE = DATA_DIR / "perimeter.yaml"
NAF_FILE = DATA_DIR / "naf.csv"

FAMILIES = ["association", "cooperative", "mutual", "foundation", "ess_company"]
FAMILY_LABELS = {
    "association": _("associations"),
    "cooperative": _("cooperatives"),
    "mutual": _("mutual societies"),
    "foundation": _("foundations"),
    "ess_company": _("ESS companies"),
}
# Display order of the bands (the file's order).
BAND_ORDER = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42"]
BAND_ORDER += ["51", "52", "53"]


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: float
    central: float
    high: float
    employer: bool


@dataclass(frozen=True)
class Perimeter:
    name: str
    version: str
    families: dict[str, tuple[str, ...]]  # family -> legal category codes
    ess_flag_value: str
    flag_family: str
    excluded_naf_divisions: tuple[str, ...]
    excluded_naf_codes: tuple[str, ...]
    bands: dict[str, Band]

    def family_of(self, legal_category: str, ess_flag: str) -> str | None:
        """Family of a legal unit (Python twin of ``family_sql``, used for single rows)."""
        for family, codes in self.families.items():
            if legal_category in codes:
                return family
        if ess_flag == self.ess_flag_value:
            return self.flag_family
        return None

    # Scalar list_contains() rather than IN (...): DuckDB plans IN lists as joins, which
    # costs more than the query itself on a small territory.
    def family_sql(self, category: str = "legal_category", flag: str = "ess_flag") -> str:
        whens = [
            f"WHEN list_contains({sql_list(codes)}, {category}) THEN '{family}'"
            for family, codes in self.families.items()
        ]
        whens.append(f"WHEN {flag} = '{self.ess_flag_value}' THEN '{self.flag_family}'")
        return "CASE " + " ".join(whens) + " END"

    def excluded_sql(self, naf: str = "naf") -> str:
        return (
            f"(coalesce(list_contains({sql_list(self.excluded_naf_divisions)}, "
            f"substr({naf}, 1, 2)), false)"
            f" OR coalesce(list_contains({sql_list(self.excluded_naf_codes)}, {naf}), false))"
        )

    def band_sql(self, measure: str, band: str = "band") -> str:
        """Jobs of one establishment for ``measure`` (low, central, high); 0 when no band."""
        whens = " ".join(f"WHEN '{b.code}' THEN {getattr(b, measure)}" for b in self.bands.values())
        return f"CASE {band} {whens} ELSE 0 END"

    def employer_sql(self, band: str = "band") -> str:
        codes = [b.code for b in self.bands.values() if b.employer]
        return f"coalesce(list_contains({sql_list(codes)}, {band}), false)"

    def as_dict(self) -> dict:
        return {"name": self.name, "version": self.version}


def sql_list(values) -> str:
    """A DuckDB list literal; values come from shipped data files, checked to be plain codes."""
    return "[" + ", ".join(f"'{value}'" for value in values) + "]"


def _expand(item: str) -> list[str]:
    start, sep, end = str(item).partition("-")
    if not sep:
        return [start.strip()]
    return [str(code) for code in range(int(start), int(end) + 1)]


def _check_code(value: str) -> str:
    if not value.replace(".", "").isalnum():
        raise ValueError(f"perimeter: invalid code {value!r}")
    return value


@cache
def load_perimeter(path: Path = PERIMETER_FILE) -> Perimeter:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    families = {
        family: tuple(_check_code(code) for item in items for code in _expand(item))
        for family, items in raw["families"].items()
    }
    if raw["flag_family"] not in FAMILIES or set(families) - set(FAMILIES):
        raise ValueError(f"perimeter: families must be among {FAMILIES}")
    bands = {
        str(code): Band(
            code=str(code),
            label=spec["label"],
            low=float(spec["low"]),
            central=float(spec["central"]),
            high=float(spec["high"]),
            employer=bool(spec["employer"]),
        )
        for code, spec in raw["size_bands"].items()
    }
    return Perimeter(
        name=str(raw["name"]),
        version=str(raw["version"]),
        families=families,
        ess_flag_value=_check_code(str(raw["ess_flag_value"])),
        flag_family=raw["flag_family"],
        excluded_naf_divisions=tuple(_check_code(str(d)) for d in raw["excluded_naf_divisions"]),
        excluded_naf_codes=tuple(_check_code(str(c)) for c in raw["excluded_naf_codes"]),
        bands={_check_code(code): band for code, band in bands.items()},
    )


@dataclass(frozen=True)
class NafLabels:
    sections: dict[str, str]
    divisions: dict[str, tuple[str, str]]  # division -> (section, label)
    subclasses: dict[str, tuple[str, str]]  # "94.99Z" -> (division, label)

    def section_of_division(self, division: str) -> str:
        return self.divisions.get(division, ("", ""))[0]

    def label(self, naf: str) -> str:
        return self.subclasses.get(naf, ("", ""))[1]


@cache
def naf_labels() -> NafLabels:
    sections, divisions, subclasses = {}, {}, {}
    with NAF_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "section":
                sections[row["code"]] = row["label"]
            elif row["level"] == "division":
                divisions[row["code"]] = (row["parent"], row["label"])
            else:
                subclasses[row["code"]] = (row["parent"], row["label"])
    return NafLabels(sections, divisions, subclasses)
