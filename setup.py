"""Build step of the package: compile the French catalogues into it.

The compiled catalogues (``*.mo``) are not in git, since parallel branches
edit the ``.po`` files and binaries do not merge. Without this step a wheel,
an image or a ``pip install .`` of Essor would ship only the ``.po`` files
and run in English. Everything else is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithCatalogues(build_py):
    """build_py, then every essor/*/locale/*/LC_MESSAGES/django.po compiled with polib."""

    def run(self):
        super().run()
        import polib  # build-system requirement (pyproject.toml)

        for po_path in sorted(HERE.glob("essor/*/locale/*/LC_MESSAGES/django.po")):
            relative = po_path.relative_to(HERE).with_suffix(".mo")
            # An editable install runs from the source tree: compile there.
            target = HERE / relative if self.editable_mode else Path(self.build_lib) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            polib.pofile(str(po_path)).save_as_mofile(str(target))


setup(cmdclass={"build_py": BuildPyWithCatalogues})
