"""Where the plan stands, as the public reads it on the roadmap page (issue 10, item 9).

Registered as a hook of ``plans.public`` (plans shows it without importing the follow-up).
Only what is meant for the public: each action's derived status (late included), its
progress, its latest *public* note and its date (never its author), per-axis progress,
how many of its indicators are measured and on track (their charts, with the kind of each
value, are on the action's public page of indicators: 300 actions of 10 indicators made
thousands of charts, megabytes for a phone), and budgets only when the plan's settings
publish them, and then also the funders' amounts received (per action and for the
plan). Internal notes, evidence and comments stay internal. Read in a fixed number of
queries whatever the size of the plan, and cached with the page (plans.public_cache).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import F, Max, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from essor.followup.evidence import followup_settings
from essor.followup.evidence_models import FundingReceipt
from essor.followup.indicators import expected_value, reaches
from essor.followup.models import IndicatorValue, ProgressReport, ProgressStatus
from essor.followup.public_html import ProgressHtml
from essor.followup.summary import Money, PlanFollowup, plan_indicators

# The order and colour class of each status in an axis' progress bar.
BAR_ORDER = [
    ProgressStatus.DONE,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.PAUSED,
    ProgressStatus.BLOCKED,
    ProgressStatus.NOT_STARTED,
    ProgressStatus.ABANDONED,
]
BAR_WIDTH = 300


@dataclass
class PublicNote:
    text: str
    date: object
    year: int


@dataclass
class ActionProgress:
    status: str
    status_label: str
    late: bool
    progress: int | None
    note: PublicNote | None
    planned: Money | None  # only when the plan publishes budgets
    spent: Money | None
    funding: list[Received] | None  # only when the plan publishes budgets
    indicators: IndicatorCounts | None
    charts_url: str  # the action's public page of indicator charts


@dataclass
class Received:
    """What one funder paid for an action (or the plan) in one year."""

    funder: str
    year: int
    amount: Decimal


@dataclass
class IndicatorCounts:
    total: int = 0
    measured: int = 0
    on_track: int = 0


@dataclass
class StatusShare:
    code: str
    label: str
    count: int
    percent: int
    x: float
    width: float


@dataclass
class AxisProgress:
    total: int
    late: int
    shares: list[StatusShare]


def public_year(plan, today) -> int:
    return min(max(today.year, plan.mandate_start), plan.mandate_end)


def latest_public_notes(plan) -> dict:
    """{lineage: PublicNote}: the latest public, non-empty note of each action (one query)."""
    public = ProgressReport.objects.for_plan(plan).filter(note_is_public=True).exclude(note="")
    latest = public.values("lineage").annotate(last=Max("id")).values("last")
    rows = ProgressReport.objects.filter(pk__in=latest).values_list(
        "lineage", "note", "created_at", "year"
    )
    return {
        lineage: PublicNote(note, timezone.localtime(created).date(), year)
        for lineage, note, created, year in rows
    }


def _shares(statuses, total: int) -> list[StatusShare]:
    shares, x = [], 0.0
    for code in BAR_ORDER:
        count = statuses.get(code, 0)
        width = round(BAR_WIDTH * count / total, 1) if total else 0
        shares.append(
            StatusShare(code, ProgressStatus(code).label, count,
                        round(100 * count / total) if total else 0, x, width)
        )  # fmt: skip
        x = round(x + width, 1)
    return shares


@dataclass
class _Indicator:
    """What expected_value() and reaches() read of an indicator (rows, not models: a plan
    may hold thousands of indicators)."""

    pk: int
    lineage: object
    action_id: int
    direction: str
    baseline: object
    baseline_year: int | None
    target: object
    target_year: int | None
    yearly_targets: dict


def latest_measures(plan, year: int) -> dict:
    """{indicator lineage: (year, value)}: each indicator's latest value of ``year`` or
    before, chosen by the database (one query returning one row per indicator, not the
    six years of entries of each)."""
    latest = Window(
        RowNumber(),
        partition_by=[F("lineage")],
        order_by=[F("year").desc(), F("created_at").desc(), F("id").desc()],
    )
    rows = (
        IndicatorValue.objects.filter(process_id=plan.process_id, year__lte=year)
        .annotate(rank=latest)
        .filter(rank=1)
        .values_list("lineage", "year", "value")
    )
    return {lineage: (found, value) for lineage, found, value in rows}


def _indicator_counts(plan, year: int) -> dict[int, IndicatorCounts]:
    """{action id: how many of its indicators are measured, and on track} (two queries)."""
    columns = [f.name for f in fields(_Indicator)]
    rows = plan_indicators(plan).values_list(*columns)
    indicators = [_Indicator(*row) for row in rows]
    values = latest_measures(plan, year)
    counts: dict = defaultdict(IndicatorCounts)
    for indicator in indicators:
        found = counts[indicator.action_id]
        found.total += 1
        measured = values.get(indicator.lineage)
        if measured:
            last_year, last = measured
            found.measured += 1
            # The rule of judge(), without its explanation (thousands of indicators).
            expected = expected_value(indicator, last_year, plan)
            found.on_track += expected is not None and reaches(indicator, last, expected)
    return counts


def funding_received(plan, year: int) -> dict:
    """{action lineage: [Received]}: the funders' amounts received up to ``year``, summed
    per funder and year (corrections are further entries, as on the internal page)."""
    rows = (
        FundingReceipt.objects.filter(
            process_id=plan.process_id,
            lineage__in=plan.actions.values("lineage"),
            year__lte=year,
        )
        .values_list("lineage", "funder", "year")
        .annotate(total=Sum("amount"))
        .order_by("lineage", "year", "funder")
    )
    found: dict = defaultdict(list)
    for lineage, funder, received_year, total in rows:
        found[lineage].append(Received(funder, received_year, total))
    return found


def plan_funding(received: list[Received]) -> list[Received]:
    """The plan's amounts received per funder and year, from those of its public actions."""
    totals: dict = defaultdict(Decimal)
    for item in received:
        totals[item.year, item.funder] += item.amount
    return [Received(funder, year, amount) for (year, funder), amount in sorted(totals.items())]


def _spent_to_date(history, year: int) -> Money:
    """What an action spent from the start of the mandate to ``year``: per year and nature,
    the latest report of that year giving the amount (the rule of state.py)."""
    per_year: dict = {}
    for row in history.rows:  # chronological: the last amount given for a year wins
        if row.year <= year:
            for nature in ("operating", "investment"):
                amount = getattr(row, f"spent_{nature}")
                if amount is not None:
                    per_year[row.year, nature] = amount
    spent = Money()
    for (_year, nature), amount in per_year.items():
        spent.add(nature, amount)
    return spent


def public_progress(plan, axes) -> dict:
    """The ``plans.public`` hook: sets ``progress`` on the public actions and axes."""
    today = timezone.localdate()
    year = public_year(plan, today)
    followup = PlanFollowup(plan, today)
    budgets = followup_settings(plan).budgets_public
    notes = latest_public_notes(plan)
    funding = funding_received(plan, year) if budgets else {}
    shown_funding: list[Received] = []
    indicators = _indicator_counts(plan, year)
    figures = followup.figures(year)
    planned: dict = defaultdict(Money)
    for (action_id, _year, nature), amount in followup.planned.items():
        planned[action_id].add(nature, amount)
    states = {line.action.pk: line.state for line in figures.lines}
    lineages = {action.pk: action.lineage for action in followup.actions}
    # One reverse() for all actions instead of one per action.
    before, after = reverse("followup:public_indicators", args=[plan.process_id, 0]).rsplit(
        "/0/", 1
    )
    html = ProgressHtml(year)
    for item in _walk(axes):
        for action in item.actions:
            state = states.get(action.pk)
            if state is None:  # not followed (abandoned by decision): nothing to derive
                action.progress = None
                continue
            history = followup.histories[lineages[action.pk]]
            received = funding.get(lineages[action.pk], []) if budgets else None
            shown_funding += received or []
            action.progress = ActionProgress(
                status=state.status,
                status_label=state.status_label,
                late=state.late,
                progress=state.progress,
                note=notes.get(lineages[action.pk]),
                planned=planned.get(action.pk, Money()) if budgets else None,
                spent=_spent_to_date(history, year) if budgets else None,
                funding=received,
                indicators=indicators.get(action.pk),
                charts_url=f"{before}/{action.pk}/{after}",
            )
            action.public_html = html.render(action.progress, action.title)
    by_axis = {f.axis.pk: f for f in figures.axes if f.axis is not None}
    for item in axes:
        found = by_axis.get(item.axis.pk) if item.axis else None
        item.progress = (
            AxisProgress(found.total, found.late, _shares(found.statuses, found.total))
            if found and found.total
            else None
        )
    return {
        "progress_year": year,
        "progress_budgets": budgets,
        "progress_funding": plan_funding(shown_funding) if budgets else [],
        "progress_bar_width": BAR_WIDTH,
        "progress_feed_url": reverse("followup:public_feed", args=[plan.process_id]),
        "includes": {
            "head": ["followup/includes/public_head.html"],
            "top": ["followup/includes/public_intro.html"],
            "axis": ["followup/includes/public_axis.html"],
        },
    }


def _walk(axes):
    for item in axes:
        yield item
        yield from _walk(item.children)
