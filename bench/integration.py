"""Benchmark: the joined capabilities (plan, synthesis, contributions) at the size of issue 4.

Reuses bench/plans.py to build a 300-action plan in a scratch database, then
adds a synthesis of 600 contributions in 10 themes, links every action to a
theme and to two contributions, freezes the plan and publishes the process.
Measures, in process with production settings, the server time and SQL
query count of the public roadmap page for 30, 100 and 300 actions and of
the contributions list (100 per page) for 30 and 600 contributions (counts
must not grow), and the time of the roadmap ODT with the synthesis themes.

    .venv/bin/python bench/integration.py [--actions 300] [--contributions 600] [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_plans", HERE / "plans.py")
bench_plans = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_plans)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--contributions", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def measure(client, url: str, repeat: int) -> tuple[float, int]:
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
            sys.exit(f"{url} answered {response.status_code}.")
    return statistics.median(times), len(queries.captured_queries)


def add_synthesis(plan, user, count: int):
    from essor.contributions.services import add_contribution
    from essor.synthesis import services as synthesis

    process = plan.process
    contributions = [
        add_contribution(process=process, text=f"Idée {i} : un lieu, des moyens, du lien")
        for i in range(count)
    ]
    wall = synthesis.synthesis_for(process)
    wall.include_other = True
    wall.save()
    themes = [synthesis.create_theme(wall, f"Thème {i}", actor=user) for i in range(10)]
    for index, contribution in enumerate(contributions):
        synthesis.place(wall, contribution.pk, themes[index % 10], actor=user)
    for index, action in enumerate(plan.actions.order_by("id")):
        action.synthesis_themes.add(themes[index % 10])
        action.contributions.add(*contributions[2 * index % count : 2 * index % count + 2])
    return contributions


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_plans.setup_django(tmp)
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from essor.contributions.models import Contribution
        from essor.plans.documents import render_roadmap
        from essor.plans.models import Action, Plan
        from essor.processes.models import Process

        user, plan, _build = bench_plans.build(args.actions, 10, 0)
        contributions = add_synthesis(plan, user, args.contributions)
        Plan.objects.filter(pk=plan.pk).update(status="validated", frozen_at=timezone.now())
        plan.process.is_published = True
        plan.process.save()
        print(f"{plan.actions.count()} actions, {len(contributions)} contributions in 10 themes")

        print("\nPublic roadmap page, anonymous visitor (median of requests; SQL queries)")
        ids = list(plan.actions.order_by("id").values_list("id", flat=True))
        url = reverse("plans:public", args=[plan.process_id])
        for size in sorted({30, 100, args.actions}):
            scratch = Plan.objects.create(process=plan.process, name="scratch")
            Action.objects.filter(pk__in=ids[size:]).update(plan=scratch)
            median, queries = measure(Client(), url, args.repeat)
            Action.objects.filter(plan=scratch).update(plan=plan)
            scratch.delete()
            print(f"  {size:4d} actions: {median * 1000:7.1f} ms, {queries} queries")

        print("\nContributions list with themes and actions, facilitator (100 per page)")
        client = Client()
        client.force_login(user)
        url = reverse("contributions:list", args=[plan.process_id])
        for size in sorted({30, args.contributions}):
            # The others wait in a scratch process meanwhile (placements and links stay).
            other = Process.objects.create(workspace=plan.process.workspace, title="scratch")
            Contribution.objects.filter(process=plan.process).exclude(
                pk__in=[c.pk for c in contributions[:size]]
            ).update(process=other)
            median, queries = measure(client, url, args.repeat)
            Contribution.objects.filter(process=other).update(process=plan.process)
            other.delete()
            print(f"  {size:4d} contributions: {median * 1000:7.1f} ms, {queries} queries")

        started = time.perf_counter()
        data = render_roadmap(plan, "odt")
        print(f"\nRoadmap ODT with the synthesis themes: {time.perf_counter() - started:.2f} s, "
              f"{len(data) / 1024:.0f} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
