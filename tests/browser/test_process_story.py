"""The user story of the foundation, end to end in Chromium.

A facilitator logs in, creates the ESS action-plan process of Grand Poitiers
and Poitiers from the consultancy method, sets up the COPIL and the COTECH
with their members, plans the calendar, sees it as a timeline by phase and
subscribes to it from a calendar application (the .ics file is parsed).
"""

from __future__ import annotations

import re
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

TEMPLATE_SLUG = "methode-cabinet-3-phases"


@pytest.fixture
def reference_data(transactional_db):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())


@pytest.fixture
def directory(reference_data):
    from essor.accounts.models import User
    from essor.organisations.models import Organisation, OrganisationKind, Person
    from essor.workspaces.models import Workspace, WorkspaceMember, WorkspaceRole

    facilitator = User.objects.create_user(
        "nadia@example.org", PASSWORD, full_name="Nadia Berthelot"
    )
    workspace = Workspace.objects.create(name="Grand Poitiers", slug="grand-poitiers")
    WorkspaceMember.objects.create(workspace=workspace, user=facilitator, role=WorkspaceRole.ADMIN)
    city = Organisation.objects.create(
        workspace=workspace,
        name="Direction du développement économique",
        kind=OrganisationKind.DEPARTMENT,
    )
    network = Organisation.objects.create(
        workspace=workspace, name="Réseau ESS 86", kind=OrganisationKind.NETWORK
    )
    people = {
        "garnier": Person.objects.create(workspace=workspace,
            first_name="Hélène", last_name="Garnier", organisation=city,
            role_title="Vice-présidente ESS",
        ),
        "lefevre": Person.objects.create(workspace=workspace,
            first_name="Jean-Marc", last_name="Lefèvre", organisation=city
        ),
        "riviere": Person.objects.create(workspace=workspace,
            first_name="Paul", last_name="Rivière", organisation=network
        ),
        "berthelot": Person.objects.create(workspace=workspace,
            first_name="Nadia", last_name="Berthelot", organisation=city, user=facilitator,
            email="nadia@example.org",
        ),
    }  # fmt: skip
    return facilitator, people


def field(page, label: str):
    """The form field of that label (required fields add an aria-hidden "*")."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def tab(page, name: str):
    """A tab of the process (the breadcrumb may hold a link of the same name)."""
    return page.get_by_role("navigation", name="Rubriques de la démarche").get_by_role(
        "link", name=name, exact=True
    )


def add_member(page, person_label: str, role: str) -> None:
    field(page, "Personne").select_option(label=person_label)
    page.get_by_label("Rôle dans l’instance").fill(role)
    page.get_by_role("button", name="Ajouter à l’instance").click()
    page.get_by_text("Le membre a été ajouté.").wait_for()


def plan_meeting(page, process_id: int, **fields) -> None:
    page.goto(f"/demarches/{process_id}/calendrier/nouvelle/")
    field(page, "Type").select_option(label=fields["kind"])
    field(page, "Titre").fill(fields["title"])
    field(page, "Phase").select_option(label=fields["phase"])
    if "body" in fields:
        field(page, "Instance").select_option(label=fields["body"])
    field(page, "Date").fill(fields["date"])
    page.get_by_label("Heure de début").fill(fields["start"])
    page.get_by_label("Heure de fin").fill(fields["end"])
    page.get_by_label("Lieu").fill(fields["place"])
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name=fields["title"]).wait_for()


def test_facilitator_sets_up_the_process_end_to_end(
    page, phone_page, directory, settings, live_server
):
    from essor.methods.models import MethodTemplate
    from essor.processes.models import Process

    settings.SITE_URL = live_server.url  # the subscription links point to this server
    template = MethodTemplate.objects.get(slug=TEMPLATE_SLUG)
    login(page, "nadia@example.org", PASSWORD)
    assert_accessible(page)

    # Create the process from the method template, for the EPCI and its city.
    page.get_by_role("link", name="Créer une démarche").first.click()
    assert_accessible(page)
    field(page, "Titre").fill("Plan d’action ESS du Grand Poitiers")
    territory = field(page, "Territoire")
    territory.press_sequentially("grand poit", delay=30)
    # The suggestions come from the territories search while typing.
    page.locator('#territory_1-suggestions option[value="epci:200069854"]').wait_for(
        state="attached"
    )
    territory.fill("epci:200069854")
    page.get_by_label("Deuxième territoire").fill("commune:86194")
    page.get_by_label("Modèle de méthode").select_option(label=template.name)
    page.get_by_label("Date de début").fill("2026-09-07")
    page.get_by_label("Ambition politique").fill(
        "<p>Un premier plan à deux échelles.</p><script>alert('x')</script>"
    )
    page.get_by_role("button", name="Créer la démarche").click()
    page.get_by_text("La démarche a été créée.").wait_for()
    process = Process.objects.get(title="Plan d’action ESS du Grand Poitiers")
    assert page.get_by_text("Un premier plan à deux échelles.").is_visible()
    assert "alert" not in page.locator("main").inner_html()
    assert_accessible(page)

    # The phases come from the template, dated from the start date.
    tab(page, "Phases").click()
    assert page.locator("section.phase-card").count() == process.phases.count() == 3
    assert_accessible(page)

    # Governance: COPIL and COTECH were created by the template; add their members.
    tab(page, "Gouvernance").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Comité de pilotage")).click()
    add_member(page, "Garnier Hélène (Direction du développement économique)", "Présidente")
    add_member(page, "Lefèvre Jean-Marc (Direction du développement économique)", "Membre")
    assert_accessible(page)
    tab(page, "Gouvernance").click()
    page.get_by_role("link", name=re.compile(r"^Comité technique")).click()
    add_member(page, "Berthelot Nadia (Direction du développement économique)", "Animatrice")
    add_member(page, "Rivière Paul (Réseau ESS 86)", "Membre")
    copil, cotech = process.bodies.order_by("order")[:2]
    assert copil.members.count() == 2 and cotech.members.count() == 2

    # The calendar of the whole process.
    phases = list(process.phases.order_by("order"))
    meetings = [
        {"kind": "Réunion d’instance", "title": "COPIL n°1 : lancement",
         "phase": phases[0].name, "body": str(copil), "date": "2026-09-10", "start": "10:00",
         "end": "12:00", "place": "Hôtel de ville"},
        {"kind": "Atelier", "title": "Atelier directions : freins et leviers",
         "phase": phases[0].name, "date": "2026-10-01", "start": "14:00", "end": "17:00",
         "place": "Hôtel de ville, salle 3"},
        {"kind": "Réunion d’instance", "title": "COTECH n°1 ; organisation, ateliers",
         "phase": phases[1].name, "body": str(cotech), "date": "2026-11-03", "start": "09:30",
         "end": "11:30", "place": "Visioconférence"},
        {"kind": "Vote en conseil", "title": "Vote en conseil communautaire",
         "phase": phases[2].name, "date": "2027-03-26", "start": "18:00", "end": "21:00",
         "place": "Hôtel de la communauté urbaine"},
    ]  # fmt: skip
    for index, meeting in enumerate(meetings):
        plan_meeting(page, process.pk, **meeting)
        if index == 0:
            assert_accessible(page)
    tab(page, "Calendrier").click()
    assert_accessible(page)
    for meeting in meetings:
        assert page.get_by_role("link", name=meeting["title"]).is_visible()

    # The timeline: phases as rows, months as columns.
    tab(page, "Frise").click()
    assert_accessible(page)
    timeline = page.locator("main")
    for phase in phases:
        assert timeline.get_by_text(phase.name).first.is_visible()
    assert timeline.get_by_text("COPIL n°1 : lancement").first.count() == 1

    # Subscribe: the private .ics URL imports cleanly in a calendar parser.
    tab(page, "Calendrier").click()
    page.get_by_role("link", name="S’abonner").click()
    assert_accessible(page)
    # A link is made on demand and shown once (only its hash is kept).
    page.get_by_role("button", name="Créer un lien : lien de tout le calendrier").click()
    feed_url = page.get_by_label("Adresse web du fichier (à coller ou à télécharger)").input_value()
    response = page.request.get(feed_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {m["title"] for m in meetings}
    copil_event = events["COPIL n°1 : lancement"]
    start = copil_event.decoded("DTSTART")
    assert (start.year, start.month, start.day) == (2026, 9, 10)
    assert start.utcoffset().total_seconds() == 2 * 3600  # 10:00 in Paris, summer time
    assert str(events["COTECH n°1 ; organisation, ateliers"]["LOCATION"]) == "Visioconférence"

    # The personal feed holds the meetings of the bodies Nadia sits in.
    page.get_by_role("button", name="Créer un lien : mon lien personnel").click()
    personal = page.get_by_label("Adresse web du fichier (à coller ou à télécharger)").last
    assert "/ical/personne/" in personal.input_value()
    mine = icalendar.Calendar.from_ical(page.request.get(personal.input_value()).body())
    assert {str(e["SUMMARY"]) for e in mine.walk("VEVENT")} == {
        "COTECH n°1 ; organisation, ateliers"
    }

    # Members: a committee member is invited by e-mail.
    tab(page, "Membres").click()
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("elu@example.org")
    page.get_by_label("Nom complet").fill("Élie Élu")
    field(page, "Rôle").select_option(label="Membre d’instance")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.get_by_text("elu@example.org a reçu ce rôle et en est informé par e-mail").wait_for()
    assert_accessible(page)
    assert page.js_errors == []

    # On a phone, the timeline and the calendar stay readable without side scrolling.
    login(phone_page, "nadia@example.org", PASSWORD)
    for path in ("frise/", ""):
        phone_page.goto(f"/demarches/{process.pk}/calendrier/{path}")
        assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)
