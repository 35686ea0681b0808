"""Benchmark: the follow-up XLSX of a plan of 300 actions, exported then imported (issue 10).

Builds the plan of bench/followup.py (10 indicators per action with values for 6 years,
10 progress reports per action) in a scratch database (SQLite in a temporary folder
unless DATABASE_URL names one whose name contains "bench"), then for 30, 100 and 300
actions measures:

- the export (``export_followup_xlsx``): time, SQL queries (must not grow), file size;
- reading and checking the untouched file (``read_files`` + ``parse_progress``: the
  preview's work): time, queries; it must find nothing to record;
- the import of the file filled in (every action's status, progress and spending
  changed, one new indicator value per action): time of the check and of the writing
  (one transaction through the services, their audit entries included).

    .venv/bin/python bench/followup_xlsx.py [--actions 300] [--indicators 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
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

YEAR = 2027


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure")
    return parser.parse_args()


def timed(function, repeat: int):
    """("wall and CPU medians", SQL queries of the last run, last result). The CPU time of
    this process too: on a shared machine the wall time includes waiting for a core."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu = [], []
    for _ in range(repeat):
        connection.queries_log.clear()  # the log keeps 9,000 queries: count from empty
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            result = function()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    figures = (
        f"{statistics.median(times) * 1000:7.1f} ms wall, "
        f"{statistics.median(cpu) * 1000:7.1f} ms CPU"
    )
    return figures, len(queries.captured_queries), result


def fill(data: bytes) -> bytes:
    """Every action changed as a pilot would type it, one new value per action."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book[f"Saisie {YEAR}"]
    for row in sheet.iter_rows(min_row=2):
        row[3].value = "Terminée"
        row[4].value = "100 %"
        row[6].value = "1 500,50 €"
        row[7].value = 20000
    seen = set()
    for row in book["Indicateurs"].iter_rows(min_row=2):
        if row[0].value not in seen and row[4].value == YEAR:
            seen.add(row[0].value)
            row[5].value = "1 234,5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import transaction

        from essor.followup.progress_files import read_files
        from essor.followup.progress_import import import_progress, parse_progress
        from essor.followup.spreadsheet import export_followup_xlsx

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user, process = bench_process()
        print(f"{args.indicators} indicators per action; median of {args.repeat} runs")
        export_followup_xlsx(build(1, 1, process, user)[0], YEAR, io.BytesIO())  # imports
        for size in sorted({30, 100, args.actions}):
            plan, _actions = build(size, args.indicators, process, user)

            def export(plan=plan):
                out = io.BytesIO()
                export_followup_xlsx(plan, YEAR, out)
                return out.getvalue()

            figures, queries, data = timed(export, args.repeat)
            print(f"\n{size} actions")
            print(f"  export          : {figures}, {queries} queries, "
                  f"{len(data) / 1024:.0f} KiB")  # fmt: skip

            def check(content, plan=plan):
                return parse_progress(plan, *read_files([("suivi.xlsx", io.BytesIO(content))]))

            figures, queries, parsed = timed(lambda data=data: check(data), args.repeat)
            assert parsed.is_valid and parsed.is_empty, parsed.errors[:3]
            print(f"  check untouched : {figures}, {queries} queries, "
                  f"{parsed.unchanged} unchanged lines")  # fmt: skip
            filled = fill(data)
            figures, queries, parsed = timed(lambda filled=filled: check(filled), args.repeat)
            assert parsed.is_valid, parsed.errors[:3]
            counts = f"{len(parsed.reports)} reports and {len(parsed.values)} values to record"
            print(f"  check filled    : {figures}, {queries} queries, {counts}")

            def write(parsed=parsed, plan=plan):
                with transaction.atomic():
                    written = import_progress(plan, parsed, actor=user)
                    transaction.set_rollback(True)  # the same file again on the next run
                return written

            figures, queries, written = timed(write, args.repeat)
            print(f"  import filled   : {figures}, {queries} queries, "
                  f"{written} entries written")  # fmt: skip


if __name__ == "__main__":
    main()
