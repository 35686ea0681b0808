"""Years typed in the lines of an action (milestones, budget, indicator targets) are
limited to 2000–2100 like every date of a form: year 9999 was accepted."""

import pytest
from django.core.exceptions import ValidationError

from essor.plans.lines import parse_budget, parse_indicators, parse_milestones

YEAR = "indiquez une année entre 2000 et 2100."


@pytest.mark.parametrize(
    ("parse", "line"),
    [
        (parse_milestones, "15/03/9999 Lancement de l’appel à projets"),
        (parse_milestones, "15/03/1999 Lancement"),
        (parse_budget, "9999 fonctionnement 10 000"),
        (parse_indicators, "Emplois créés [ETP] 0 -> 15 (9999)"),
    ],
)
def test_a_year_out_of_range_is_refused_at_its_line(parse, line):
    with pytest.raises(ValidationError) as refused:
        parse(f"{line}\n")
    [message] = refused.value.messages
    assert message.startswith("Ligne 1") and message.endswith(YEAR)


def test_years_in_range_are_read():
    assert parse_milestones("15/03/2027 Lancement")[0]["date"].year == 2027
    assert parse_budget("2027 fonctionnement 10 000")[0]["year"] == 2027
    assert parse_indicators("Emplois [ETP] 0 -> 15 (2030)")[0]["target_year"] == 2030


def test_the_action_form_refuses_year_9999_in_milestones(cast):
    from essor.plans import services
    from essor.plans.forms import ActionForm

    plan = services.create_plan(process=cast.process, name="Plan", actor=cast.facilitator)
    form = ActionForm({"milestones": "15/03/9999 Lancement"}, plan=plan)
    assert not form.is_valid()
    assert YEAR in form.errors["milestones"][0]
