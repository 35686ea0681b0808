"""One line per item: the text form of milestones, budget lines, funders and indicators.

The same syntax is written by exports (essor.plans.history renders it), typed
in the action form and read back by the import, so a plan survives a round
trip through a spreadsheet. Errors name the line at fault, in French.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from essor.core.forms import YEARS
from essor.core.french_numbers import NUMBER_PATTERN, NumberError, parse_number
from essor.core.text import fold
from essor.plans.models import BudgetNature

BUDGET = re.compile(r"^(\d{4})\s+(\S+)\s+([^/]+?)(?:\s*/\s*(.+))?$")
# "Emplois créés [ETP] 0 -> 1 500 000 (2030)": the numbers may hold spaces (French
# thousands), so they are matched as numbers, and the name stops where the baseline starts.
INDICATOR_ARROW = re.compile(r"^(?P<head>.+?)\s*(?:->|→)\s*(?P<tail>.*)$")
INDICATOR_HEAD = re.compile(
    rf"^(?P<name>.+?)(?:\s*\[(?P<unit>[^\]]*)\])?"
    rf"(?:\s+(?P<baseline>{NUMBER_PATTERN})(?:\s*\((?P<baseline_year>\d{{4}})\))?)?$"
)
INDICATOR_TAIL = re.compile(r"^(?P<target>.*?)\s*(?:\((?P<year>\d{4})\))?$")
# After the target, optional parts separated by "|": the direction ("en baisse"), the
# yearly targets ("jalons 2026 = 20 / 2028 = 35") and the source ("source : INSEE").
INDICATOR_PARTS = "|"
DIRECTION_WORDS = {
    "en baisse": "down", "a la baisse": "down", "baisse": "down", "down": "down",
    "falling": "down", "en hausse": "up", "a la hausse": "up", "hausse": "up", "up": "up",
    "rising": "up",
}  # fmt: skip
MILESTONE_WORDS = ("jalons", "jalon", "yearly targets", "milestones")
SOURCE_WORDS = ("source",)
YEARLY_TARGET = re.compile(rf"^(\d{{4}})\s*[=:]\s*({NUMBER_PATTERN})$")
AMOUNT_LIMIT = Decimal("1e10")  # the columns hold 12 digits, 2 of them decimals
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


def _check_year(year: int) -> int:
    """The same years as every date typed in a form (essor.core.forms.YEARS)."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(
            _("give a year between %(first)s and %(last)s.") % {"first": YEARS[0], "last": YEARS[1]}
        )
    return year


def parse_amount(text: str, *, percent: bool = False) -> Decimal:
    """A French or spreadsheet number ("1 500 000", "2,5", "1500.75"), else NumberError."""
    return parse_number(text, percent=percent, limit=AMOUNT_LIMIT)


def _not_a_number(what: str, error: NumberError) -> ValueError:
    return ValueError(_("%(what)s is not a number: %(error)s") % {"what": what, "error": error})


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
    _check_year(date.year)
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
    except NumberError as error:
        raise _not_a_number(_("the amount"), error) from None
    year = _check_year(int(match.group(1)))
    return {"year": year, "nature": nature, "planned": planned, "actual": actual}


def _funding(line: str) -> dict:
    funder, sep, amount = line.rpartition(":")
    if not sep or not funder.strip():
        raise ValueError(_("expected “funder: amount”."))
    try:
        return {"funder": funder.strip()[:250], "amount": parse_amount(amount)}
    except NumberError as error:
        raise _not_a_number(_("the amount"), error) from None


def _indicator(line: str) -> dict:
    expected = _("expected “name [unit] baseline -> target (year)”.")
    main, *parts = (part.strip() for part in line.split(INDICATOR_PARTS))
    arrow = INDICATOR_ARROW.match(main)
    if not arrow:
        raise ValueError(expected)
    head = INDICATOR_HEAD.match(arrow["head"])
    tail = INDICATOR_TAIL.match(arrow["tail"])
    if not head or not head["name"].strip():
        raise ValueError(expected)
    try:
        baseline = parse_amount(head["baseline"], percent=True) if head["baseline"] else None
    except NumberError as error:
        raise _not_a_number(_("the baseline"), error) from None
    try:
        target = parse_amount(tail["target"], percent=True) if tail["target"] else None
    except NumberError as error:
        raise _not_a_number(_("the target"), error) from None
    row = {
        "name": head["name"].strip()[:250],
        "unit": (head["unit"] or "").strip()[:50],
        "baseline": baseline,
        "baseline_year": (
            _check_year(int(head["baseline_year"])) if head["baseline_year"] else None
        ),
        "target": target,
        "target_year": _check_year(int(tail["year"])) if tail["year"] else None,
        "direction": "up",
        "yearly_targets": {},
        "source": "",
    }
    for part in parts:
        _indicator_part(part, row)
    return row


def _strip_word(text: str, words: tuple[str, ...]) -> str | None:
    """The rest of ``text`` after one of ``words`` (and an optional colon), else None."""
    folded = fold(text)
    for word in words:
        if folded == word or folded.startswith(word + " "):
            return text[len(word) :].lstrip(" \u00a0\u202f:").strip()
    return None


def _indicator_part(part: str, row: dict) -> None:
    if not part:
        return
    direction = DIRECTION_WORDS.get(fold(part))
    if direction:
        row["direction"] = direction
        return
    source = _strip_word(part, SOURCE_WORDS)
    if source is not None:
        row["source"] = source[:250]
        return
    milestones = _strip_word(part, MILESTONE_WORDS)
    if milestones is None:
        raise ValueError(
            _(
                "after the target, write “falling” (or “rising”), "
                "“milestones 2026 = 20 / 2028 = 35” or “source: …”, separated by “|”."
            )
        )
    for item in filter(None, (item.strip() for item in milestones.split("/"))):
        match = YEARLY_TARGET.match(item)
        if not match:
            raise ValueError(_("expected “milestones 2026 = 20 / 2028 = 35”."))
        year = _check_year(int(match.group(1)))
        try:
            value = parse_amount(match.group(2), percent=True)
        except NumberError as error:
            raise _not_a_number(_("the milestone"), error) from None
        row["yearly_targets"][str(year)] = str(value)


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
