import pytest
from django.core.cache import cache

from essor.surveys.tests.data import make_survey


@pytest.fixture
def srv(cast):
    return make_survey(cast)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the local-memory cache: start every test clean."""
    cache.clear()
    yield
    cache.clear()
