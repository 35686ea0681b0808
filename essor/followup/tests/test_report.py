"""The yearly follow-up report: its content matches the summary; each format opens in
LibreOffice (Writer, Draw, Impress) with the French labels and figures inside."""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essor.bodies.models import Body, BodyKind
from essor.decisions.models import Decision
from essor.followup import services
from essor.followup.report import ReportOptions, build_report, render_report
from essor.followup.summary import summary_contract
from essor.plans.tests.libreoffice import convert_bytes

TODAY = dt.date(2026, 5, 1)
NNBSP = "\u202f"


def report(action, actor, year, status, **fields):
    return services.record_report(action, year=year, status=status, actor=actor, **fields)[0]


@pytest.fixture
def reported(followed, cast):
    actor = cast.facilitator
    report(followed.place, actor, 2025, "blocked", progress=40, note="Permis de construire refusé",
           spent_operating=Decimal("12000.50"), spent_investment=Decimal("90000"))  # fmt: skip
    report(followed.training, actor, 2025, "done", progress=100, note="Trois sessions tenues",
           note_is_public=True)  # fmt: skip
    report(followed.network, actor, 2024, "in_progress", note="Réunion de lancement",
           spent_operating=Decimal("300"))  # fmt: skip
    for year, value in ((2024, "12"), (2025, "22")):
        services.record_indicator_value(followed.jobs, year=year, value=Decimal(value),
                                        actor=actor)  # fmt: skip
    body = Body.objects.create(process=followed.plan.process, kind=BodyKind.FOLLOW_UP,
                               name="Comité de suivi annuel")  # fmt: skip
    for day, summary in ((dt.date(2024, 11, 5), "Ancienne décision"),
                         (dt.date(2025, 10, 2), "Réorienter le tiers-lieu")):  # fmt: skip
        Decision.objects.create(body=body, decided_on=day, summary=summary, outcome="validated")
    return followed


def test_content_matches_the_summary(reported):
    plan = reported.plan
    built = build_report(plan, ReportOptions(2025), TODAY)
    summary = summary_contract(plan, 2025, TODAY)
    assert built.total == summary["actions"]["total"] == 3
    assert {code: n for code, _label, n in built.statuses} == summary["actions"]["by_status"]
    assert built.late == summary["actions"]["late"]
    assert built.blocked == 1 and built.reported == 2
    for nature in ("operating", "investment"):
        assert getattr(built.planned, nature) == summary["budget"]["planned"][nature]
        assert getattr(built.spent, nature) == summary["budget"]["spent"][nature]
    values = {(i["indicator"], i["value"], i["value_year"]) for i in summary["indicators"]}
    assert {(i.name, i.value, i.value_year) for i in built.indicators} == values
    # The blocked tiers-lieu comes with its note; the network has no note of 2025.
    [issue] = [i for i in built.issues if i.action == "Un tiers-lieu de l'ESS"]
    assert issue.note == "Permis de construire refusé" and issue.status == "bloquée"
    assert [h.action for h in built.highlights] == ["Un tiers-lieu de l'ESS", "Former les élus"]
    assert [h.public for h in built.highlights] == [False, True]
    # The decisions of the latest follow-up committee up to the end of the year.
    assert built.decisions_date == dt.date(2025, 10, 2)
    assert [d.summary for d in built.decisions] == ["Réorienter le tiers-lieu"]
    assert [a.label for a in built.axes] == ["1. Coopérer", "2. Acheter responsable"]
    assert built.axes[0].mean_progress == 70  # (40 + 100) / 2
    assert [line.name for line in built.charted] == ["Emplois créés", "Déchets enfouis"]


def test_whole_mandate_sums_the_budget_and_reads_every_note(reported):
    built = build_report(reported.plan, ReportOptions(2025, mandate=True), TODAY)
    assert built.spent.operating == Decimal("12300.50")  # 300 in 2024 + 12,000.50 in 2025
    assert built.planned.total == Decimal("175000.50")
    assert "Réunion de lancement" in [h.note for h in built.highlights]
    assert built.period == "Mandat 2024–2030, jusqu’à 2025"


def test_a_choice_of_axes_narrows_everything(reported):
    first = reported.place.axis
    built = build_report(reported.plan, ReportOptions(2025, axis_ids=(first.pk,)), TODAY)
    assert built.total == 2
    assert [i.name for i in built.indicators] == ["Emplois créés"]
    assert built.planned.total == Decimal("170000")
    assert "Réunion de lancement" not in [h.note for h in built.highlights]
    assert built.scope == "Axes choisis\u00a0: 1. Coopérer"


def _odf_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("content.xml").decode()


# What every format must show, as LibreOffice reads it back.
EXPECTED = ["Chiffres clés", "Actions en retard et bloquées", "Permis de construire refusé",
            "Budget\u00a0: prévu et dépensé", f"102{NNBSP}000,50", "Réorienter le tiers-lieu",
            "Emplois créés"]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "to", "options"),
    [("odt", "odt", []), ("docx", "odt", []),
     ("pdf", "odg", ["--infilter=draw_pdf_import"]), ("pptx", "odp", [])],
)  # fmt: skip
def test_each_format_is_opened_by_libreoffice(reported, tmp_path, fmt, to, options):
    data = render_report(reported.plan, ReportOptions(2025), fmt, TODAY)
    suffix = f"{fmt}.{fmt}" if fmt == to else fmt  # LibreOffice will not overwrite its source
    converted = convert_bytes(data, suffix, tmp_path, to=to, options=options)
    text = _odf_text(converted)
    expected = EXPECTED
    if fmt == "pdf":
        # Draw imports each piece of a line as its own shape, spaces apart: compare the
        # letters; the font embedded is DejaVu Sans (it has the non-breaking spaces).
        assert b"DejaVuSans" in data
        text = re.sub(r"\s", "", re.sub(r"<[^>]+>", "", text))
        expected = [re.sub(r"\s", "", line) for line in EXPECTED]
    for line in expected:
        assert line in text, (fmt, line)
    if fmt != "pdf":  # the charts are pictures in the file
        assert "draw:image" in text


@pytest.mark.parametrize("fmt", ["odt", "docx", "pdf", "pptx"])
def test_the_command_writes_each_format(reported, tmp_path, fmt):
    output = tmp_path / f"rapport.{fmt}"
    out = StringIO()
    call_command("export_followup_report", plan=reported.plan.pk, year=2025, format=fmt,
                 output=str(output), stdout=out)  # fmt: skip
    data = output.read_bytes()
    assert "Rapport de suivi écrit" in out.getvalue()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        assert any(name.endswith(".png") for name in names)  # the charts


def test_the_command_writes_the_follow_up_spreadsheet(reported, tmp_path):
    import openpyxl

    output = tmp_path / "suivi.xlsx"
    call_command("export_followup_report", plan=reported.plan.pk, year=2025, format="xlsx",
                 output=str(output), stdout=StringIO())  # fmt: skip
    workbook = openpyxl.load_workbook(output, read_only=True)
    assert workbook.sheetnames[0] == "Saisie 2025"
    assert {"Actions", "Indicateurs"} <= set(workbook.sheetnames)
    titles = [row[1] for row in workbook["Saisie 2025"].iter_rows(min_row=2, values_only=True)]
    assert "Un tiers-lieu de l'ESS" in titles


def test_the_command_takes_the_mandate_and_axes(reported, tmp_path):
    output = tmp_path / "rapport.odt"
    axis = reported.place.axis
    arguments = {"plan": reported.plan.pk, "year": 2025, "format": "odt", "output": str(output)}
    call_command("export_followup_report", mandate=True, axes=str(axis.pk), stdout=StringIO(),
                 **arguments)  # fmt: skip
    text = _odf_text(output.read_bytes())
    assert "Mandat 2024–2030, jusqu’à 2025" in text and "Réunion de lancement" not in text
    assert "Un tiers-lieu de l&apos;ESS" in text or "Un tiers-lieu de l'ESS" in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"plan": 0}, "Aucun plan n’a l’identifiant 0"),
     ({"year": 2031}, "hors du mandat"),
     ({"axes": "999999"}, "Axe(s) inconnu(s)"),
     ({"axes": "un,deux"}, "identifiants d’axes"),
     ({"output": "/nonexistent-folder/rapport.odt"}, "n’existe pas")],
)  # fmt: skip
def test_the_command_refuses_bad_input_in_french(reported, tmp_path, changes, message):
    arguments = {"plan": reported.plan.pk, "year": 2025, "format": "odt",
                 "output": str(tmp_path / "rapport.odt"), **changes}  # fmt: skip
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("export_followup_report", stdout=StringIO(), **arguments)
    assert not (tmp_path / "rapport.odt").exists()


def test_the_content_reads_a_fixed_number_of_queries(reported, cast):
    from essor.plans.services import ActionData, create_action

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            build_report(reported.plan, ReportOptions(2025, mandate=True), TODAY)
        return len(queries.captured_queries)

    small = count()
    # More actions in the same plan (thawed for the test: a frozen plan refuses them).
    plan = reported.plan
    frozen_at, plan.frozen_at = plan.frozen_at, None
    added = [
        create_action(plan=plan, actor=cast.facilitator, data=ActionData(
            fields={"title": f"Action {n}", "axis": reported.place.axis, "status": "retained"},
            children={"indicators": [{"name": f"Indicateur {n}", "unit": "t",
                                      "target": Decimal(5), "target_year": 2028}]},
        ))
        for n in range(6)
    ]  # fmt: skip
    plan.frozen_at = frozen_at
    for n, action in enumerate(added):
        report(action, cast.facilitator, 2025, "blocked", note=f"Point {n}")
    assert plan.actions.retained().count() == 9
    assert count() == small
