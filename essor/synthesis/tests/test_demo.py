from io import StringIO

import pytest
from django.core.management import call_command

from essor.demo.builder import DEMO_TITLE
from essor.processes.models import Process
from essor.synthesis.tests.test_services import assert_invariant


@pytest.fixture
def reference_data(db):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())


def test_demo_process_has_a_shaped_synthesis(reference_data):
    call_command("load_demo", stdout=StringIO())
    process = Process.objects.get(title=DEMO_TITLE)
    synthesis = process.synthesis
    assert 5 <= synthesis.themes.count() <= 12
    assert synthesis.placements.count() >= 60
    assert synthesis.placements.filter(set_aside=True).count() == 1
    assert synthesis.placements.filter(contribution__survey_answers__isnull=False).exists()
    assert synthesis.themes.order_by("order").first().summary
    assert_invariant(synthesis)
