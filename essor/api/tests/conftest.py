"""Fixtures of the apps the API reads, reused as they are."""

from essor.followup.tests.conftest import followed  # noqa: F401
from essor.observatory.tests.conftest import france, imported, sirene_dir  # noqa: F401
from essor.portal.tests.test_visibility import heard  # noqa: F401
