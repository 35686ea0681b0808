import pytest

from essor.bodies.tests.data import make_governance


@pytest.fixture
def gov(cast):
    return make_governance(cast)
