"""The open data package: CSV tables matching their schema, only public things, no write."""

import csv
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from essor.followup.evidence_models import FollowupSettings
from essor.followup.services import record_indicator_value
from essor.meetings.models import Audience, Meeting, MeetingKind
from essor.opendata.package import instance_package, process_package, write_package
from essor.opendata.rows import fiche_action_status
from essor.opendata.schema import FICHE_ACTION_STATUSES, TABLES
from essor.opendata.tests.conftest import INTERNAL
from essor.plans.models import Action, Indicator
from essor.portal.models import PortalSettings
from essor.workspaces.models import DataLicence

pytestmark = pytest.mark.django_db


def _export(tmp_path, *args) -> dict:
    target = tmp_path / "donnees.zip"
    call_command("export_open_data", *args, "--output", str(target), stdout=io.StringIO())
    return _read(target.read_bytes())


def _read(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    tables = {
        name[:-4]: list(csv.DictReader(io.StringIO(text)))
        for name, text in files.items()
        if name.endswith(".csv")
    }
    return {
        "files": files,
        "tables": tables,
        "descriptor": json.loads(files["datapackage.json"]),
        "raw": files,
    }


def test_process_package_matches_its_schema_and_readme(tmp_path, published):
    found = _export(tmp_path, "--process", str(published.pk))
    descriptor = found["descriptor"]
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    assert descriptor["created"] and descriptor["sources"][0]["path"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == {t.name for t in TABLES} == set(found["tables"])
    readme = found["files"]["README.md"]
    for name, resource in resources.items():
        header = found["raw"][resource["path"]].splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]], name
        for field in resource["schema"]["fields"]:
            assert field["title"] and field["description"], (name, field["name"])
        count = len(found["tables"][name])
        assert re.search(rf"{resource['path']} — .* \({count} lignes?\)", readme), name
    assert "Généré le" in readme


def test_rows_hold_the_public_facts_with_stable_identifiers(tmp_path, published, followed):
    tables = _export(tmp_path, "--process", str(published.pk))["tables"]
    key = f"grand-poitiers-{published.pk}"
    [process] = tables["processes"]
    assert process["id"] == key and process["ambition"] == "Une ESS forte.\nAvec les acteurs."
    assert process["licence"] == "Licence Ouverte 2.0 (Etalab)"
    territories = {t["territory_id"]: t for t in tables["territories"]}
    assert territories["commune:86194"]["insee_code"] == "86194"
    epci = next(t for t in tables["territories"] if t["kind"] == "epci")
    assert epci["siren"] and not epci["insee_code"]
    actions = {a["title"]: a for a in tables["actions"]}
    place = actions["Un tiers-lieu de l'ESS"]
    assert place["id"] == str(followed.place.lineage)
    assert place["implementation_status"] == "in_progress"
    assert place["public_note"] == "Le lieu ouvre au printemps"
    assert place["progress"] == "40"
    assert place["fiche_action_status"] in ("En cours", "En retard")
    assert actions["Un réseau des recycleries"]["fiche_action_status"] == "Bloqué"
    assert place["planned_budget"] == ""  # budgets are not published by default
    axis_ids = {a["id"] for a in tables["axes"]}
    assert all(a["axis_id"] in axis_ids for a in tables["actions"])
    assert {a["parent_id"] for a in tables["axes"]} - {""} <= axis_ids
    [jobs] = [i for i in tables["indicators"] if i["name"] == "Emplois créés"]
    assert jobs["id"] == str(followed.jobs.lineage) and jobs["action_id"] == place["id"]
    # The latest entry of a year is its value.
    values = [(v["indicator_id"], v["year"], v["value"]) for v in tables["indicator_values"]]
    assert values == [(jobs["id"], "2025", "24")]
    assert [m["title"] for m in tables["meetings"]] == ["Atelier ouvert"]
    assert tables["meetings"][0]["starts_at"].endswith("Z")
    assert [(t["id"], t["contribution_count"]) for t in tables["themes"]] == [(f"{key}-A", "2")]
    assert [d["summary"] for d in tables["decisions"]] == ["Feuille de route validée"]


def test_nothing_internal_appears(tmp_path, published):
    files = _export(tmp_path, "--process", str(published.pk))["files"]
    for name, text in files.items():
        for secret in INTERNAL:
            assert secret not in text, (name, secret)


def test_hidden_parts_are_left_out(tmp_path, published):
    PortalSettings.objects.filter(process=published).update(
        show_calendar=False, show_themes=False, show_decisions=False, show_roadmap=False
    )
    tables = _export(tmp_path, "--process", str(published.pk))["tables"]
    assert len(tables["processes"]) == 1 and tables["processes"][0]["plan"] == ""
    for name in ("axes", "actions", "indicators", "indicator_values", "meetings", "themes",
                 "decisions"):  # fmt: skip
        assert tables[name] == [], name


def test_instance_package_holds_only_published_processes(tmp_path, published, cast):
    cast.elsewhere.data_licence = DataLicence.ODBL_1
    cast.elsewhere.save()
    found = _export(tmp_path)
    assert [p["title"] for p in found["tables"]["processes"]] == [published.title]
    assert [lic["name"] for lic in found["descriptor"]["licenses"]] == ["etalab-2.0"]
    cast.elsewhere_process.is_published = True
    cast.elsewhere_process.save()
    found = _export(tmp_path)
    assert len(found["tables"]["processes"]) == 2
    assert [lic["name"] for lic in found["descriptor"]["licenses"]] == ["etalab-2.0", "ODbL-1.0"]
    published.is_published = False
    published.save()
    found = _export(tmp_path)
    assert [p["title"] for p in found["tables"]["processes"]] == ["Plan ESS voisin"]
    assert found["tables"]["actions"] == []


def test_export_only_reads(published):
    with CaptureQueriesContext(connection) as queries:
        write_package(process_package(published), io.BytesIO())
        write_package(instance_package(), io.BytesIO())
    statements = [q["sql"].split(None, 1)[0].upper() for q in queries.captured_queries]
    assert statements and set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "« abc » n’est pas un identifiant de démarche"),
        ("999999", "Aucune démarche publiée n’a l’identifiant 999999."),
    ],
)
def test_bad_process_id_is_a_french_error(tmp_path, published, raw, message):
    target = tmp_path / "donnees.zip"
    with pytest.raises(CommandError, match=message):
        call_command("export_open_data", "--process", raw, "--output", str(target))
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_an_unpublished_process_is_refused(tmp_path, cast):
    with pytest.raises(CommandError, match="Aucune démarche publiée"):
        call_command("export_open_data", "--process", str(cast.process.pk),
                     "--output", str(tmp_path / "x.zip"))  # fmt: skip


def test_missing_folder_is_a_french_error(tmp_path, published):
    with pytest.raises(CommandError, match="n’existe pas"):
        call_command("export_open_data", "--output", str(tmp_path / "absent" / "x.zip"))
    with pytest.raises(CommandError, match="est un dossier"):
        call_command("export_open_data", "--output", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("status", "late", "expected"),
    [
        ("not_started", False, "À venir"),
        ("not_started", True, "En retard"),
        ("in_progress", False, "En cours"),
        ("in_progress", True, "En retard"),
        ("paused", True, "En pause"),
        ("blocked", False, "Bloqué"),
        ("abandoned", False, "Abandonné"),
        ("done", True, "Terminé"),
    ],
)
def test_statuses_in_the_fiche_action_vocabulary(status, late, expected):
    assert fiche_action_status(status, late) == expected
    assert expected in FICHE_ACTION_STATUSES


def test_budgets_only_when_the_plan_publishes_them(tmp_path, published, followed):
    FollowupSettings.objects.create(plan=followed.plan, budgets_public=True)
    tables = _export(tmp_path, "--process", str(published.pk))["tables"]
    place = next(a for a in tables["actions"] if a["title"] == "Un tiers-lieu de l'ESS")
    assert place["planned_budget"] == "170000"
    assert place["spent"] == "0"


def test_query_count_does_not_grow_with_the_plan(published, followed, cast):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            write_package(process_package(published), io.BytesIO())
        return len(queries.captured_queries)

    before = count()
    for n in range(3):
        action = Action.objects.create(plan=followed.plan, axis=followed.place.axis,
                                       title=f"Action {n}", status="retained")  # fmt: skip
        indicator = Indicator.objects.create(action=action, name=f"Indicateur {n}")
        record_indicator_value(indicator, year=2025, value=Decimal(n), actor=cast.facilitator)
    Meeting.objects.create(process=published, kind=MeetingKind.WORKSHOP, title="Encore",
                           starts_at=timezone.now(), audience=Audience.PUBLIC)  # fmt: skip
    assert count() == before
