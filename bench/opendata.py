"""Benchmark: the open data package of a published process of 300 actions (issue 12, item 3).

The plan of bench/followup.py (10 indicators per action with a value for each of 6 years,
10 progress reports per action, a third of their notes public, budgets published), 10,000
contributions placed in 12 themes of the synthesis, 40 public and 40 internal meetings,
30 public decisions, every part of the portal shown. Measures, in process, the time and
SQL query count of the process's ZIP (write_package, what the download view and
``export_open_data`` run) for 30, 100 and 300 actions (the count must not grow), its size,
and the time of the DCAT catalogue. Goal: under 5 s at 300 actions.

    .venv/bin/python bench/opendata.py [--actions 300] [--indicators 10] [--repeat 5]
    DATABASE_URL=postgres://…/essor_opendata_bench .venv/bin/python bench/opendata.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from followup import build, parse_args  # noqa: E402  (bench/followup.py)
from plans import setup_django  # noqa: E402

CONTRIBUTIONS = 10_000
THEMES = 12


def heard(process) -> None:
    """10,000 contributions in 12 themes, public and internal meetings, decisions."""
    from django.utils import timezone

    from essor.bodies.models import Body, BodyKind
    from essor.contributions.models import Contribution
    from essor.decisions.models import Decision, Outcome
    from essor.meetings.models import Audience, Meeting, MeetingKind
    from essor.portal.models import PortalSettings
    from essor.synthesis.models import Placement, Synthesis, Theme

    synthesis = Synthesis.objects.create(process=process)
    themes = Theme.objects.bulk_create(
        Theme(synthesis=synthesis, title=f"Thème {n}", letter=chr(65 + n), order=n,
              summary="Ce qui a été dit. " * 10)
        for n in range(THEMES)
    )  # fmt: skip
    contributions = Contribution.objects.bulk_create(
        (Contribution(process=process, text=f"Contribution {n} : " + "idée " * 20)
         for n in range(CONTRIBUTIONS)), batch_size=2000,
    )  # fmt: skip
    Placement.objects.bulk_create(
        (Placement(synthesis=synthesis, contribution=c, theme=themes[n % THEMES])
         for n, c in enumerate(contributions)), batch_size=2000,
    )  # fmt: skip
    start = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(process=process, kind=MeetingKind.WORKSHOP, title=f"Rencontre {n}",
                starts_at=start + dt.timedelta(days=n), place="Salle des fêtes",
                audience=Audience.PUBLIC if n % 2 else Audience.INTERNAL)
        for n in range(80)
    )  # fmt: skip
    body = Body.objects.create(process=process, kind=BodyKind.STEERING, name="COPIL")
    Decision.objects.bulk_create(
        Decision(body=body, decided_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
                 summary=f"Décision {n}", outcome=Outcome.VALIDATED)
        for n in range(30)
    )  # fmt: skip
    PortalSettings.objects.create(process=process, **{part: True for part in PortalSettings.PARTS})


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from essor.accounts.models import User
        from essor.followup.evidence_models import FollowupSettings
        from essor.followup.models import ProgressReport
        from essor.opendata.dcat import catalogue
        from essor.opendata.package import process_package, write_package
        from essor.processes.models import Process
        from essor.workspaces.models import Workspace

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user = User.objects.create_user("bench@example.org", "bench-password-1", full_name="B")
        workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
        print(f"ZIP of one process, median and max of {args.repeat} runs (wall, CPU), "
              "SQL queries per run")  # fmt: skip
        for size in sorted({30, 100, args.actions}):
            process = Process.objects.create(
                workspace=workspace, title=f"Bench {size}", ambition="<p>A</p>", is_published=True
            )
            started = time.perf_counter()
            plan, _actions = build(size, args.indicators, process, user)
            ProgressReport.objects.for_plan(plan).filter(year__in=[2024, 2026, 2028]).update(
                note_is_public=True
            )
            FollowupSettings.objects.create(plan=plan, budgets_public=True)
            heard(process)
            built = time.perf_counter() - started
            process = Process.objects.select_related("workspace").get(pk=process.pk)
            write_package(process_package(process), io.BytesIO())  # warm up templates
            times, cpu = [], []
            for _ in range(args.repeat):
                buffer = io.BytesIO()
                with CaptureQueriesContext(connection) as queries:
                    wall, cpu_start = time.perf_counter(), time.process_time()
                    counts = write_package(process_package(process), buffer)
                    times.append(time.perf_counter() - wall)
                    cpu.append(time.process_time() - cpu_start)
            print(f"\n{size} actions, {CONTRIBUTIONS:,} contributions (built in {built:.1f} s)")
            print(f"  ZIP      : {statistics.median(times):6.2f} s median, {max(times):6.2f} s "
                  f"max, {statistics.median(cpu):6.2f} s CPU, "
                  f"{len(queries.captured_queries)} queries, "
                  f"{len(buffer.getvalue()) / 1024:,.0f} KB")  # fmt: skip
            print("  rows     : " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            datasets = len(catalogue()["dcat:dataset"])
        print(f"\nDCAT catalogue of {datasets} processes: "
              f"{(time.perf_counter() - started) * 1000:.0f} ms, "
              f"{len(queries.captured_queries)} queries")  # fmt: skip


if __name__ == "__main__":
    main()
