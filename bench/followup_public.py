"""Benchmark: the public progress page of a published plan of 300 actions (issue 10, item 9).

The same plan as bench/followup.py (10 indicators per action with a value for each of 6
years, 10 progress reports per action, half of their notes public), budgets published
(the heaviest case). Measures, in process, for an anonymous visitor, the server time and
SQL query count of the public roadmap with its progress (as cached: served again, and
right after a new public note, when it is rendered anew), of an action's indicator charts
and of the Atom feed for 30, 100 and 300 actions (the count must not grow), and the
page's size.

    .venv/bin/python bench/followup_public.py [--actions 300] [--indicators 10] [--repeat 5]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from followup import build, measure, parse_args, percentile_95  # noqa: E402  (bench/followup.py)
from plans import setup_django  # noqa: E402


def after_a_change(client, url, actions, user, args):
    """The public page requested right after a pilot records a public note (each time on
    another action): the cached page is stale and rendered anew."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from essor.followup import services

    times, cpu = [], []
    for index in range(args.repeat):
        action = actions[index * 7 % len(actions)]
        services.record_report(action, year=2026, status="in_progress", actor=user,
                               note=f"Nouvelle note {index}", note_is_public=True)  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        if f"Nouvelle note {index}" not in response.content.decode():
            sys.exit("The new public note is not on the page.")
    return statistics.median(times), percentile_95(times), statistics.median(cpu), len(queries)


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.test import Client
        from django.urls import reverse

        from essor.accounts.models import User
        from essor.followup.evidence_models import FollowupSettings
        from essor.followup.models import ProgressReport
        from essor.followup.public import public_progress
        from essor.plans.public import public_roadmap
        from essor.processes.models import Process
        from essor.workspaces.models import Workspace

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user = User.objects.create_user("bench@example.org", "bench-password-1", full_name="B")
        workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
        client = Client()  # anonymous: the public
        print("Anonymous visitor; server time in process (wall and CPU), median and p95 of "
              f"{args.repeat} requests; SQL queries per request")  # fmt: skip
        for size in sorted({30, 100, args.actions}):
            # One published process per size: the public page shows its latest plan.
            process = Process.objects.create(
                workspace=workspace, title=f"Bench {size}", ambition="<p>A</p>", is_published=True
            )
            started = time.perf_counter()
            plan, actions = build(size, args.indicators, process, user)
            reports = ProgressReport.objects.for_plan(plan)
            reports.filter(year__in=[2024, 2026, 2028]).update(note_is_public=True)
            FollowupSettings.objects.create(plan=plan, budgets_public=True)
            built = time.perf_counter() - started
            public = reports.filter(note_is_public=True).count()
            print(f"\n{size} actions ({reports.count()} reports, {public} public notes, "
                  f"built in {built:.1f} s)")  # fmt: skip
            public_url = reverse("plans:public", args=[process.pk])
            pages = {
                "public page": public_url,
                "charts page": reverse(
                    "followup:public_indicators", args=[process.pk, actions[size // 2].pk]
                ),
                "Atom feed": reverse("followup:public_feed", args=[process.pk]),
            }
            for name, url in pages.items():
                median, worst, cpu, queries = measure(client, url, args.repeat, p95=True)
                size_kb = len(client.get(url, secure=True).content) / 1024
                print(f"  {name:12s}: {median * 1000:7.1f} ms median, {worst * 1000:7.1f} ms p95, "
                      f"{cpu * 1000:6.1f} ms CPU median, {queries} queries, "
                      f"{size_kb:,.0f} KB")  # fmt: skip
            median, worst, cpu, queries = after_a_change(client, public_url, actions, user, args)
            print(f"  {'page, new note':12s}: {median * 1000:7.1f} ms median, "
                  f"{worst * 1000:7.1f} ms p95, {cpu * 1000:6.1f} ms CPU median, "
                  f"{queries} queries (rendered anew)")  # fmt: skip
            # The follow-up's share of the page: the roadmap alone, then with the progress.
            roadmap, progress = [], []
            for _ in range(args.repeat):
                started = time.process_time()
                axes = public_roadmap(plan)
                roadmap.append(time.process_time() - started)
                started = time.process_time()
                public_progress(plan, axes)
                progress.append(time.process_time() - started)
            print(f"  {'CPU of data':12s}: roadmap {statistics.median(roadmap) * 1000:.1f} ms, "
                  f"progress {statistics.median(progress) * 1000:.1f} ms (medians)")  # fmt: skip


if __name__ == "__main__":
    main()
