"""Benchmark: SIRENE import and ESS diagnostics on millions of generated establishments (issue 5).

    .venv/bin/python bench/observatory.py                       # 5,000,000 establishments
    .venv/bin/python bench/observatory.py --establishments 1000000 --dir /tmp/obs-bench

In one run: generates StockUniteLegale/StockEtablissement files (CSV and
Parquet) with essor.observatory.generator; imports each format with the real
import code (import_sirene, each in a child process so its peak memory is
measured alone); does the same conversion with bare DuckDB (read the needed
columns of both files, write them to Parquet) as the reference limit; then
times the diagnostic of one commune, one EPCI, one région and France (first
call, then median of 5), and of all EPCI (one batch pass, then 1,255 single
calls). Uses the default database for territories (loads them if missing).
Prints figures; asserts nothing.

    .venv/bin/python bench/observatory.py --demo

times the `make run` demo import alone (load_observatory_demo: sparse France
plus Vienne at the real density) into a fresh register, and prints the figures
the demo process shows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _django(register_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
    os.environ["ESSOR_SIRENE_DIR"] = str(register_dir)
    import django

    django.setup()


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited at exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_import(args) -> dict:
    _django(Path(args.register))
    from essor.observatory.importing import import_sirene

    started = time.perf_counter()
    report = import_sirene(Path(args.legal_units), Path(args.establishments))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows_in": report.legal_units_read + report.establishments_read,
        "establishments_kept": report.establishments,
        "peak_mb": _peak_mb(),
    }


def step_bare(args) -> dict:
    """Reference: bare DuckDB reads the needed columns as text and writes Parquet."""
    import duckdb

    from essor.observatory.sirene_format import (
        NEEDED_ESTABLISHMENT_COLUMNS,
        NEEDED_LEGAL_UNIT_COLUMNS,
    )

    con = duckdb.connect()
    con.execute("SET memory_limit = '3GB'")
    out = Path(args.register)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for path, columns, name in (
        (args.legal_units, NEEDED_LEGAL_UNIT_COLUMNS, "ul"),
        (args.establishments, NEEDED_ESTABLISHMENT_COLUMNS, "est"),
    ):
        if path.endswith(".parquet"):
            source = f"read_parquet('{path}')"
        else:
            source = f"read_csv('{path}', header = true, all_varchar = true)"
        select = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in columns)
        con.execute(
            f"COPY (SELECT {select} FROM {source}) TO '{out / name}.parquet' (FORMAT parquet)"
        )
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def _child(step: str, **paths) -> dict:
    command = [sys.executable, __file__, "--step", step]
    for key, value in paths.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"step {step} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _generate(directory: Path, n: int) -> dict:
    """Generate in a child process, so this one stays small (its children inherit nothing)."""
    import multiprocessing

    from essor.observatory.generator import generate

    context = multiprocessing.get_context("spawn")
    register_dir = os.environ["ESSOR_SIRENE_DIR"]
    with context.Pool(1, initializer=_django, initargs=(Path(register_dir),)) as pool:
        return pool.apply(
            generate, (directory,), {"establishments": n, "formats": ("csv", "parquet")}
        )


def _generate_and_import(work: Path, n: int) -> None:
    started = time.perf_counter()
    files = _generate(work / "files", n)
    print(f"generation (CSV + Parquet): {time.perf_counter() - started:.1f} s, "
          f"{files['csv'].legal_unit_rows:,} legal units, {n:,} establishments")  # fmt: skip
    for fmt in ("csv", "parquet"):
        f = files[fmt]
        size = (f.legal_units.stat().st_size + f.establishments.stat().st_size) / 1e6
        bare = _child("bare", legal_units=f.legal_units, establishments_file=f.establishments,
                      register=work / f"bare-{fmt}")  # fmt: skip
        imp = _child("import", legal_units=f.legal_units, establishments_file=f.establishments,
                     register=work / "register")  # fmt: skip
        rate = imp["rows_in"] / imp["seconds"]
        print(
            f"{fmt}: {size:.0f} MB in; import {imp['seconds']:.1f} s ({rate:,.0f} rows/s, "
            f"peak {imp['peak_mb']:.0f} MB, {imp['establishments_kept']:,} active kept); "
            f"bare DuckDB {bare['seconds']:.1f} s (peak {bare['peak_mb']:.0f} MB); "
            f"ratio {imp['seconds'] / bare['seconds']:.2f}x"
        )


def _timed(function, repeat: int = 5) -> tuple[float, float]:
    started = time.perf_counter()
    function()
    first = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def _demo(work: Path) -> None:
    """Time the demo import of `make run` and print what the demo process shows."""
    register_dir = work / "demo-register"
    shutil.rmtree(register_dir, ignore_errors=True)
    _django(register_dir)
    from django.core.management import call_command

    from essor.observatory.demo import load_observatory_demo
    from essor.observatory.diagnostic import diagnose, resolve_territory
    from essor.territories.models import Territory

    if not Territory.objects.filter(kind="epci").exists():
        call_command("load_territories")
    started = time.perf_counter()
    report = load_observatory_demo()
    seconds = time.perf_counter() - started
    print(
        f"# Observatory demo import: {seconds:.1f} s ({report.establishments:,} active "
        f"establishments kept, peak {_peak_mb():.0f} MB)"
    )
    for key in ("commune:86194", "epci:200069854", "departement:86", "region:75", "france"):
        d = diagnose(resolve_territory(key))
        share = d["ess_share"]
        print(
            f"{key}: ESS {d['ess']['establishments']:,} establishments "
            f"({d['ess']['employer_establishments']:,} employers, "
            f"{d['ess']['jobs']['central']:,} jobs) of {d['economy']['establishments']:,}; "
            f"shares {share['establishments']} % / {share['employer_establishments']} % / "
            f"jobs {share['jobs_central']} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--establishments", type=int, default=5_000_000)
    parser.add_argument("--dir", default=str(ROOT / "var" / "bench-observatory"))
    parser.add_argument(
        "--diagnostics-only", action="store_true", help="reuse the register of a previous run"
    )
    parser.add_argument("--demo", action="store_true", help="time the make run demo import")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--legal-units", help=argparse.SUPPRESS)
    parser.add_argument("--establishments-file", dest="est_file", help=argparse.SUPPRESS)
    parser.add_argument("--register", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        args.establishments = args.est_file
        step = {"import": step_import, "bare": step_bare}[args.step]
        print(json.dumps(step(args)))
        return
    work = Path(args.dir)
    if args.demo:
        _demo(work)
        return
    _django(work / "register")
    from django.core.management import call_command

    from essor.observatory import register
    from essor.observatory.diagnostic import diagnose, diagnose_all, resolve_territory
    from essor.territories.models import Territory

    n = args.establishments
    print(f"# Observatory benchmark — {n:,} establishments".replace(",", " "))
    print(f"cpus: {os.cpu_count()}")
    if not args.diagnostics_only:
        _generate_and_import(work, n)
    if not Territory.objects.filter(kind="epci").exists():
        call_command("load_territories")
    # Measure computations, not a previous run's cache.
    shutil.rmtree(register.current_version().path / "cache", ignore_errors=True)
    for key in ("commune:86194", "epci:200069854", "region:75", "france"):
        territory = resolve_territory(key)
        first, warm = _timed(lambda t=territory: diagnose(t))
        print(
            f"diagnostic {key}: computed {first * 1000:.0f} ms, then (cached) {warm * 1000:.0f} ms"
        )
    started = time.perf_counter()
    batch = diagnose_all("epci")
    print(f"all EPCI in one pass: {time.perf_counter() - started:.1f} s ({len(batch)} EPCI)")
    epcis = list(Territory.objects.filter(kind="epci").select_related("departement", "region"))
    started = time.perf_counter()
    for epci in epcis:
        diagnose(epci)
    print(
        f"all EPCI one by one: {time.perf_counter() - started:.1f} s ({len(epcis)} calls, "
        "parent shares computed once)"
    )


if __name__ == "__main__":
    main()
