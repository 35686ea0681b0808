"""Translation files: one locale/ folder per app (and one for core)."""

from __future__ import annotations

from pathlib import Path

import polib

ESSOR_DIR = Path(__file__).resolve().parent.parent


def app_dirs() -> list[Path]:
    """Every app folder of the essor package (those with an apps.py)."""
    return sorted(p.parent for p in ESSOR_DIR.glob("*/apps.py"))


def po_files(language: str = "fr") -> list[Path]:
    return sorted(ESSOR_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))


def compile_all(language: str = "fr") -> int:
    """Compile .po to .mo with polib, so running Essor does not need gettext."""
    count = 0
    for po_path in po_files(language):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    return count


def problems(po_path: Path) -> list[str]:
    """Untranslated or fuzzy entries of one .po file, as readable lines."""
    po = polib.pofile(str(po_path))
    found = []
    for entry in po.untranslated_entries():
        found.append(f"{po_path}: untranslated: {entry.msgid!r}")
    for entry in po.fuzzy_entries():
        found.append(f"{po_path}: fuzzy: {entry.msgid!r}")
    return found
