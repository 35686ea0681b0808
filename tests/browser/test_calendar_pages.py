"""The facilitator plans the calendar, subscribes to it and records a decision, in Chromium."""

import datetime as dt
import re

import icalendar
import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from essor.bodies.tests.data import make_governance
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


@pytest.fixture
def gov(cast, settings, live_server):
    from essor.bodies.models import Body, BodyKind

    # The subscription links are absolute: make them point at the test server.
    settings.SITE_URL = live_server.url
    governance = make_governance(cast)
    governance.cotech = Body.objects.create(
        process=cast.process, kind=BodyKind.TECHNICAL, name="Comité technique",
        short_name="COTECH", order=2,
    )  # fmt: skip
    return governance


def test_facilitator_plans_a_cotech_and_subscribes(page, gov):
    pid = gov.process.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/calendrier/")
    assert page.get_by_role("heading", name="Calendrier", level=1).is_visible()
    assert_accessible(page)

    page.locator(".page-header").get_by_role("link", name="Ajouter une réunion").click()
    assert page.get_by_role("heading", name="Nouvelle réunion").is_visible()
    assert_accessible(page)
    page.get_by_label("Type").select_option(label="Réunion d’instance")
    page.get_by_label("Titre").fill("COTECH n°1 : organiser les ateliers")
    page.get_by_label("Phase").select_option(label="Dynamique interne")
    page.get_by_label("Instance").select_option(label="COTECH")
    page.get_by_label(re.compile(r"^Date\W*$")).fill("2026-02-10")
    page.get_by_label("Heure de début").fill("09:30")
    page.get_by_label("Heure de fin").fill("08:00")
    page.get_by_label("Lieu").fill("Hôtel de ville, salle 3")
    page.get_by_role("button", name="Enregistrer").click()
    # A mistake is shown at the field, in French, and the page stays accessible.
    assert page.get_by_text("La fin doit être après le début.").is_visible()
    assert_accessible(page)
    page.get_by_label("Heure de fin").fill("12:00")
    page.get_by_role("button", name="Enregistrer").click()

    assert page.get_by_role("heading", name="COTECH n°1 : organiser les ateliers").is_visible()
    assert page.get_by_text("mardi 10 février 2026, 09:30–12:00").is_visible()
    assert page.get_by_text("La réunion a été ajoutée au calendrier.").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Calendrier", exact=True).first.click()
    internal = page.locator(
        "section.calendar-phase", has=page.get_by_role("heading", name="Dynamique interne")
    )
    assert internal.get_by_role("link", name="COTECH n°1 : organiser les ateliers").is_visible()
    assert internal.get_by_role("link", name="COPIL n°1").is_visible()

    page.get_by_role("link", name="Voir la frise").click()
    assert page.get_by_role("heading", name="Frise").is_visible()
    row = page.locator(
        "tr", has=page.get_by_role("rowheader", name=re.compile("Dynamique interne"))
    )
    february = row.locator("td").nth(1)  # columns: January, February, ...
    assert february.get_by_role("link", name="COTECH n°1 : organiser les ateliers").is_visible()
    assert page.get_by_role("columnheader", name="Février 2026").is_visible()
    assert_accessible(page)

    page.goto(f"/demarches/{pid}/calendrier/")
    page.get_by_role("link", name="S’abonner").click()
    assert page.get_by_role("heading", name="S’abonner au calendrier").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Créer un lien : lien de tout le calendrier").click()
    https_link = page.get_by_label(
        "Adresse web du fichier (à coller ou à télécharger)"
    ).input_value()
    response = page.request.get(https_link)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    cotech = events["COTECH n°1 : organiser les ateliers"]
    assert cotech["dtstart"].dt.astimezone(dt.UTC) == dt.datetime(2026, 2, 10, 8, 30, tzinfo=dt.UTC)
    assert str(cotech["location"]) == "Hôtel de ville, salle 3"
    assert "COPIL n°1" in events


def test_calendar_links_are_shown_once_renewed_and_revoked(page, gov):
    pid = gov.process.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/calendrier/abonnement/")
    expect(page.get_by_text("Il n’y a pas de lien pour le moment.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Créer un lien : lien de tout le calendrier").click()
    expect(page.get_by_text("Copiez ce lien maintenant : il ne sera plus affiché.")).to_be_visible()
    assert_accessible(page)
    first = page.get_by_label("Adresse web du fichier (à coller ou à télécharger)").input_value()
    webcal = page.get_by_label("Lien pour les applications d’agenda (webcal)").input_value()
    assert webcal.startswith("webcal://") and webcal.endswith(first.split("://", 1)[1])
    assert page.request.get(first).ok
    # The copy button appears once JavaScript runs, and copies the link.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copier le lien").last.click()
    expect(page.get_by_text("Lien copié")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == first

    # Back on the page: the link is not shown again, only that it exists.
    page.goto(f"/demarches/{pid}/calendrier/abonnement/")
    expect(page.get_by_text(re.compile("Un lien existe depuis le"))).to_be_visible()
    assert page.locator("input[readonly]").count() == 0
    assert first.rsplit("/", 1)[1] not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Renouveler : lien de tout le calendrier").click()
    second = page.get_by_label("Adresse web du fichier (à coller ou à télécharger)").input_value()
    assert second != first
    assert page.request.get(first).status == 404
    assert page.request.get(second).ok

    page.get_by_role("button", name="Révoquer : lien de tout le calendrier").click()
    expect(
        page.get_by_text("Le lien du calendrier a été révoqué : il ne fonctionne plus.")
    ).to_be_visible()
    expect(page.get_by_text("Il n’y a pas de lien pour le moment.")).to_be_visible()
    assert_accessible(page)
    assert page.request.get(second).status == 404


def test_facilitator_records_a_decision_on_the_body_meeting(page, gov):
    pid = gov.process.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/calendrier/{gov.meeting.pk}/")
    assert page.get_by_role("heading", name="COPIL n°1").is_visible()
    assert page.get_by_text("Compte rendu confidentiel").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Consigner une décision").click()
    assert page.get_by_role("heading", name="Consigner une décision").is_visible()
    assert_accessible(page)
    assert page.get_by_label("Date de la décision").input_value() == "2026-01-15"
    page.get_by_label("Issue").select_option(label="Validé")
    page.get_by_label("Ce qui a été décidé").fill("Les personnes à mobiliser sont validées.")
    page.get_by_label("Objet").fill("Liste des personnes à mobiliser")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", name="COPIL n°1").is_visible()
    assert page.get_by_text("La décision a été enregistrée.").is_visible()
    decisions = page.locator("table.decisions")
    assert decisions.get_by_text("Les personnes à mobiliser sont validées.").is_visible()
    assert_accessible(page)
    page.goto(f"/demarches/{pid}/decisions/")
    assert page.get_by_text("Les personnes à mobiliser sont validées.").is_visible()
    assert_accessible(page)


def test_calendar_and_timeline_fit_a_phone(phone_page, gov):
    login(phone_page, "animatrice@example.org", PASSWORD)
    pages = ("calendrier/", "calendrier/frise/", f"calendrier/{gov.meeting.pk}/", "decisions/")
    for path in pages:
        phone_page.goto(f"/demarches/{gov.process.pk}/{path}")
        assert_no_horizontal_overflow(phone_page)
        assert_accessible(phone_page)
    # The timeline scrolls inside its own region, reachable with the keyboard.
    phone_page.goto(f"/demarches/{gov.process.pk}/calendrier/frise/")
    wrap = phone_page.locator(".timeline-wrap")
    assert wrap.get_attribute("tabindex") == "0"
    assert phone_page.evaluate(
        "(() => { const w = document.querySelector('.timeline-wrap');"
        " return w.scrollWidth > w.clientWidth; })()"
    )
