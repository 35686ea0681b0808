"""Benchmark: the follow-up of an adopted plan of 300 actions (issue 10).

Each action has 10 indicators with a value for each of 6 years, and the plan holds
3,000 progress reports (10 per action). Builds it in a scratch database (SQLite in a
temporary folder unless DATABASE_URL names one whose name contains "bench"), then
measures, in process, the server time and SQL query count of the follow-up dashboard
and of an action's follow-up page for 30, 100 and 300 actions (the count must not
grow), and the time of ``followup_summary``'s JSON.

    .venv/bin/python bench/followup.py [--actions 300] [--indicators 10] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plans import setup_django  # noqa: E402  (bench/plans.py: the same scratch database)

YEARS = range(2024, 2030)  # six years of values; the mandate runs 2024-2030
REPORTS_PER_ACTION = 10
STATUSES = ["not_started", "in_progress", "in_progress", "done", "paused", "blocked"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="requests per measure")
    return parser.parse_args()


def build(size: int, indicators: int, process, user):
    """An adopted plan of ``size`` actions with their indicators, values and reports (bulk
    inserts: the services' per-row history would take minutes and is not measured here)."""
    from django.utils import timezone

    from essor.followup.models import IndicatorValue, ProgressReport
    from essor.plans.models import Action, Axis, BudgetLine, Indicator, Milestone, Plan

    plan = Plan.objects.create(
        process=process, name=f"Plan de {size} actions", status="validated",
        frozen_at=timezone.now(), council_vote_date=dt.date(2024, 6, 20),
        council_vote_result="adopted", mandate_start=2024, mandate_end=2030,
    )  # fmt: skip
    axes = Axis.objects.bulk_create(
        Axis(plan=plan, number=str(n), title=f"Axe {n}", order=n) for n in range(1, 6)
    )
    actions = Action.objects.bulk_create(
        Action(plan=plan, axis=axes[i % 5], order=i, title=f"Action {i + 1}", status="retained",
               start_date=dt.date(2024 + i % 4, 1 + i % 12, 1), end_date=dt.date(2027, 12, 31))
        for i in range(size)
    )  # fmt: skip
    Milestone.objects.bulk_create(
        Milestone(action=a, date=dt.date(2025, 6, 1), label="Lancement") for a in actions
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(action=a, year=year, nature=nature, planned=Decimal(1000 + i))
        for i, a in enumerate(actions) for year in YEARS for nature in ("operating", "investment")
    )  # fmt: skip
    created = Indicator.objects.bulk_create(
        Indicator(action=a, name=f"Indicateur {k}", unit="nombre", baseline=Decimal(k),
                  baseline_year=2024, target=Decimal(10 * k + 10), target_year=2029)
        for a in actions for k in range(indicators)
    )  # fmt: skip
    IndicatorValue.objects.bulk_create(
        # bulk_create skips save(): the identity across versions is given here.
        (IndicatorValue(indicator=ind, process=process, lineage=ind.lineage, year=year,
                        value=Decimal(year - 2020 + k % 7), author=user)
         for k, ind in enumerate(created) for year in YEARS),
        batch_size=2000,
    )  # fmt: skip
    ProgressReport.objects.bulk_create(
        (ProgressReport(process=process, lineage=a.lineage, action=a, year=2024 + r // 2,
                        status=STATUSES[(i + r) % len(STATUSES)], progress=min(100, 10 * r),
                        note="Point d’avancement. " * 5, spent_operating=Decimal(100 * r),
                        spent_investment=Decimal(50 * r), author=user)
         for i, a in enumerate(actions) for r in range(REPORTS_PER_ACTION)),
        batch_size=2000,
    )  # fmt: skip
    return plan, actions


def percentile_95(times: list[float]) -> float:
    """Nearest rank: the slowest request below 20 requests."""
    ordered = sorted(times)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure(client, url: str, repeat: int, p95: bool = False) -> tuple[float, float, float, int]:
    """Median, max (or 95th percentile with ``p95``), CPU median and queries of a request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, secure=True)  # warm up templates and caches (HTTPS: production settings)
    times, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}.")
    # The CPU time of this process too: on a shared machine the wall time includes waiting
    # for a core (the database's own time is in the wall time only).
    return (
        statistics.median(times),
        percentile_95(times) if p95 else max(times),
        statistics.median(cpu),
        len(queries.captured_queries),
    )


def bench_process():
    """The facilitator and the process every follow-up bench builds its plans in."""
    from essor.accounts.models import User
    from essor.processes.models import Membership, Process, Role
    from essor.workspaces.models import Workspace

    user = User.objects.create_user("bench@example.org", "bench-password-1", full_name="B")
    workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
    process = Process.objects.create(workspace=workspace, title="Bench", ambition="<p>A</p>")
    Membership.objects.create(process=process, user=user, role=Role.FACILITATOR)
    return user, process


def pilot_all(user, process, actions) -> None:
    """The user's organisation pilots every action of the plan: "my actions" at its largest
    (a CRESS officer may pilot many). Each size's plan replaces the previous one's actions."""
    from essor.organisations.models import Organisation, Person
    from essor.plans.models import Action

    person = getattr(user, "person", None)
    if person is None:
        organisation = Organisation.objects.create(workspace=process.workspace, name="CRESS")
        person = Person.objects.create(workspace=process.workspace, last_name="Bench",
                                       organisation=organisation, user=user)  # fmt: skip
        user.person = person
    through = Action.pilot_organisations.through
    through.objects.all().delete()
    through.objects.bulk_create(
        through(action=action, organisation_id=person.organisation_id) for action in actions
    )


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.test import Client
        from django.urls import reverse

        from essor.followup.models import IndicatorValue, ProgressReport
        from essor.followup.summary import summary_contract

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user, process = bench_process()
        client = Client()
        client.force_login(user)
        print(f"{args.indicators} indicators per action, values for {len(YEARS)} years, "
              f"{REPORTS_PER_ACTION} reports per action")  # fmt: skip
        print("Server time in process (wall and CPU), median and p95 of "
              f"{args.repeat} requests; SQL queries per request")  # fmt: skip
        for size in sorted({30, 100, args.actions}):
            started = time.perf_counter()
            plan, actions = build(size, args.indicators, process, user)
            built = time.perf_counter() - started
            reports = ProgressReport.objects.for_plan(plan).count()
            values = IndicatorValue.objects.for_plan(plan).count()
            print(f"\n{size} actions ({reports} reports, {values} indicator values, "
                  f"built in {built:.1f} s)")  # fmt: skip
            pilot_all(user, process, actions)
            pages = {
                "dashboard": reverse("followup:dashboard", args=[process.pk, plan.pk])
                + "?annee=2027",
                "my actions": reverse("followup:my_actions", args=[process.pk]),
                "one opened": reverse("followup:my_actions", args=[process.pk])
                + f"?action={actions[size // 2].pk}",
                "action page": reverse(
                    "followup:action", args=[process.pk, plan.pk, actions[size // 2].pk]
                ),
            }
            for name, url in pages.items():
                median, worst, cpu, queries = measure(client, url, args.repeat, p95=True)
                print(f"  {name:12s}: {median * 1000:7.1f} ms median, {worst * 1000:7.1f} ms p95, "
                      f"{cpu * 1000:6.1f} ms CPU median, {queries} queries")  # fmt: skip
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                summary_contract(plan, 2027)
                times.append(time.perf_counter() - started)
            print(f"  {'summary JSON':12s}: {statistics.median(times) * 1000:7.1f} ms median")


if __name__ == "__main__":
    main()
