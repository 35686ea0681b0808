"""The follow-up of a plan computed per year: actions by status and by axis, late and
blocked ones, budget planned against spent, indicators' latest values.

Everything is read in a fixed number of queries (actions, their milestones' span, the
reports, the planned budget, then the indicators and their values), whatever the size of
the plan, and computed in Python from those rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Min, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.followup.models import IndicatorValue, ProgressReport, ProgressStatus, ValueKind
from essor.followup.state import REPORT_COLUMNS, ActionHistory, ActionYear, ReportRow, planned_span
from essor.plans.models import BudgetLine, BudgetNature, Indicator, Milestone, Plan

ZERO = Decimal(0)


def followed_actions(plan: Plan):
    """The actions the plan committed to (retained, with their sub-actions if retained)."""
    return plan.actions.retained()


@dataclass
class Money:
    operating: Decimal = ZERO
    investment: Decimal = ZERO

    def add(self, nature: str, amount) -> None:
        if amount:
            setattr(self, nature, getattr(self, nature) + amount)

    @property
    def total(self) -> Decimal:
        return self.operating + self.investment


@dataclass
class AxisFigures:
    axis: object  # a first-level Axis, or None for actions without an axis
    statuses: Counter = field(default_factory=Counter)
    planned: Money = field(default_factory=Money)
    spent: Money = field(default_factory=Money)
    late: int = 0

    @property
    def label(self) -> str:
        return str(self.axis) if self.axis else _("Without an axis")

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


@dataclass
class ActionLine:
    action: object
    state: ActionYear


@dataclass
class YearFigures:
    year: int
    lines: list[ActionLine]
    statuses: Counter
    planned: Money
    spent: Money
    axes: list[AxisFigures]

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def late(self) -> list[ActionLine]:
        return [line for line in self.lines if line.state.late]

    @property
    def blocked(self) -> list[ActionLine]:
        return [line for line in self.lines if line.state.status == ProgressStatus.BLOCKED]

    @property
    def reported(self) -> int:
        return sum(1 for line in self.lines if line.state.reported)

    @property
    def unreported(self) -> int:
        return self.total - self.reported

    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.statuses[code]) for code, label in ProgressStatus.choices]


class PlanFollowup:
    """The rows of one plan's follow-up, loaded once, read for any year of the mandate."""

    def __init__(self, plan: Plan, today: dt.date | None = None):
        self.plan = plan
        self.today = today or timezone.localdate()
        self.actions = list(followed_actions(plan).select_related("axis__parent"))
        spans = {
            row["action"]: (row["first"], row["last"])
            for row in Milestone.objects.filter(action__in=followed_actions(plan))
            .values("action")
            .annotate(first=Min("date"), last=Max("date"))
            .order_by()
        }
        self.histories: dict = {}
        for action in self.actions:
            start, end = planned_span(action, *spans.get(action.pk, (None, None)))
            self.histories[action.lineage] = ActionHistory(start, end)
        reports = ProgressReport.objects.for_plan(plan).chronological()
        for values in reports.values_list(*REPORT_COLUMNS):
            row = ReportRow(*values)
            if row.lineage in self.histories:
                self.histories[row.lineage].rows.append(row)
        self.planned: dict = defaultdict(Decimal)  # (action id, year, nature) -> euros
        lines = (
            BudgetLine.objects.filter(action__in=followed_actions(plan))
            .values_list("action_id", "year", "nature")
            .annotate(total=Sum("planned"))
            .order_by()
        )
        for action_id, year, nature, total in lines:
            self.planned[action_id, year, nature] += total or ZERO

    @property
    def years(self) -> list[int]:
        return list(range(self.plan.mandate_start, self.plan.mandate_end + 1))

    def figures(self, year: int) -> YearFigures:
        lines = [
            ActionLine(a, self.histories[a.lineage].state(year, self.today)) for a in self.actions
        ]
        statuses: Counter = Counter()
        planned, spent = Money(), Money()
        axes: dict = {}
        natures = BudgetNature.values  # built on each access: once, not once per action
        for line in lines:
            axis = line.action.axis
            top = (axis.parent or axis) if axis else None
            figures = axes.setdefault(top.pk if top else None, AxisFigures(top))
            statuses[line.state.status] += 1
            figures.statuses[line.state.status] += 1
            figures.late += line.state.late
            for nature in natures:
                amount = self.planned.get((line.action.pk, year, nature))
                planned.add(nature, amount)
                figures.planned.add(nature, amount)
                done = getattr(line.state, f"spent_{nature}")
                spent.add(nature, done)
                figures.spent.add(nature, done)
        ordered = sorted(axes.values(), key=lambda f: (f.axis is None, _axis_order(f.axis)))
        return YearFigures(year, lines, statuses, planned, spent, ordered)


def action_history(action) -> ActionHistory:
    """One action's reports and planned span (its page: not the whole plan's)."""
    span = action.milestones.aggregate(first=Min("date"), last=Max("date"))
    start, end = planned_span(action, span["first"], span["last"])
    reports = ProgressReport.objects.filter(
        process_id=action.plan.process_id, lineage=action.lineage
    ).chronological()
    return ActionHistory(start, end, [ReportRow(*r) for r in reports.values_list(*REPORT_COLUMNS)])


def _axis_order(axis) -> tuple:
    return (axis.order, axis.pk) if axis else (0, 0)


@dataclass(frozen=True)
class CurrentValue:
    """The current value of an indicator for a year (its latest entry)."""

    year: int
    value: Decimal
    kind: str

    def get_kind_display(self) -> str:
        return ValueKind(self.kind).label


def latest_values(indicators, up_to: int | None = None) -> dict[int, dict[int, CurrentValue]]:
    """{indicator id: {year: its current value}} for those indicators, in two queries.

    Values are found by the indicator's identity across versions (``lineage``): an amended
    version of the plan shows what was measured on the voted one. Rows come in entry order
    and a later entry of a year replaces the earlier one in the dict: cheaper than asking
    the database for "no newer entry" (a correlated subquery that took over a second for
    18,000 values on SQLite)."""
    if not isinstance(indicators, QuerySet):
        indicators = [getattr(indicator, "pk", indicator) for indicator in indicators]
    chosen = Indicator.objects.filter(pk__in=indicators)
    ids_of: dict = defaultdict(list)
    for pk, lineage in chosen.values_list("pk", "lineage"):
        ids_of[lineage].append(pk)
    if not ids_of:
        return defaultdict(dict)
    values = IndicatorValue.objects.filter(lineage__in=chosen.values("lineage"))
    if up_to is not None:
        values = values.filter(year__lte=up_to)
    by_lineage: dict = defaultdict(dict)
    rows = values.order_by("lineage", "year", "created_at", "id")
    for lineage, year, value, kind in rows.values_list("lineage", "year", "value", "kind"):
        by_lineage[lineage][year] = CurrentValue(year, value, kind)
    found: dict = defaultdict(dict)
    for lineage, years in by_lineage.items():
        for pk in ids_of.get(lineage, ()):
            found[pk] = years
    return found


def plan_indicators(plan: Plan):
    return (
        Indicator.objects.filter(action__in=followed_actions(plan))
        .select_related("action")
        .order_by("action__axis__order", "action__order", "action_id", "id")
    )


def as_number(amount):
    """Euros and values as JSON numbers: an integer when there are no cents."""
    if amount is None:
        return None
    amount = Decimal(amount)
    return int(amount) if amount == amount.to_integral() else float(amount)


def summary_contract(plan: Plan, year: int, today: dt.date | None = None) -> dict:
    """What ``followup_summary --format json`` prints (issue 10, item 10)."""
    figures = PlanFollowup(plan, today).figures(year)
    # Plain rows rather than models: a plan may hold thousands of indicators.
    columns = ("pk", "action__title", "name", "unit", "target", "target_year")
    indicators = plan_indicators(plan)
    values = latest_values(indicators.values("pk"), up_to=year)
    rows = []
    for pk, action, name, unit, target, target_year in indicators.values_list(*columns):
        measured = values.get(pk, {})
        last_year = max(measured) if measured else None
        rows.append(
            {
                "action": action,
                "indicator": name,
                "unit": unit,
                "target": as_number(target),
                "target_year": target_year,
                "value": as_number(measured[last_year].value) if measured else None,
                "value_year": last_year,
            }
        )
    return {
        "year": year,
        "actions": {
            "total": figures.total,
            "by_status": {code: figures.statuses[code] for code in ProgressStatus.values},
            "late": len(figures.late),
        },
        "budget": {
            "planned": {
                "operating": as_number(figures.planned.operating),
                "investment": as_number(figures.planned.investment),
            },
            "spent": {
                "operating": as_number(figures.spent.operating),
                "investment": as_number(figures.spent.investment),
            },
        },
        "indicators": rows,
    }
