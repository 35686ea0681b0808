"""The font of the charts and of the PDF: DejaVu Sans when installed (fonts-dejavu-core),
which has the narrow and plain non-breaking spaces French typography needs."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)


@cache
def font_path(bold: bool = False) -> str | None:
    for candidate in CANDIDATES:
        name = candidate.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") if bold else candidate
        path = Path(name)
        if path.is_file():
            return str(path)
    return None
