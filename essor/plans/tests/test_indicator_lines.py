"""The whole definition of an indicator typed on one line of the action sheet: baseline
year, direction, yearly targets and source (what the follow-up measures against)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from essor.plans import history, lines
from essor.plans.models import Action
from essor.plans.tests.test_views import _edit_data

FULL = (
    "Emplois créés [ETP] 10 (2024) -> 1 500 (2030) | en baisse "
    "| jalons 2026 = 20 / 2028 = 35,5 | source\u00a0: INSEE, base Sirene"
)


def test_a_full_line_gives_every_field():
    (row,) = lines.parse_indicators(FULL)
    assert row == {
        "name": "Emplois créés",
        "unit": "ETP",
        "baseline": Decimal(10),
        "baseline_year": 2024,
        "target": Decimal(1500),
        "target_year": 2030,
        "direction": "down",
        "yearly_targets": {"2026": "20", "2028": "35.5"},
        "source": "INSEE, base Sirene",
    }


@pytest.mark.parametrize(
    "part,key,value",
    [
        ("À la baisse", "direction", "down"),
        ("falling", "direction", "down"),
        ("en hausse", "direction", "up"),
        ("Source: DREETS", "source", "DREETS"),
        ("jalon 2027 : 1 500", "yearly_targets", {"2027": "1500"}),
        ("milestones 2027 = 12,5 %", "yearly_targets", {"2027": "12.5"}),
    ],
)
def test_each_optional_part_in_french_or_english(part, key, value):
    (row,) = lines.parse_indicators(f"Structures [nombre] 2 -> 6 (2030) | {part}")
    assert row[key] == value


def test_an_old_line_keeps_its_meaning():
    (row,) = lines.parse_indicators("Nombre de SCIC [nombre] 2 -> 6 (2030)")
    assert (row["baseline_year"], row["direction"], row["yearly_targets"], row["source"]) == (
        None,
        "up",
        {},
        "",
    )


@pytest.mark.parametrize(
    "line,message",
    [
        ("Emplois 1 -> 2 | beaucoup", "après la cible"),
        ("Emplois 1 -> 2 | jalons 2026 = plusieurs", "jalons 2026 = 20 / 2028 = 35"),
        ("Emplois 1 -> 2 | jalons 1990 = 3", "entre 2000 et 2100"),
        ("Emplois 1 (1990) -> 2", "entre 2000 et 2100"),
    ],
)
def test_a_wrong_part_names_the_line_in_french(line, message):
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        lines.parse_indicators(line)
    (text,) = error.value.messages
    assert text.startswith("Ligne 1 ")
    assert message in text


def test_the_text_of_an_indicator_reads_back_the_same():
    with translation.override("fr"):
        (row,) = lines.parse_indicators(FULL)
        text = history.indicator_text(row)
        assert text == (
            "Emplois créés [ETP] 10 (2024) -> 1\u202f500 (2030) | en baisse "
            "| jalons 2026 = 20 / 2028 = 35,5 | source\u00a0: INSEE, base Sirene"
        )
        assert lines.parse_indicators(text) == [row]
    with translation.override("en"):
        assert lines.parse_indicators(history.indicator_text(row)) == [row]


def test_the_action_form_saves_and_shows_the_definition(setup, client_as):
    action = Action.objects.get(pk=setup.actions[1].pk)
    url = reverse("plans:action_edit", args=[setup.process.pk, action.pk])
    client = client_as("facilitator")
    assert client.post(url, _edit_data(action, indicators=FULL)).status_code == 302
    (indicator,) = action.indicators.all()
    assert (indicator.direction, indicator.baseline_year, indicator.source) == (
        "down",
        2024,
        "INSEE, base Sirene",
    )
    assert indicator.yearly_targets == {"2026": "20", "2028": "35.5"}
    page = client.get(reverse("plans:action", args=[setup.process.pk, action.pk])).content.decode()
    assert "INSEE, base Sirene" in page
    assert "2028\u00a0: 35,5" in page
    # The sheet shows the line back, ready to be edited again without losing anything.
    form = client.get(url).content.decode()
    assert "jalons 2026 = 20 / 2028 = 35,5" in form

    refused = client.post(url, _edit_data(action, indicators="Emplois 1 -> 2 | beaucoup"))
    assert refused.status_code == 200
    assert "après la cible" in refused.content.decode()
    assert action.indicators.get().source == "INSEE, base Sirene"  # unchanged
