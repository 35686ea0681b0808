"""The package built from a clean source tree carries the compiled French catalogues.

``*.mo`` files are not in git (parallel branches edit the ``.po`` files); the
build step in setup.py compiles them, so a wheel, an image or a
``pip install .`` runs in French, not in English.
"""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
UNWANTED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info", "*.sqlite3")


def test_the_wheel_contains_every_compiled_catalogue(tmp_path):
    source = tmp_path / "source"  # as a fresh clone: no compiled catalogue anywhere
    shutil.copytree(REPO / "essor", source / "essor", ignore=UNWANTED)
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    assert not list(source.rglob("*.mo"))
    # No network in tests: the build requirements (setuptools, polib) are installed
    # with the test dependencies, so the build runs without isolation.
    subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "-q", "-w", str(tmp_path / "dist"), str(source)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("essor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        expected = {
            str(po.relative_to(source).with_suffix(".mo"))
            for po in source.glob("essor/*/locale/fr/LC_MESSAGES/django.po")
        }
        assert len(expected) > 10 and expected <= names
        catalogue = archive.read("essor/plans/locale/fr/LC_MESSAGES/django.mo")
    french = gettext.GNUTranslations(io.BytesIO(catalogue))
    assert french.gettext("Axis") == "Axe"
    assert french.gettext("not retained") == "non retenue"
