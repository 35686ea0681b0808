"""Where each action of one page stands, as the public reads it (the read API's actions).

The same rules as the public roadmap (essor.followup.public: the state for the public year,
late included, the latest public note), but only for the actions asked: the roadmap's
reading of a whole plan (indicator counts, budgets, per-axis figures) took a second for 300
actions of 10 indicators, and a page of the API shows 50 actions and none of that."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone

from essor.followup.models import ProgressReport
from essor.followup.public import PublicNote, latest_public_notes, public_year
from essor.followup.state import REPORT_COLUMNS, ActionHistory, ReportRow, planned_span
from essor.followup.summary import followed_actions
from essor.plans.models import Milestone


@dataclass
class PublicState:
    status: str
    status_label: str
    late: bool
    progress: int | None
    note: PublicNote | None


def public_states(plan, actions) -> dict[int, PublicState]:
    """{action id: its public state} for the followed ones among ``actions`` (4 queries)."""
    ids = [action.pk for action in actions]
    followed = {
        pk: lineage
        for pk, lineage in followed_actions(plan).filter(pk__in=ids).values_list("pk", "lineage")
    }
    if not followed:
        return {}
    spans = {
        row["action"]: (row["first"], row["last"])
        for row in Milestone.objects.filter(action__in=list(followed))
        .values("action")
        .annotate(first=Min("date"), last=Max("date"))
        .order_by()
    }
    histories = {}
    for action in actions:
        if action.pk in followed:
            start, end = planned_span(action, *spans.get(action.pk, (None, None)))
            histories[action.lineage] = ActionHistory(start, end)
    reports = (
        ProgressReport.objects.filter(process_id=plan.process_id, lineage__in=list(histories))
        .chronological()
        .values_list(*REPORT_COLUMNS)
    )
    for values in reports:
        row = ReportRow(*values)
        histories[row.lineage].rows.append(row)
    notes = latest_public_notes(plan)
    today = timezone.localdate()
    year = public_year(plan, today)
    states = {}
    for action in actions:
        if action.pk not in followed:
            continue
        state = histories[action.lineage].state(year, today)
        states[action.pk] = PublicState(
            state.status, state.status_label, state.late, state.progress,
            notes.get(action.lineage),
        )  # fmt: skip
    return states
