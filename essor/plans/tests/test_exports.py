"""The plan's CSV and XLSX exports, read back with the csv module and openpyxl."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from essor.plans import exports, services
from essor.plans.services import ActionData


@pytest.fixture
def budgeted(setup, cast):
    """A second budget line with cents and a funder on the setup's "Clauses sociales"."""
    action = setup.actions[1]
    services.update_action(
        action,
        data=ActionData(
            fields={"title": action.title, "axis": action.axis, "status": action.status},
            children={
                "budget_lines": [
                    {
                        "year": 2027,
                        "nature": "investment",
                        "planned": Decimal("2500.50"),
                        "actual": Decimal("1200.25"),
                    },
                ],
                "fundings": [{"funder": "Région", "amount": Decimal("1000.75")}],
            },
        ),  # fmt: skip
        actor=cast.facilitator,
        expected_version=action.version,
    )
    return setup


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_actions_follow_the_plan_order_axis_then_sub_axis(setup):
    titles = [row[4] for row in exports.action_rows(setup.plan)[1:]]
    # Axis 1's own action, then its sub-axis 1.1, then axis 2.
    assert titles == ["Maison de l'ESS", "Créer un club ESS", "Clauses sociales"]


def test_csv_with_semicolons_has_decimal_commas_and_french_dates(budgeted, client_as):
    url = reverse("plans:export", args=[budgeted.process.pk, budgeted.plan.pk, "csv"])
    rows = _csv_rows(client_as("facilitator").get(url).content)
    header = rows[0]
    clauses = next(row for row in rows if row[header.index("Titre")] == "Clauses sociales")
    assert clauses[header.index("Budget prévu total (€)")] == "2500,50"
    assert clauses[header.index("Financements totaux (€)")] == "1000,75"
    club = next(row for row in rows if row[header.index("Titre")] == "Créer un club ESS")
    assert club[header.index("Début")] == "01/01/2027"
    assert club[header.index("Budget prévu total (€)")] == "10000"


def test_xlsx_cells_are_typed_and_budgets_sum(budgeted, client_as):
    url = reverse("plans:export", args=[budgeted.process.pk, budgeted.plan.pk, "xlsx"])
    book = load_workbook(io.BytesIO(client_as("facilitator").get(url).content))
    actions = book.worksheets[0]
    header = [cell.value for cell in actions[1]]
    club = next(r for r in actions.iter_rows(min_row=2) if r[4].value == "Créer un club ESS")
    start = club[header.index("Début")]
    assert isinstance(start.value, dt.datetime) and start.value.date() == dt.date(2027, 1, 1)
    assert start.number_format == "DD/MM/YYYY"
    total = club[header.index("Budget prévu total (€)")]
    assert total.data_type == "n" and total.value == 10000
    budget = book["Budget"]
    planned = [row[4].value for row in budget.iter_rows(min_row=2)]
    assert all(isinstance(value, int | float) for value in planned)
    assert sum(planned) == pytest.approx(12500.50)
    assert [row[2].value for row in budget.iter_rows(min_row=2)] == [2027, 2027]
    funders = book["Financeurs"]
    assert [(row[2].value, row[3].value) for row in funders.iter_rows(min_row=2)] == [
        ("Région", pytest.approx(1000.75))
    ]


def test_the_xlsx_export_still_imports_as_the_same_plan(budgeted, cast, tmp_path):
    from essor.organisations.tabular import read_xlsx
    from essor.plans import importing

    path = tmp_path / "plan.xlsx"
    path.write_bytes(exports.plan_xlsx(budgeted.plan))
    parsed = importing.parse_table(budgeted.process, read_xlsx(path))
    assert parsed.is_valid, parsed.errors
    copy = importing.import_plan(budgeted.process, parsed, name="Copie", actor=cast.facilitator)
    assert sorted(copy.actions.values_list("start_date", flat=True), key=str) == sorted(
        budgeted.plan.actions.values_list("start_date", flat=True), key=str
    )
