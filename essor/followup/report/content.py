"""The yearly follow-up report as pure data, read once and written by every format.

For a year: the state of the actions at the end of that year (or today for the current
one), what was planned and spent in that year, the notes written for it. For the whole
mandate so far: the same state, the budget summed from the first year of the mandate to
that year, the notes of all those years. A choice of first-level axes or of actions
narrows everything (figures, indicators, notes).

The figures are those of the dashboard and of ``followup_summary`` (``PlanFollowup``):
this module adds the notes, the indicators' judgements and the committee's decisions.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from essor.bodies.models import BodyKind
from essor.decisions.models import Decision
from essor.followup.charts import IndicatorChart, build_chart
from essor.followup.indicators import OFF_TRACK, ON_TRACK, judge
from essor.followup.models import ProgressReport, ProgressStatus
from essor.followup.summary import Money, PlanFollowup, YearFigures, latest_values, plan_indicators
from essor.plans.models import Plan

# Beyond this many indicators, the documents give their table without a chart each.
CHART_LIMIT = 24


@dataclass(frozen=True)
class ReportOptions:
    year: int
    mandate: bool = False  # the whole mandate up to ``year``
    axis_ids: tuple[int, ...] = ()  # first-level axes; empty: all
    action_ids: tuple[int, ...] = ()  # empty: all


@dataclass
class AxisProgress:
    label: str
    total: int
    statuses: Counter
    late: int
    mean_progress: int | None  # average of the percentages reported, when any


@dataclass
class BudgetRow:
    label: str
    planned: Money
    spent: Money


@dataclass
class ActionNote:
    action: str
    axis: str
    status: str
    late: bool
    note: str
    year: int | None
    written_on: dt.date | None
    public: bool


@dataclass
class IndicatorLine:
    action: str
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    target_year: int | None
    value: Decimal | None
    value_year: int | None
    state: str  # on_track, off_track, unknown
    judgement: str
    explanation: str
    chart: IndicatorChart | None = None


@dataclass
class DecisionLine:
    decided_on: dt.date
    body: str
    summary: str
    outcome: str


@dataclass
class FollowupReport:
    plan_name: str
    process_name: str
    year: int
    mandate: bool
    period: str
    generated_on: dt.date
    scope: str  # which axes or actions, in words
    total: int
    statuses: list[tuple[str, str, int]]  # (code, label, count)
    late: int
    blocked: int
    reported: int
    planned: Money
    spent: Money
    axes: list[AxisProgress]
    budget: list[BudgetRow]
    issues: list[ActionNote]  # late or blocked actions, with their latest note
    indicators: list[IndicatorLine]
    highlights: list[ActionNote]
    decisions: list[DecisionLine]
    decisions_date: dt.date | None = None
    charted: list[IndicatorLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Follow-up report: %(plan)s") % {"plan": self.plan_name}

    @property
    def on_track(self) -> int:
        return sum(1 for line in self.indicators if line.state == ON_TRACK)

    @property
    def off_track(self) -> int:
        return sum(1 for line in self.indicators if line.state == OFF_TRACK)


def _top_axis(action):
    axis = action.axis
    return (axis.parent or axis) if axis else None


def _axis_label(axis) -> str:
    return str(axis) if axis else _("Without an axis")


def _selected(followup: PlanFollowup, options: ReportOptions) -> list:
    actions = followup.actions
    if options.axis_ids:
        wanted = set(options.axis_ids)
        actions = [a for a in actions if (top := _top_axis(a)) is not None and top.pk in wanted]
    if options.action_ids:
        wanted = set(options.action_ids)
        actions = [a for a in actions if a.pk in wanted]
    return actions


def _scope(plan: Plan, options: ReportOptions, actions: list) -> str:
    if options.action_ids:
        return _("Actions chosen: %(titles)s") % {"titles": ", ".join(a.title for a in actions)}
    if options.axis_ids:
        axes = plan.axes.filter(pk__in=options.axis_ids, parent__isnull=True).order_by("order")
        return _("Axes chosen: %(axes)s") % {"axes": ", ".join(str(a) for a in axes)}
    return _("All the actions of the plan")


def _latest_notes(plan: Plan, lineages: set, years: range) -> dict:
    """{lineage: (year, note, public, written on)}: the latest note written for those years."""
    rows = (
        ProgressReport.objects.for_plan(plan)
        .filter(year__gte=years.start, year__lt=years.stop)
        .exclude(note="")
        .chronological()
        .values_list("lineage", "year", "note", "note_is_public", "created_at")
    )
    notes = {}
    for lineage, year, note, public, created_at in rows:
        if lineage in lineages:
            notes[lineage] = (year, note, public, timezone.localdate(created_at))
    return notes


def _note(line, notes: dict) -> ActionNote:
    year, note, public, written_on = notes.get(line.action.lineage, (None, "", False, None))
    return ActionNote(
        action=line.action.title,
        axis=_axis_label(_top_axis(line.action)),
        status=line.state.status_label,
        late=line.state.late,
        note=note,
        year=year,
        written_on=written_on,
        public=public,
    )


def _axes(figures: YearFigures) -> list[AxisProgress]:
    progress: dict = {}
    for line in figures.lines:
        top = _top_axis(line.action)
        if line.state.progress is not None:
            progress.setdefault(top.pk if top else None, []).append(line.state.progress)
    result = []
    for axis in figures.axes:
        reported = progress.get(axis.axis.pk if axis.axis else None)
        mean = round(sum(reported) / len(reported)) if reported else None
        result.append(AxisProgress(axis.label, axis.total, axis.statuses, axis.late, mean))
    return result


def _budget(followup: PlanFollowup, years: range, current: YearFigures) -> list[BudgetRow]:
    """Per first-level axis, planned and spent over ``years`` (the mandate so far, or one)."""
    rows: dict = {}
    per_year = [current] if len(years) == 1 else [followup.figures(y) for y in years]
    for figures in per_year:
        for axis in figures.axes:
            key = axis.axis.pk if axis.axis else None
            row = rows.setdefault(key, BudgetRow(axis.label, Money(), Money()))
            for nature in ("operating", "investment"):
                row.planned.add(nature, getattr(axis.planned, nature))
                row.spent.add(nature, getattr(axis.spent, nature))
    order = [a.axis.pk if a.axis else None for a in current.axes]
    return [rows[key] for key in order if key in rows] + [
        row for key, row in rows.items() if key not in order
    ]


def _indicators(plan: Plan, actions: list, year: int) -> list[IndicatorLine]:
    indicators = list(plan_indicators(plan).filter(action__in=[a.pk for a in actions]))
    values = latest_values([i.pk for i in indicators], up_to=year) if indicators else {}
    lines = []
    for indicator in indicators:
        measured = values.get(indicator.pk, {})
        last = measured[max(measured)] if measured else None
        judgement = judge(indicator, plan, last and last.year, last and last.value)
        line = IndicatorLine(
            action=indicator.action.title,
            name=indicator.name,
            unit=indicator.unit,
            baseline=indicator.baseline,
            target=indicator.target,
            target_year=indicator.target_year,
            value=last.value if last else None,
            value_year=last.year if last else None,
            state=judgement.state,
            judgement=judgement.label,
            explanation=judgement.explanation,
        )
        if len(indicators) <= CHART_LIMIT:
            line.chart = build_chart(indicator, plan, measured)
        lines.append(line)
    return lines


def _decisions(plan: Plan, year: int) -> tuple[dt.date | None, list[DecisionLine]]:
    """The decisions of the latest follow-up committee held up to the end of ``year``."""
    decisions = Decision.objects.filter(
        body__process_id=plan.process_id,
        body__kind=BodyKind.FOLLOW_UP,
        decided_on__lte=dt.date(year, 12, 31),
    ).select_related("body")
    latest = decisions.order_by("-decided_on").values_list("decided_on", flat=True).first()
    if latest is None:
        return None, []
    lines = [
        DecisionLine(d.decided_on, d.body.name, d.summary, d.get_outcome_display())
        for d in decisions.filter(decided_on=latest).order_by("id")
    ]
    return latest, lines


def build_report(
    plan: Plan, options: ReportOptions, today: dt.date | None = None
) -> FollowupReport:
    followup = PlanFollowup(plan, today)
    year = min(max(options.year, plan.mandate_start), plan.mandate_end)
    followup.actions = _selected(followup, options)
    figures = followup.figures(year)
    years = range(plan.mandate_start if options.mandate else year, year + 1)
    lineages = {a.lineage for a in followup.actions}
    notes = _latest_notes(plan, lineages, years)
    budget = _budget(followup, years, figures)
    planned, spent = Money(), Money()
    for row in budget:
        for nature in ("operating", "investment"):
            planned.add(nature, getattr(row.planned, nature))
            spent.add(nature, getattr(row.spent, nature))
    issues = [
        _note(line, notes)
        for line in figures.lines
        if line.state.late or line.state.status == ProgressStatus.BLOCKED
    ]
    highlights = [_note(line, notes) for line in figures.lines if line.action.lineage in notes]
    decisions_date, decisions = _decisions(plan, year)
    indicators = _indicators(plan, followup.actions, year)
    if options.mandate:
        period = _("Mandate %(start)s–%(end)s, up to %(year)s") % {
            "start": plan.mandate_start,
            "end": plan.mandate_end,
            "year": year,
        }
    else:
        period = _("Year %(year)s") % {"year": year}
    return FollowupReport(
        plan_name=plan.name,
        process_name=plan.process.title,
        year=year,
        mandate=options.mandate,
        period=period,
        generated_on=followup.today,
        scope=_scope(plan, options, followup.actions),
        total=figures.total,
        statuses=figures.status_rows(),
        late=len(figures.late),
        blocked=len(figures.blocked),
        reported=figures.reported,
        planned=planned,
        spent=spent,
        axes=_axes(figures),
        budget=budget,
        issues=issues,
        indicators=indicators,
        highlights=highlights,
        decisions=decisions,
        decisions_date=decisions_date,
        charted=[line for line in indicators if line.chart is not None],
    )


def day(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else ""
