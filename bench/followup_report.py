"""Benchmark: the yearly follow-up report of a 300-action plan in each format (issue 10).

The plan of bench/followup.py (its generator): 300 actions × 10 indicators × 6 years of
values, 3,000 progress reports with notes. Prints, per format, the median time to build
the content and write the file, its size, and the SQL queries of the content at 30 and
300 actions (the count must not grow). Goals: ODT and DOCX under 5 s, PDF under 15 s,
PPTX under 10 s. Also one report narrowed to two actions (20 indicators: one chart each).

    .venv/bin/python bench/followup_report.py [--actions 300] [--repeat 3]
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

from followup import bench_process, build  # noqa: E402  (bench/followup.py: the same plan)
from plans import setup_django  # noqa: E402

FORMATS = ("odt", "docx", "pdf", "pptx")
GOALS = {"odt": 5, "docx": 5, "pdf": 15, "pptx": 10}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def timed(function, repeat: int):
    """Median wall time, median CPU time of this process (on a shared machine the wall
    time includes waiting for a core), and the result."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu), result


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from essor.followup.report import ReportOptions, build_report, write_report
        from essor.followup.report.layout import layout

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user, process = bench_process()
        for size in sorted({30, args.actions}):
            plan, actions = build(size, args.indicators, process, user)
            plan.process = process
            with CaptureQueriesContext(connection) as queries:
                build_report(plan, ReportOptions(2027, mandate=True))
            print(f"\n{size} actions: content in {len(queries.captured_queries)} SQL queries")
        options = ReportOptions(2027, mandate=True)
        seconds, cpu, report = timed(lambda: build_report(plan, options), args.repeat)
        print(f"\n{args.actions} actions, whole mandate to 2027, median of {args.repeat} "
              "(wall time, CPU time):")  # fmt: skip
        print(f"  content (data only)      : {seconds:6.2f} s, {cpu:5.2f} s CPU "
              f"({len(report.indicators)} indicators, {len(report.issues)} late or blocked, "
              f"{len(report.highlights)} notes)")  # fmt: skip
        seconds, cpu, _document = timed(lambda: layout(report), args.repeat)
        print(f"  layout and budget chart  : {seconds:6.2f} s, {cpu:5.2f} s CPU")
        for fmt in FORMATS:
            seconds, cpu, data = timed(
                lambda fmt=fmt: write_report(build_report(plan, options), fmt), args.repeat
            )
            verdict = "ok" if seconds < GOALS[fmt] else "OVER GOAL"
            print(f"  {fmt:5s} content + file     : {seconds:6.2f} s, {cpu:5.2f} s CPU, "
                  f"{len(data) / 1024:5.0f} KiB "
                  f"(goal < {GOALS[fmt]} s: {verdict})")  # fmt: skip
        chosen = ReportOptions(2027, action_ids=tuple(a.pk for a in actions[:2]))
        print("\nTwo actions (20 indicators, a chart each):")
        for fmt in FORMATS:
            seconds, cpu, data = timed(
                lambda fmt=fmt: write_report(build_report(plan, chosen), fmt), args.repeat
            )
            print(f"  {fmt:5s}: {seconds:6.2f} s, {cpu:5.2f} s CPU, {len(data) / 1024:4.0f} KiB")


if __name__ == "__main__":
    main()
