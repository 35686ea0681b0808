import pytest

from essor.workshops.tests.data import make_workshop


@pytest.fixture
def ws(cast):
    return make_workshop(cast)
