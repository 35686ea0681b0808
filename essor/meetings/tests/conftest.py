from types import SimpleNamespace

import pytest

from essor.bodies.tests.data import make_governance
from essor.meetings.services import renew_calendar_link


@pytest.fixture
def gov(cast):
    return make_governance(cast)


@pytest.fixture
def feeds(gov):
    """Calendar link tokens of the process and of Alice: only their hashes are stored,
    so the tests keep the tokens as a subscriber would."""
    return SimpleNamespace(
        process=renew_calendar_link(gov.process, actor=None),
        alice=renew_calendar_link(gov.alice, actor=None),
    )
