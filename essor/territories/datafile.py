"""Read and check the shipped territory files (built by data/build_territories.py).

``read_territory_file`` validates a whole file before anything is written and
raises ``TerritoryFileError`` with French messages naming the lines at fault.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.territories.models import TerritoryKind

DATA_DIR = Path(__file__).resolve().parent / "data"
TERRITORIES_FILE = DATA_DIR / "territories.csv.gz"
ARRONDISSEMENTS_FILE = DATA_DIR / "arrondissements.csv"
COLUMNS = ["kind", "code", "name", "population", "departement", "region", "epci", "epci_nature"]
# The order of the file: a row may only point to kinds listed before its own.
FILE_KINDS = [
    TerritoryKind.REGION,
    TerritoryKind.DEPARTEMENT,
    TerritoryKind.EPCI,
    TerritoryKind.COMMUNE,
]
CODE_PATTERN = re.compile(r"^[0-9][0-9AB][0-9]{0,7}$")
MAX_ERRORS = 10


class TerritoryFileError(ValueError):
    """A territory file that cannot be loaded; the message is for users (French)."""


@dataclass(frozen=True)
class TerritoryRow:
    kind: str
    code: str
    name: str
    population: int | None
    departement: str
    region: str
    epci: str
    epci_nature: str


def _open_text(path: Path) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TerritoryFileError(
            _("Cannot read the file “%(path)s”: %(error)s.") % {"path": path, "error": exc.strerror}
        ) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise TerritoryFileError(
                _("The file “%(path)s” is a damaged gzip archive.") % {"path": path}
            ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TerritoryFileError(
            _("The file “%(path)s” is not UTF-8 encoded text.") % {"path": path}
        ) from None


def _check_row(record: dict, seen: dict[tuple[str, str], int]) -> list[str]:
    """Problems of one row (empty list when it is fine); ``seen`` holds earlier rows."""
    problems = []
    kind, code = record["kind"], record["code"]
    if kind not in FILE_KINDS:
        allowed = ", ".join(FILE_KINDS)
        problems.append(
            _("unknown kind “%(kind)s” (expected one of %(allowed)s)")
            % {"kind": kind, "allowed": allowed}
        )
    if not CODE_PATTERN.match(code):
        problems.append(_("invalid code “%(code)s”") % {"code": code})
    if not record["name"] or len(record["name"]) > 200:
        problems.append(_("the name is empty or longer than 200 characters"))
    population = record["population"]
    if population and not (population.isdigit() and int(population) < 2**31):
        problems.append(
            _("the population “%(value)s” is not a whole number") % {"value": population}
        )
    if len(record["epci_nature"]) > 10:
        problems.append(_("the EPCI legal form is longer than 10 characters"))
    for column, parent_kind in (
        ("departement", TerritoryKind.DEPARTEMENT),
        ("region", TerritoryKind.REGION),
        ("epci", TerritoryKind.EPCI),
    ):
        value = record[column]
        if value and (parent_kind, value) not in seen:
            problems.append(
                _("%(kind)s “%(value)s” missing from the earlier lines")
                % {"kind": TerritoryKind(parent_kind).label, "value": value}
            )
    if (kind, code) in seen:
        problems.append(
            _("%(kind)s %(code)s already appears on line %(line)s")
            % {"kind": TerritoryKind(kind).label, "code": code, "line": seen[(kind, code)]}
        )
    return problems


def read_territory_file(path: Path = TERRITORIES_FILE) -> list[TerritoryRow]:
    """Every row of a territory file (CSV, optionally gzip-compressed), fully checked."""
    reader = csv.reader(io.StringIO(_open_text(path), newline=""))
    header = next(reader, None)
    if header != COLUMNS:
        raise TerritoryFileError(
            _("Line 1 of “%(path)s”: the header must be “%(expected)s”.")
            % {"path": path, "expected": ",".join(COLUMNS)}
        )
    rows: list[TerritoryRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not values:
                continue
            if len(values) != len(COLUMNS):
                errors.append(
                    ngettext(
                        "Line %(line)s: %(count)s column instead of %(expected)s.",
                        "Line %(line)s: %(count)s columns instead of %(expected)s.",
                        len(values),
                    )
                    % {"line": line, "count": len(values), "expected": len(COLUMNS)}
                )
            else:
                record = dict(zip(COLUMNS, (v.strip() for v in values), strict=True))
                problems = _check_row(record, seen)
                if problems:
                    errors.append(
                        _("Line %(line)s: %(problems)s.")
                        % {"line": line, "problems": "; ".join(problems)}
                    )
                else:
                    seen[(record["kind"], record["code"])] = line
                    population = record.pop("population")
                    rows.append(
                        TerritoryRow(population=int(population) if population else None, **record)
                    )
            if len(errors) >= MAX_ERRORS:
                break
    except csv.Error as exc:
        errors.append(_("Line %(line)s: %(error)s.") % {"line": reader.line_num, "error": exc})
    if errors:
        raise TerritoryFileError(
            _("The file “%(path)s” was not loaded (nothing was changed):") % {"path": path}
            + "\n"
            + "\n".join(errors)
        )
    if not rows:
        raise TerritoryFileError(_("The file “%(path)s” holds no territory.") % {"path": path})
    return rows


@cache
def arrondissement_parent_codes() -> dict[str, str]:
    """Municipal arrondissements of Paris, Lyon and Marseille -> their commune's code.

    {"75101": "75056", "69381": "69123", "13201": "13055", ...}. They are not
    Territory rows; data sources that count by arrondissement (SIRENE) need them
    to attach figures to the commune.
    """
    with open(ARRONDISSEMENTS_FILE, encoding="utf-8", newline="") as handle:
        return {row["code"]: row["parent_code"] for row in csv.DictReader(handle)}
