"""Whether an indicator is on track, and the chart of its values against its target.

Rule: the value expected in a year is the yearly target set for that year if there is
one, else the point of the straight line from the baseline (in its year; the first year
of the mandate when none is given) to the target (in the target year), the target itself
from the target year on. An indicator is on track when its latest value reaches the value
expected in the year of that value (at least it when the higher the better, at most it
when the lower the better). Without a baseline or a target, nothing can be said.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from essor.core.french_numbers import format_number
from essor.plans.models import IndicatorDirection

ON_TRACK, OFF_TRACK, UNKNOWN = "on_track", "off_track", "unknown"


def baseline_year(indicator, plan) -> int:
    return indicator.baseline_year or plan.mandate_start


def yearly_target(indicator, year: int) -> Decimal | None:
    raw = (indicator.yearly_targets or {}).get(str(year))
    try:
        return Decimal(str(raw)) if raw not in (None, "") else None
    except InvalidOperation:
        return None


def expected_value(indicator, year: int, plan) -> Decimal | None:
    set_for_year = yearly_target(indicator, year)
    if set_for_year is not None:
        return set_for_year
    base, target, end = indicator.baseline, indicator.target, indicator.target_year
    if base is None or target is None or end is None:
        return None
    start = baseline_year(indicator, plan)
    if year >= end or end <= start:
        return target
    if year <= start:
        return base
    return (base + (target - base) * Decimal(year - start) / Decimal(end - start)).quantize(
        Decimal("0.01")
    )


@dataclass(frozen=True)
class Judgement:
    state: str
    explanation: str

    @property
    def label(self) -> str:
        return {ON_TRACK: _("on track"), OFF_TRACK: _("off track")}.get(
            self.state, _("cannot be judged")
        )


def reaches(indicator, value: Decimal, expected: Decimal) -> bool:
    """At least the expected value when the higher the better, at most it otherwise."""
    if indicator.direction == IndicatorDirection.DOWN:
        return value <= expected
    return value >= expected


def judge(indicator, plan, year: int | None, value: Decimal | None) -> Judgement:
    if value is None or year is None:
        return Judgement(UNKNOWN, _("No value measured yet."))
    expected = expected_value(indicator, year, plan)
    if expected is None:
        return Judgement(UNKNOWN, _("No baseline or target to measure the value against."))
    up = indicator.direction != IndicatorDirection.DOWN
    reached = reaches(indicator, value, expected)
    numbers = {
        "expected": format_number(expected),
        "year": year,
        "value": format_number(value),
    }
    if yearly_target(indicator, year) is not None:
        path = _("the yearly target set for %(year)s") % numbers
    else:
        path = _("straight line from %(baseline)s in %(start)s to %(target)s in %(end)s") % {
            "baseline": format_number(indicator.baseline),
            "start": baseline_year(indicator, plan),
            "target": format_number(indicator.target),
            "end": indicator.target_year,
        }
    if up:
        text = _("Expected at least %(expected)s in %(year)s (%(path)s); measured %(value)s.")
    else:
        text = _("Expected at most %(expected)s in %(year)s (%(path)s); measured %(value)s.")
    return Judgement(ON_TRACK if reached else OFF_TRACK, text % {**numbers, "path": path})
