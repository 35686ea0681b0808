"""The follow-up XLSX: what it holds, and the round trip export -> fill in -> import."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from essor.followup import services
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.progress_files import read_files
from essor.followup.progress_import import import_progress, parse_progress
from essor.followup.spreadsheet import export_followup_xlsx

FILL_IN = ["Référence", "Action", "Année", "Statut", "Avancement (%)", "Point d’avancement",
           "Dépenses de fonctionnement", "Dépenses d’investissement"]  # fmt: skip
INDICATORS = ["Référence", "Action", "Indicateur", "Unité", "Année", "Valeur", "Cible",
              "Année cible"]  # fmt: skip


def _export(plan, year) -> io.BytesIO:
    output = io.BytesIO()
    export_followup_xlsx(plan, year, output)
    output.seek(0)
    return output


def _rows(sheet) -> dict:
    """{action title: row number} of a sheet whose column B is the action."""
    return {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}


def _summary(plan, year) -> dict:
    out = io.StringIO()
    call_command("followup_summary", plan=plan.pk, year=year, stdout=out)
    return json.loads(out.getvalue())


def _import(plan, data: bytes, name="suivi.xlsx"):
    tables = read_files([(name, io.BytesIO(data))])
    parsed = parse_progress(plan, *tables)
    assert parsed.errors == []
    return parsed, import_progress(plan, parsed, actor=None, author_label="test")


@pytest.fixture
def reported(followed):
    services.record_report(
        followed.place, year=2025, status="in_progress", actor=None, progress=40,
        note="Bail signé", spent_operating=Decimal("1500.50"),
    )  # fmt: skip
    services.record_indicator_value(followed.jobs, year=2025, value=Decimal(12), actor=None)
    return followed


def test_the_workbook_is_typed_and_frozen(reported):
    book = load_workbook(_export(reported.plan, 2025))
    assert book.sheetnames == ["Saisie 2025", "Actions", "Indicateurs"]
    fill_in = book["Saisie 2025"]
    assert [c.value for c in fill_in[1]] == FILL_IN
    assert fill_in.freeze_panes == "C2"
    rows = _rows(fill_in)
    assert set(rows) == {"Un tiers-lieu de l'ESS", "Un réseau des recycleries", "Former les élus"}
    place = [c.value for c in fill_in[rows["Un tiers-lieu de l'ESS"]]]
    assert place == ["1.1", "Un tiers-lieu de l'ESS", 2025, "En cours", 40, "Bail signé",
                     1500.5, None]  # fmt: skip
    money = fill_in.cell(row=rows["Un tiers-lieu de l'ESS"], column=7)
    assert money.data_type == "n" and "€" in money.number_format
    assert [c.value for c in fill_in[rows["Un réseau des recycleries"]]][:4] == [
        "2.1.1", "Un réseau des recycleries", 2025, "Non démarrée"]  # fmt: skip

    overview = book["Actions"]
    headers = [c.value for c in overview[1]]
    assert headers[:6] == ["Référence", "Axe", "Action", "Pilote(s)", "Début prévu", "Fin prévue"]
    assert headers[6:13] == [
        "2024 – Statut", "2024 – Avancement (%)", "2024 – Point d’avancement",
        "2024 – Budget prévu fonctionnement", "2024 – Budget prévu investissement",
        "2024 – Dépenses de fonctionnement", "2024 – Dépenses d’investissement",
    ]  # fmt: skip
    assert len(headers) == 6 + 7 * 7  # the mandate 2024-2030
    highlighted = [c.value for c in overview[1] if c.fill.start_color.rgb.endswith("FFF2CC")]
    assert highlighted and all(h.startswith("2025") for h in highlighted)
    place_row = next(
        r for r in range(2, overview.max_row + 1)
        if overview.cell(row=r, column=3).value == "Un tiers-lieu de l'ESS"
    )  # fmt: skip
    planned = overview.cell(
        row=place_row, column=headers.index("2025 – Budget prévu investissement") + 1
    )
    assert planned.value == 150000 and planned.data_type == "n"
    assert overview.cell(row=place_row, column=2).value == "1. Coopérer"
    start, end = overview.cell(row=place_row, column=5), overview.cell(row=place_row, column=6)
    assert (start.value.date(), end.value.date()) == (dt.date(2024, 9, 1), dt.date(2025, 12, 31))
    assert start.is_date and end.number_format == "DD/MM/YYYY"

    indicators = book["Indicateurs"]
    assert [c.value for c in indicators[1]] == INDICATORS
    values = [[c.value for c in row] for row in indicators.iter_rows(min_row=2)]
    place = ["1.1", "Un tiers-lieu de l'ESS", "Emplois créés", "emplois", 2025, 12, 50, 2028]
    assert place in values
    assert ["2.1.1", "Un réseau des recycleries", "Déchets enfouis", "t", 2025, None, 60,
            2028] in values  # fmt: skip


def test_an_untouched_export_imports_nothing(reported):
    parsed, written = _import(reported.plan, _export(reported.plan, 2025).getvalue())
    assert written == 0 and parsed.is_empty
    assert parsed.unchanged == 4  # three actions and the value already measured
    assert ProgressReport.objects.count() == 1 and IndicatorValue.objects.count() == 1


def test_round_trip_filled_in_as_a_user_would(reported):
    plan = reported.plan
    book = load_workbook(_export(plan, 2026))
    fill_in = book["Saisie 2026"]
    rows = _rows(fill_in)
    place, network = rows["Un tiers-lieu de l'ESS"], rows["Un réseau des recycleries"]
    # French text typed in cells, as much as numbers.
    fill_in.cell(row=place, column=4, value="Terminées")
    fill_in.cell(row=place, column=5, value="100 %")
    fill_in.cell(row=place, column=6, value="Ouvert au public en juin.")
    fill_in.cell(row=place, column=7, value="1 500,50 €")
    fill_in.cell(row=place, column=8, value=120000)
    fill_in.cell(row=network, column=4, value="bloquée")
    fill_in.cell(row=network, column=8, value="2 000 000")
    indicators = book["Indicateurs"]
    for row in indicators.iter_rows(min_row=2):
        if row[2].value == "Emplois créés" and row[4].value == 2026:
            row[5].value = "1 250,5"
        if row[2].value == "Déchets enfouis" and row[4].value == 2026:
            row[5].value = 80.25
    output = io.BytesIO()
    book.save(output)

    parsed, written = _import(plan, output.getvalue())
    assert written == 4
    assert [(r.action.title, r.status) for r in parsed.reports] == [
        ("Un tiers-lieu de l'ESS", "done"), ("Un réseau des recycleries", "blocked")]  # fmt: skip
    summary = _summary(plan, 2026)
    assert summary["actions"]["by_status"]["done"] == 1
    assert summary["actions"]["by_status"]["blocked"] == 1
    assert summary["budget"]["spent"] == {"operating": 1500.5, "investment": 2120000}
    by_name = {row["indicator"]: row for row in summary["indicators"]}
    assert (by_name["Emplois créés"]["value"], by_name["Emplois créés"]["value_year"]) == (
        1250.5, 2026)  # fmt: skip
    assert by_name["Déchets enfouis"]["value"] == 80.25
    report = ProgressReport.objects.filter(year=2026, lineage=reported.place.lineage).get()
    assert (report.progress, report.note) == (100, "Ouvert au public en juin.")
    assert report.author_label == "test"
    # The 2025 figures are untouched; the same file imported again records nothing.
    assert _summary(plan, 2025)["budget"]["spent"]["operating"] == 1500.5
    parsed, written = _import(plan, _export(plan, 2026).getvalue())
    assert written == 0 and parsed.unchanged == 6  # 3 actions, 3 values


CSV_ACTIONS = (
    "Action;Année;Statut;Avancement (%);Point d'avancement;Dépenses de fonctionnement;"
    "Dépenses d'investissement\r\n"
    "un tiers-lieu de l’ess;2026;en cours;55;Travaux;1 500 000;12,5\r\n"
    "2.1.1;2027;Non démarré(e);;;;\r\n"
    "FORMER LES ELUS;2026;Terminés;100 %;;;\r\n"
)
CSV_VALUES = (
    "Action;Indicateur;Année;Valeur\r\n"
    "Un tiers-lieu de l'ESS;emplois créés;2026;30\r\n"
    "Un réseau des recycleries;Déchets enfouis;2027;\r\n"
)


def test_csv_files_with_french_headers_and_labels(followed, tmp_path):
    actions = tmp_path / "actions.csv"
    actions.write_bytes(("\ufeff" + CSV_ACTIONS).encode())
    values = tmp_path / "valeurs.csv"
    values.write_text(CSV_VALUES, encoding="cp1252")
    out = io.StringIO()
    call_command("import_progress", str(actions), str(values), plan=followed.plan.pk, stdout=out)
    assert "2 point(s) d’avancement et 1 valeur(s)" in out.getvalue()
    summary = _summary(followed.plan, 2026)
    assert summary["actions"]["by_status"]["in_progress"] == 1
    assert summary["actions"]["by_status"]["done"] == 1
    assert summary["budget"]["spent"] == {"operating": 1500000, "investment": 12.5}
    assert {r["indicator"]: r["value"] for r in summary["indicators"]}["Emplois créés"] == 30
    assert ProgressReport.objects.filter(year=2027).count() == 0  # "non démarré": unchanged


def _queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries.captured_queries)


def _grow(followed, count: int) -> None:
    """More actions followed, each with an indicator, a value and a report."""
    from essor.plans.models import Action, Indicator

    for n in range(count):
        action = Action.objects.create(
            plan=followed.plan, axis=followed.place.axis, order=10 + n, status="retained",
            title=f"Action ajoutée {n}",
        )  # fmt: skip
        indicator = Indicator.objects.create(action=action, name="Structures", unit="nombre")
        IndicatorValue.objects.create(indicator=indicator, year=2025, value=Decimal(n))
        ProgressReport.objects.create(
            process_id=followed.plan.process_id, lineage=action.lineage, action=action,
            year=2025, status="in_progress", note="En route",
        )  # fmt: skip


def test_export_and_check_in_a_constant_number_of_queries(reported):
    plan = reported.plan

    def export():
        export_followup_xlsx(plan, 2025, io.BytesIO())

    def check():
        data = _export(plan, 2025).getvalue()
        parse_progress(plan, *read_files([("suivi.xlsx", io.BytesIO(data))]))

    small = (_queries(export), _queries(check))
    _grow(reported, 12)
    assert (_queries(export), _queries(check)) == small
    assert len(load_workbook(_export(plan, 2025))["Saisie 2025"]["A"]) == 1 + 3 + 12


def test_a_note_that_looks_like_a_formula_goes_round_unchanged(followed):
    services.record_report(
        followed.place, year=2026, status="in_progress", actor=None,
        note="-20 % de déchets ; =objectif tenu",
    )  # fmt: skip
    data = _export(followed.plan, 2026).getvalue()
    fill_in = load_workbook(io.BytesIO(data))["Saisie 2026"]
    notes = [row[5].value for row in fill_in.iter_rows(min_row=2)]
    assert "'-20 % de déchets ; =objectif tenu" in notes  # kept as text, never run
    parsed, written = _import(followed.plan, data)
    assert written == 0 and parsed.unchanged == 3
