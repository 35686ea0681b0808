"""Benchmark: what each file bomb costs the import that refuses it.

Builds every bomb of essor/core/tests/bombs.py in a temporary folder, then
reads each one in a fresh Python process (one per bomb, so that one's memory
does not hide another's) through the same function as the upload page or
command, and prints the wall time, the peak extra memory and the message.

Peak extra memory is the process's resident-set high-water mark (VmHWM,
which counts C allocations: lxml, zlib, openpyxl) during the read, minus the
resident set once Django and every parser are loaded; the mark is reset
just before the read (Linux: writing 5 to /proc/self/clear_refs), else
getrusage's ru_maxrss is used, which may hide a read lighter than start-up.

    .venv/bin/python bench/bombs.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

# (label, file name, builder name and arguments, reader)
BOMBS = [
    ("Word, 440 000 paragraphes (revue)", "paragraphes.docx", ("docx_many_paragraphs",), "notes"),
    ("Word, 440 000 paragraphes (commande)", "paragraphes.docx", None, "notes-command"),
    ("Word, 440 000 paragraphes vides", "vides.docx", ("docx_many_paragraphs", "blank"), "notes"),
    ("ODT, content.xml de 480 Mo", "notes.odt", ("odt_inflating",), "notes"),
    ("XLSX, sharedStrings de 1,5 Go", "textes.xlsx", ("xlsx_shared_strings",), "table"),
    ("XLSX, 5 millions de lignes vides", "lignes.xlsx", ("xlsx_blank_rows",), "table"),
    ("CSV, 5 millions de lignes vides", "lignes.csv", ("csv_blank_rows",), "table"),
    ("XLSX, texte partagé manquant", "manquant.xlsx", ("xlsx_missing_shared_string",), "table"),
    ("CSV, octet NUL", "nul.csv", ("csv_with_nul",), "table"),
    ("YAML, 100 000 niveaux", "profond.yaml", ("yaml_deep",), "yaml"),
]


def build(folder: Path) -> None:
    from essor.core.tests import bombs

    for _label, name, builder, _reader in BOMBS:
        if builder is None:
            continue
        function = getattr(bombs, builder[0])
        if "blank" in builder:
            function(folder / name, blank=True)
        else:
            function(folder / name)


def measure(reader: str, path: Path) -> dict:
    """In a fresh process: load everything, then read the bomb once."""
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
    django.setup()
    import docx  # noqa: F401 - loaded before the baseline, as in a running server
    import openpyxl  # noqa: F401
    from lxml import etree  # noqa: F401

    from essor.contributions.notes import MAX_IDEAS_UNREVIEWED, NotesError, parse_notes
    from essor.methods.schema import TemplateFormatError, parse_template_file
    from essor.organisations import tabular

    readers = {
        "notes": lambda: parse_notes(path.read_bytes(), path.name),
        "notes-command": lambda: parse_notes(
            path.read_bytes(), path.name, max_ideas=MAX_IDEAS_UNREVIEWED
        ),
        "table": lambda: tabular.read_table(path),
        "yaml": lambda: parse_template_file(path.read_bytes()),
    }
    baseline = _reset_high_water_mark()
    start = time.perf_counter()
    try:
        readers[reader]()
        message = "(accepté)"
    except (NotesError, TemplateFormatError, tabular.ImportFileError) as error:
        message = str(error)
    seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "extra_mb": (peak - baseline) / 1024, "message": message}


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_high_water_mark() -> int:
    """Resident set now (kB), after resetting the high-water mark where Linux allows it."""
    import resource

    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]))))
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder)
        print(f"{'bombe':40} {'fichier':>10} {'temps':>8} {'mémoire +':>10}  message")
        for label, name, _builder, reader in BOMBS:
            path = folder / name
            result = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--one", reader, str(path)],
                check=True, capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
            data = json.loads(result.stdout.strip().splitlines()[-1])
            size = f"{path.stat().st_size / 1024:,.0f} ko".replace(",", " ")
            print(
                f"{label:40} {size:>10} {data['seconds']:7.2f}s {data['extra_mb']:8.1f} Mo  "
                f"{data['message'][:90]}"
            )


if __name__ == "__main__":
    main()
