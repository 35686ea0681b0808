"""Benchmark: the public observatory of a published process, as an anonymous visitor.

    .venv/bin/python bench/observatory_public.py                          # 300,000 establishments
    .venv/bin/python bench/observatory_public.py --establishments 1000000 --dir /tmp/obs-public

In one run, in a throw-away SQLite database and register under --dir: loads the
territories, generates SIRENE-format files (essor.observatory.generator),
imports them, creates a published process on the CU du Grand Poitiers, then
times the anonymous requests through Django's test client (full middleware and
templates): the observatory page with an empty figures cache, then warm
(median of 5), the CSV and XLSX downloads, the organisations list, and the
one-page sheet in PDF and ODT (median of 3; the rate limit is lifted for the
measure). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(call, repeat: int) -> tuple[float, float]:
    """(first call, median of ``repeat`` more) in milliseconds."""
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1000
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--establishments", type=int, default=300_000)
    parser.add_argument("--dir", default="")
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="obs-public-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "essor.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["ESSOR_SIRENE_DIR"] = str(work / "register")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from essor.observatory import register
    from essor.observatory.generator import generate
    from essor.observatory.importing import import_sirene
    from essor.processes.models import Process
    from essor.territories.models import Territory
    from essor.workspaces.models import Workspace

    setup_test_environment()  # the test client's host is allowed
    settings.ESSOR_OBSERVATORY_SHEET_RATE = "100000/m"
    call_command("migrate", verbosity=0)
    if not Territory.objects.filter(kind="epci").exists():
        call_command("load_territories", verbosity=0)
    n = args.establishments
    print(f"# Public observatory benchmark — {n:,} establishments".replace(",", " "))
    print(f"cpus: {os.cpu_count()}")
    if register.current_version() is None:
        files = generate(work / "files", establishments=n, formats=("parquet",))["parquet"]
        import_sirene(files.legal_units, files.establishments)
        shutil.rmtree(work / "files", ignore_errors=True)
    epci = Territory.objects.get(kind="epci", code="200069854")
    workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
    process = Process.objects.create(
        workspace=workspace, title="Plan ESS (banc)", is_published=True
    )
    process.territories.add(epci)
    shutil.rmtree(register.current_version().path / "cache", ignore_errors=True)
    client = Client()
    query = "?territoire=epci:200069854"

    def get(name: str):
        response = client.get(reverse(f"observatory:{name}", args=[process.pk]) + query)
        assert response.status_code == 200, (name, response.status_code)
        return response

    first, warm = _timed(lambda: get("page"), 5)
    print(f"page (anonymous): empty cache {first:.0f} ms, then {warm:.0f} ms (median of 5)")
    for name, repeat in (("export_csv", 5), ("export_xlsx", 5), ("organisations", 5),
                         ("sheet_pdf", 3), ("sheet_odt", 3)):  # fmt: skip
        first, warm = _timed(lambda name=name: get(name), repeat)
        size = len(get(name).content) / 1024
        print(f"{name}: first {first:.0f} ms, median {warm:.0f} ms ({size:.0f} KiB)")
    print(f"work directory: {work}")


if __name__ == "__main__":
    main()
