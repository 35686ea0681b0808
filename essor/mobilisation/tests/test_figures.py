"""The dashboard's figures on a known dataset, checked exactly."""

import csv
import io

import pytest
from django.urls import reverse

from essor.mobilisation.categories import category_of, centre_of
from essor.mobilisation.figures import build_dashboard
from essor.organisations.models import Organisation, Person
from essor.processes.models import Process
from essor.territories.models import Territory


def _rows(groups):
    return {
        g.key: (g.invited, g.present, g.people_present_count, g.at_last_meeting) for g in groups
    }


def test_figures_per_meeting(mob):
    figures = build_dashboard(mob.process)
    rows = [
        (f.meeting.title, f.invited, f.emailed, f.yes, f.no, f.present, f.excused, f.absent, f.rate)
        for f in figures.meetings
    ]
    assert rows == [
        ("Atelier 1", 6, 3, 2, 1, 4, 1, 1, 67),
        ("Atelier 2", 5, 0, 0, 0, 3, 0, 1, 60),
        ("COTECH n°1", 2, 0, 0, 0, 0, 0, 0, 0),
        ("Atelier 3", 1, 1, 1, 0, 0, 0, 0, None),  # not held yet: no rate
    ]
    assert figures.meetings_without_list == 1
    assert figures.last_meeting == mob.m2  # COTECH n°1 has nobody ticked present


def test_figures_by_kind_of_organisation(mob):
    figures = build_dashboard(mob.process)
    assert _rows(figures.categories) == {
        "ess_association": (3, 2, 1, 1),
        "ess_cooperative": (1, 1, 1, 0),
        "ess_mutual": (1, 1, 1, 1),
        "ess_foundation": (1, 0, 0, 0),
        "ess_company": (0, 0, 0, 0),  # invited to Atelier 3 only, still to come
        "ess_other": (0, 0, 0, 0),
        "departments": (1, 1, 1, 0),
        "elected": (3, 1, 1, 1),
        "public_bodies": (0, 0, 0, 0),
        "conventional": (2, 0, 0, 0),
        "citizens": (1, 1, 1, 0),
    }
    assert [g.key for g in figures.missing_categories] == [
        "ess_cooperative", "ess_foundation", "ess_company", "ess_other", "departments",
        "public_bodies", "conventional", "citizens",
    ]  # fmt: skip


def test_figures_by_commune_centre_is_the_largest_commune_of_the_epci(mob):
    figures = build_dashboard(mob.process)
    assert figures.centre == mob.poitiers
    assert _rows(figures.communes) == {
        "centre": (7, 4, 3, 2),
        "other": (3, 1, 1, 0),  # not counting the invitation to Atelier 3, still to come
        "unknown": (3, 2, 2, 1),
    }


def test_only_meetings_held_count(mob):
    """A "present" ticked ahead for an upcoming meeting (entered before the rule) counts nowhere."""
    from essor.meetings.models import Attendance

    Attendance.objects.filter(meeting=mob.m4).update(status="present")
    Attendance.objects.create(meeting=mob.m4, person=mob.people.citizen, status="absent")
    figures = build_dashboard(mob.process)
    upcoming = next(f for f in figures.meetings if f.meeting == mob.m4)
    assert (upcoming.invited, upcoming.yes, upcoming.present, upcoming.absent) == (2, 1, 0, 0)
    assert _rows(figures.categories)["ess_company"] == (0, 0, 0, 0)
    assert _rows(figures.categories)["citizens"] == (1, 1, 1, 0)
    assert figures.last_meeting == mob.m2


def test_organisations_never_present_at_a_workshop(mob):
    figures = build_dashboard(mob.process)
    assert figures.workshops_held == 2  # Atelier 3 is still to come
    assert [o.name for o in figures.never_present] == [
        "Association jamais venue", "CCI de la Vienne", "Collectif d'habitants", "ESUS Repair",
        "Fondation Solidaire", "France Travail", "Garage Dupont", "Structure ESS sans famille",
    ]  # fmt: skip


def test_empty_process(cast):
    figures = build_dashboard(cast.process)
    assert figures.meetings == [] and figures.last_meeting is None
    assert figures.missing_categories == []
    assert figures.workshops_held == 0


@pytest.mark.parametrize(
    "kind,family,role,body_role,expected",
    [
        ("department", "not_ess", "Directeur adjoint", "", "departments"),
        ("department", "not_ess", "Vice-Président délégué", "", "elected"),
        ("public_body", "not_ess", "Présidente", "", "elected"),
        ("ess", "association", "Présidente", "", "ess_association"),
        ("ess", "association", "Vice-président", "", "ess_association"),
        ("ess", "association", "Conseillère municipale", "", "elected"),
        ("business", "not_ess", "", "Élue référente", "elected"),
        ("business", "not_ess", "Gérant", "", "conventional"),
        ("network", "not_ess", "", "", "conventional"),
        ("business", "cooperative", "", "", "ess_cooperative"),
        ("ess", "not_ess", "", "", "ess_other"),
        ("ess", "ess_company", "", "", "ess_company"),
        ("citizens", "not_ess", "", "", "citizens"),
        ("public_body", "not_ess", "Chargée de mission", "", "public_bodies"),
        (None, None, "Maire de Buxerolles", "", "elected"),
        (None, None, "Sénatrice", "", "elected"),
        (None, None, "", "", "citizens"),
        (None, None, "Vice-président", "", "elected"),
    ],
)
def test_category_rules(db, kind, family, role, body_role, expected):
    organisation = Organisation(name="X", kind=kind, ess_family=family) if kind else None
    person = Person(last_name="Test", organisation=organisation, role_title=role)
    assert category_of(person, [body_role] if body_role else []) == expected


def test_centre_is_the_process_commune_when_it_has_one(cast):
    small = Territory.objects.create(kind="commune", code="86041", name="Buxerolles", population=1)
    cast.process.territories.add(small)
    assert centre_of(cast.process) == small
    region_only = Process.objects.create(workspace=cast.workspace, title="Région")
    region_only.territories.add(Territory.objects.get(code="75"))
    assert centre_of(region_only) is None
    assert _rows(build_dashboard(region_only).communes) == {
        "centre": (0, 0, 0, 0), "other": (0, 0, 0, 0), "unknown": (0, 0, 0, 0),
    }  # fmt: skip


def test_dashboard_page_and_csv(client_as, mob):
    url = reverse("mobilisation:dashboard", args=[mob.process.pk])
    html = client_as("facilitator").get(url).content.decode()
    assert "Qui manque" in html
    assert "Aucune personne présente à la dernière réunion (Atelier 2" in html
    assert "Association jamais venue" in html
    assert "Centre\u00a0: Poitiers" in html
    assert "<svg" in html and html.count("<caption id=") == 3
    assert "67 %" in html
    response = client_as("facilitator").get(reverse("mobilisation:export", args=[mob.process.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Réunions"]
    assert rows[2][1:] == ["Atelier 1", "6", "3", "2", "1", "4", "1", "1"]
    kinds = rows.index(["Par type d’organisation"])
    assert rows[kinds + 2] == ["ESS\u00a0: associations", "3", "2", "1", "1"]
    communes = rows.index(["Par commune"])
    assert rows[communes + 2] == ["Centre\u00a0: Poitiers", "7", "4", "3", "2"]
    assert rows[communes + 4] == ["Commune inconnue", "3", "2", "2", "1"]


def test_dashboard_of_a_process_without_meetings(client_as, cast):
    html = (
        client_as("facilitator")
        .get(reverse("mobilisation:dashboard", args=[cast.process.pk]))
        .content.decode()
    )
    assert "Aucune réunion n’a encore de liste de présences" in html


def test_dashboard_csv_bytes(mob):
    """The shared CSV writer (essor.core.spreadsheet): BOM, ";", CRLF, formulas kept as text,
    the meeting's moment in Paris time and French order."""
    from django.utils import timezone

    from essor.meetings.models import Meeting
    from essor.meetings.sheet import PARIS
    from essor.mobilisation.export import dashboard_csv

    meeting = Meeting.objects.get(process=mob.process, title="Atelier 1")
    Meeting.objects.filter(pk=meeting.pk).update(title="=SOMME(A1:A9)")
    data = dashboard_csv(build_dashboard(mob.process))
    assert data.startswith("\ufeffRéunions\r\nDate;Réunion;".encode())
    start = timezone.localtime(meeting.starts_at, PARIS).strftime("%d/%m/%Y %H:%M")
    assert f"\r\n{start};'=SOMME(A1:A9);6;3;2;1;4;1;1\r\n".encode() in data
