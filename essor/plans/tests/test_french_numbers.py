"""Numbers typed the French way in the action sheet: indicators, budget lines, funders."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essor.plans import lines
from essor.plans.models import Action
from essor.plans.tests.test_views import _edit_data


@pytest.mark.parametrize(
    "line,expected",
    [
        (
            "Emplois créés [ETP] 0 -> 1 500 000 (2030)",
            ("Emplois créés", "ETP", Decimal(0), Decimal(1500000), 2030),
        ),
        (
            "Budget mobilisé 1\u202f500 -> 3\u00a0000,50",
            ("Budget mobilisé", "", Decimal(1500), Decimal("3000.50"), None),
        ),
        ("Taux de réponse [%] 12,5 % -> 20 % (2028)", ("Taux de réponse", "%", Decimal("12.5"),
                                                       Decimal(20), 2028)),
        ("Nombre de SCIC [nombre] 2 -> 6 (2030)", ("Nombre de SCIC", "nombre", Decimal(2),
                                                    Decimal(6), 2030)),
        ("Objectif 2030 100 -> 200", ("Objectif 2030", "", Decimal(100), Decimal(200), None)),
        ("Structures [nombre] -> 12", ("Structures", "nombre", None, Decimal(12), None)),
    ],
)  # fmt: skip
def test_indicator_lines_accept_french_numbers(line, expected):
    (row,) = lines.parse_indicators(line)
    keys = ("name", "unit", "baseline", "target", "target_year")
    assert tuple(row[key] for key in keys) == expected


def test_indicator_with_a_wrong_target_names_the_line_and_the_format():
    with pytest.raises(ValidationError) as error:
        lines.parse_indicators("Emplois 0 -> beaucoup (2030)")
    (message,) = error.value.messages
    assert message.startswith("Ligne 1 («\u00a0Emplois 0 -> beaucoup (2030)\u00a0»)")
    assert "la cible n’est pas un nombre" in message
    assert "1\u202f500\u202f000 ou 2,5" in message


def test_budget_and_funders_accept_french_numbers():
    (budget,) = lines.parse_budget("2027 fonctionnement 1 500 000 / 1.200.000,50")
    assert (budget["planned"], budget["actual"]) == (Decimal(1500000), Decimal("1200000.50"))
    (funding,) = lines.parse_fundings("Région Nouvelle-Aquitaine : 15\u202f000 €")
    assert funding["amount"] == Decimal(15000)
    with pytest.raises(ValidationError, match="ambigu"):
        lines.parse_fundings("Région : 1.500")


def test_action_form_saves_a_french_indicator_target(setup, client_as):
    action = Action.objects.get(pk=setup.actions[1].pk)
    url = reverse("plans:action_edit", args=[setup.process.pk, action.pk])
    client = client_as("facilitator")
    response = client.post(
        url, _edit_data(action, indicators="Chiffre d’affaires [€] 0 -> 1 500 000 (2030)")
    )
    assert response.status_code == 302
    (indicator,) = action.indicators.all()
    assert (indicator.baseline, indicator.target, indicator.target_year) == (0, 1500000, 2030)
    page = client.get(reverse("plans:action", args=[setup.process.pk, action.pk])).content.decode()
    # Shown the French way; a baseline of 0 is 0, not "no value".
    assert '<td class="number">0</td><td class="number">1\u202f500\u202f000</td>' in page

    refused = client.post(url, _edit_data(action, indicators="Emplois 0 -> 1.500 (2030)"))
    assert refused.status_code == 200
    assert "la cible n’est pas un nombre" in refused.content.decode()
    assert [i.target for i in action.indicators.all()] == [1500000]  # unchanged


def test_the_examples_of_the_action_form_parse():
    """The help texts show French numbers: what they show is accepted as typed."""
    from django.utils import translation

    from essor.plans.forms import CHILD_HELP

    with translation.override("fr"):
        for name in ("budget_lines", "fundings", "indicators"):
            example = str(CHILD_HELP[name]).split("\u00a0: ", 1)[1]
            if name == "budget_lines":
                example = example.split(" (")[0]
            assert lines.PARSERS[name](example), example
