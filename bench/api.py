"""Benchmark: the read API's list endpoints on a published process with a plan of 300
actions (10 indicators each, values for 6 years, progress reports) and 10,000 contributions
placed in 12 synthesis themes (issue 12, "Performance": median under 100 ms, constant
query count).

Measures, in process, for an anonymous reader, each list's server time (median and 95th
percentile of ``--repeat`` requests) and SQL query count, at 30 and at ``--actions``
actions (the count must not grow).

    .venv/bin/python bench/api.py [--actions 300] [--contributions 10000] [--repeat 20]
    DATABASE_URL=postgres://…/essor_bench_api .venv/bin/python bench/api.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from followup import build  # noqa: E402  (bench/followup.py)
from plans import setup_django  # noqa: E402

LISTS = ["processes", "territories", "meetings", "themes", "plan_versions", "axes", "actions",
         "indicator_values"]  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--contributions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20, help="requests per measure")
    return parser.parse_args()


def heard(process, contributions: int) -> None:
    """Contributions placed in 12 lettered themes, 30 public meetings (bulk inserts)."""
    import datetime as dt

    from django.utils import timezone

    from essor.contributions.models import Contribution
    from essor.meetings.models import Audience, Meeting, MeetingKind
    from essor.portal.models import PortalSettings
    from essor.synthesis.models import Placement, Synthesis, Theme

    synthesis = Synthesis.objects.create(process=process)
    themes = Theme.objects.bulk_create(
        Theme(synthesis=synthesis, title=f"Thème {n}", letter=chr(65 + n), order=n,
              summary="Résumé " * 20)
        for n in range(12)
    )  # fmt: skip
    rows = Contribution.objects.bulk_create(
        Contribution(process=process, text=f"Contribution {n} " * 5) for n in range(contributions)
    )
    Placement.objects.bulk_create(
        Placement(synthesis=synthesis, contribution=c, theme=themes[n % 12])
        for n, c in enumerate(rows)
    )
    start = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(process=process, kind=MeetingKind.WORKSHOP, title=f"Atelier {n}",
                starts_at=start + dt.timedelta(days=n), audience=Audience.PUBLIC)
        for n in range(30)
    )  # fmt: skip
    PortalSettings.objects.create(process=process, show_themes=True)


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, secure=True)  # warm up
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return statistics.median(times), p95, len(queries.captured_queries)


def row(name: str, median: float, p95: float, queries: int) -> None:
    print(f"{name:<22}{median * 1000:>10.1f}{p95 * 1000:>10.1f}{queries:>9}")


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.cache import cache
        from django.test import Client, override_settings
        from django.urls import reverse

        from essor.accounts.models import User
        from essor.processes.models import Process
        from essor.workspaces.models import Workspace

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user = User.objects.create_user("bench@example.org", "bench-password-1", full_name="B")
        workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
        client = Client()
        rates = {"DEFAULT_THROTTLE_RATES": {"api": "1000000/minute"}}
        from django.conf import settings

        override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **rates}).enable()
        from rest_framework.settings import api_settings

        from essor.api.base import ApiThrottle

        api_settings.reload()
        ApiThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        print(f"Anonymous reader; server time in process, median and p95 of {args.repeat} "
              "requests; SQL queries per request; default page size (50)")  # fmt: skip
        for size, contributions in sorted({(30, 1000), (args.actions, args.contributions)}):
            process = Process.objects.create(
                workspace=workspace, title=f"Bench {size}", ambition="<p>A</p>", is_published=True
            )
            started = time.perf_counter()
            build(size, args.indicators, process, user)
            heard(process, contributions)
            print(f"\n{size} actions, {contributions} contributions "
                  f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
            print(f"{'endpoint':<22}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
            for name in LISTS:
                cache.clear()
                args_ = [] if name == "processes" else [process.pk]
                url = reverse(f"api:{name}", args=args_)
                row(name, *measure(client, url, args.repeat))
            url = reverse("api:actions", args=[process.pk]) + "?page_size=200"
            row("actions (200/page)", *measure(client, url, args.repeat))


if __name__ == "__main__":
    main()
