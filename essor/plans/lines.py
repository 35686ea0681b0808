"""One line per item: the text form of milestones, budget lines, funders and indicators.

The same syntax is written by exports (essor.plans.history renders it), typed
in the action form and read back by the import, so a plan survives a round
trip through a spreadsheet. Errors name the line at fault, in French.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from essor.core.text import fold
from essor.plans.models import BudgetNature

BUDGET = re.compile(r"^(\d{4})\s+(\S+)\s+([^/]+?)(?:\s*/\s*(.+))?$")
INDICATOR = re.compile(
    r"^(?P<name>.+?)(?:\s*\[(?P<unit>[^\]]*)\])?\s+(?P<baseline>\S*)\s*->\s*(?P<target>[^\s(]*)"
    r"\s*(?:\((?P<year>\d{4})\))?$"
)
NATURES = {
    "fonctionnement": BudgetNature.OPERATING,
    "operating": BudgetNature.OPERATING,
    "f": BudgetNature.OPERATING,
    "investissement": BudgetNature.INVESTMENT,
    "investment": BudgetNature.INVESTMENT,
    "i": BudgetNature.INVESTMENT,
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> dt.date:
    # Spreadsheet dates come as "2027-01-15T00:00:00" or "2027-01-15 00:00:00".
    text = (text or "").strip().split("T")[0].split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_amount(text: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text or "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise ValueError(text)
    return value


def _lines(text: str) -> list[tuple[int, str]]:
    lines = [line.strip() for line in re.split(r"\n|;", text or "")]
    return [(number, line) for number, line in enumerate(lines, 1) if line]


def _error(number: int, line: str, message: str) -> str:
    return _("Line %(number)s (“%(line)s”): %(message)s") % {
        "number": number,
        "line": line[:80],
        "message": message,
    }


def _parse(text: str, parse_one) -> list[dict]:
    rows, errors = [], []
    for number, line in _lines(text):
        try:
            rows.append(parse_one(line))
        except ValueError as error:
            errors.append(_error(number, line, str(error)))
    if errors:
        raise ValidationError(errors)
    return rows


def _milestone(line: str) -> dict:
    date_text, _sep, label = line.partition(" ")
    done = label.endswith("✓")
    label = label.rstrip("✓ ").strip()
    try:
        date = parse_date(date_text)
    except ValueError:
        raise ValueError(_("write the date first, as DD/MM/YYYY.")) from None
    if not label:
        raise ValueError(_("say what the milestone is after the date."))
    return {"date": date, "label": label[:250], "done": done}


def _budget(line: str) -> dict:
    match = BUDGET.match(line)
    nature = NATURES.get(fold(match.group(2))) if match else None
    if not match or nature is None:
        raise ValueError(_("expected “year operating|investment planned / actual”."))
    try:
        planned = parse_amount(match.group(3))
        actual = parse_amount(match.group(4)) if match.group(4) else None
    except ValueError:
        raise ValueError(_("the amount is not a number.")) from None
    return {"year": int(match.group(1)), "nature": nature, "planned": planned, "actual": actual}


def _funding(line: str) -> dict:
    funder, sep, amount = line.rpartition(":")
    if not sep or not funder.strip():
        raise ValueError(_("expected “funder: amount”."))
    try:
        return {"funder": funder.strip()[:250], "amount": parse_amount(amount)}
    except ValueError:
        raise ValueError(_("the amount is not a number.")) from None


def _indicator(line: str) -> dict:
    match = INDICATOR.match(line)
    if not match:
        raise ValueError(_("expected “name [unit] baseline -> target (year)”."))
    try:
        baseline = parse_amount(match["baseline"]) if match["baseline"] else None
        target = parse_amount(match["target"]) if match["target"] else None
    except ValueError:
        raise ValueError(_("the baseline or the target is not a number.")) from None
    return {
        "name": match["name"].strip()[:250],
        "unit": (match["unit"] or "").strip()[:50],
        "baseline": baseline,
        "target": target,
        "target_year": int(match["year"]) if match["year"] else None,
    }


def parse_milestones(text: str) -> list[dict]:
    return _parse(text, _milestone)


def parse_budget(text: str) -> list[dict]:
    rows = _parse(text, _budget)
    seen = set()
    for row in rows:
        key = (row["year"], row["nature"])
        if key in seen:
            raise ValidationError(
                _("Two budget lines for %(year)s, %(nature)s: merge them.")
                % {"year": row["year"], "nature": BudgetNature(row["nature"]).label}
            )
        seen.add(key)
    return rows


def parse_fundings(text: str) -> list[dict]:
    return _parse(text, _funding)


def parse_indicators(text: str) -> list[dict]:
    return _parse(text, _indicator)


PARSERS = {
    "milestones": parse_milestones,
    "budget_lines": parse_budget,
    "fundings": parse_fundings,
    "indicators": parse_indicators,
}


def split_list(text: str) -> list[str]:
    """Themes, audiences: separated by commas or semicolons."""
    return [item.strip() for item in re.split(r"[;,\n]", text or "") if item.strip()]
