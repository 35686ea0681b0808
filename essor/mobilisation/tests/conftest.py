import pytest

from essor.mobilisation.tests.data import make_mobilisation


@pytest.fixture
def mob(cast):
    return make_mobilisation(cast)
