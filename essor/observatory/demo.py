"""Demo register: generated SIRENE-format files, imported like real ones (make run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from essor.observatory import register
from essor.observatory.generator import generate
from essor.observatory.importing import ImportReport, import_sirene

DEMO_SOURCE = "Données de démonstration générées au format SIRENE (pas des chiffres réels)"
# The demo process looks at Grand Poitiers (Vienne): that département is generated at the
# real national density, so its figures have a realistic size; the rest of France stays
# a sparse sample, enough for the comparison shares (ratios) and to keep `make run` fast.
DEMO_DENSE_DEPARTEMENTS = {"86": 1.0}


def load_observatory_demo(
    establishments: int = 100_000, dense_departements: dict[str, float] | None = None
) -> ImportReport | None:
    """Import a generated register unless one is already in service (never over real data)."""
    if register.current_version() is not None:
        return None
    if dense_departements is None:
        dense_departements = DEMO_DENSE_DEPARTEMENTS
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(
            Path(tmp),
            establishments=establishments,
            formats=("parquet",),
            dense_departements=dense_departements,
        )["parquet"]
        return import_sirene(files.legal_units, files.establishments, source_name=DEMO_SOURCE)
