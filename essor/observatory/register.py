"""The imported SIRENE register: where it lives, which import is in service.

Each import writes a new folder ``<ESSOR_SIRENE_DIR>/<version>/`` holding
``establishments.parquet`` (active establishments joined with their legal
unit, only the needed columns) and ``meta.json`` (stock date, size-band year,
counts). The text file ``CURRENT`` names the folder in service; it is replaced
atomically (``os.replace``) once a new import is complete, so readers always
see either the previous data or the new one, never a half-written import.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings

CURRENT_FILE = "CURRENT"
META_FILE = "meta.json"
ESTABLISHMENTS_FILE = "establishments.parquet"
# Imports kept besides the one in service (to go back by editing CURRENT).
KEEP_PREVIOUS = 1


def data_dir() -> Path:
    return Path(settings.SIRENE_DIR)


@dataclass(frozen=True)
class RegisterVersion:
    name: str
    path: Path
    meta: dict

    @property
    def establishments(self) -> Path:
        return self.path / ESTABLISHMENTS_FILE

    @property
    def stock_date(self) -> str:
        return self.meta.get("stock_date", "")

    @property
    def size_band_year(self) -> str:
        return self.meta.get("size_band_year", "")


def current_version(directory: Path | None = None) -> RegisterVersion | None:
    """The import in service, or None when nothing was imported yet."""
    directory = Path(directory or data_dir())
    try:
        name = (directory / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = directory / name
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (path / ESTABLISHMENTS_FILE).exists():
        return None
    return RegisterVersion(name=name, path=path, meta=meta)


def switch_to(directory: Path, name: str) -> None:
    """Put the import ``name`` in service (atomic), then drop the oldest ones."""
    pointer = directory / CURRENT_FILE
    tmp = directory / f".{CURRENT_FILE}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, pointer)
    versions = sorted(p for p in directory.iterdir() if p.is_dir() and p.name.startswith("v"))
    for old in versions[: -(KEEP_PREVIOUS + 1)]:
        if old.name != name:
            shutil.rmtree(old, ignore_errors=True)


_local = threading.local()


def connection(version: RegisterVersion):
    """A DuckDB connection (one per thread) with the view ``est`` over ``version``.

    Reused across requests of a thread so DuckDB keeps the Parquet metadata
    cached; a new import (another path) gets a new view.
    """
    con = getattr(_local, "con", None)
    if con is None:
        con = duckdb.connect()
        con.execute("SET enable_object_cache = true")
        _local.con, _local.path = con, None
    if _local.path != version.establishments:
        con.execute(
            f"CREATE OR REPLACE VIEW est AS SELECT * FROM read_parquet('{version.establishments}')"
        )
        _local.path = version.establishments
    return con
