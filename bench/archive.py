"""Benchmark: whole-process archive of 300 actions and 10,000 contributions (issue 12).

Builds, in a scratch database (SQLite in a temporary folder unless DATABASE_URL names one
whose name contains "bench"), the follow-up bench's adopted plan (bench/followup.py: 300
actions, 10 indicators each with 6 years of values, 3,000 progress reports) and 10,000
contributions, then times ``export_process``, ``plan_import`` (the dry run) and
``import_process`` into another workspace, and checks the copy's row counts. Goal: export
and import under 30 s each.

    .venv/bin/python bench/archive.py [--actions 300] [--contributions 10000]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from followup import bench_process, build  # noqa: E402
from plans import setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--contributions", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from essor.archive.export import export_process
        from essor.archive.importer import import_process, plan_import, read_archive
        from essor.contributions.models import Contribution
        from essor.workspaces.models import Workspace

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user, process = bench_process()
        build(args.actions, 10, process, user)
        Contribution.objects.bulk_create(
            (Contribution(process=process, text=f"Idée n° {n} : mutualiser les locaux " * 2)
             for n in range(args.contributions)),
            batch_size=2000,
        )  # fmt: skip
        buffer = io.BytesIO()
        started = time.perf_counter()
        counts = export_process(process, buffer)
        exported = time.perf_counter() - started
        rows = sum(counts.values())
        size = len(buffer.getvalue()) / 1e6
        print(f"export_process: {exported:.1f} s, {rows} rows, archive of {size:.1f} MB")
        target = Workspace.objects.create(name="Copie", slug="copie")
        started = time.perf_counter()
        archive = read_archive(io.BytesIO(buffer.getvalue()))
        plan_import(archive, target)
        checked = time.perf_counter() - started
        print(f"read + dry run: {checked:.1f} s")
        started = time.perf_counter()
        copy, _plan = import_process(archive, target)
        imported = time.perf_counter() - started
        print(f"import_process (read and dry run again, then write): {imported:.1f} s")
        copied = Contribution.objects.filter(process=copy).count()
        if copied != args.contributions:
            sys.exit(f"the copy holds {copied} contributions, not {args.contributions}")
        print(f"copy checked: {copied} contributions")


if __name__ == "__main__":
    main()
