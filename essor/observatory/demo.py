"""Demo register: generated SIRENE-format files, imported like real ones (make run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from essor.observatory import register
from essor.observatory.generator import generate
from essor.observatory.importing import ImportReport, import_sirene

DEMO_SOURCE = "Données de démonstration générées au format SIRENE (pas des chiffres réels)"


def load_observatory_demo(establishments: int = 100_000) -> ImportReport | None:
    """Import a generated register unless one is already in service (never over real data)."""
    if register.current_version() is not None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), establishments=establishments, formats=("parquet",))["parquet"]
        return import_sirene(files.legal_units, files.establishments, source_name=DEMO_SOURCE)
