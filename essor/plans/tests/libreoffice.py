"""Having the real LibreOffice open a generated document (tests only)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but LibreOffice (soffice) is not installed.")
        pytest.skip("LibreOffice (soffice) is not installed: cannot check that it opens the file.")
    return found


def convert(source: Path, workdir: Path, to: str = "pdf", options=()) -> bytes:
    """LibreOffice opens ``source`` and converts it (to PDF by default); return the result."""
    out = workdir / "out"
    profile = workdir / "profile"
    subprocess.run(  # noqa: S603 — fixed command on our own temporary file
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", *options,
         "--convert-to", to, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = out / f"{source.stem}.{to}"
    assert converted.exists(), f"LibreOffice did not convert {source.name}"
    return converted.read_bytes()


def convert_bytes(data: bytes, suffix: str, workdir: Path, to: str = "pdf", options=()) -> bytes:
    source = workdir / f"feuille-de-route.{suffix}"
    source.write_bytes(data)
    return convert(source, workdir, to, options)
