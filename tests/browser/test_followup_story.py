"""The user story of issue 10 in Chromium, with axe-core on every page visited.

A plan the council adopted two years ago (every date counted back from today): the
facilitator reads its dashboard, opens last year's reporting campaign; a pilot without an
account answers from the link of the e-mail on a phone; the facilitator reminds the late
pilot, generates and downloads the yearly report; a committee member reads and comments
but cannot edit; the committee's reorientation makes an amended version, compared with the
voted one and followed with the whole history; the public reads where the plan stands.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from essor.followup import services
from essor.followup.models import ProgressReport
from essor.followup.tests.campaigns.conftest import token_of
from essor.organisations.models import Person
from essor.plans import services as plan_services
from essor.plans import validation
from essor.plans.models import Axis
from essor.plans.services import ActionData
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

PLACE, NETWORK = "Un tiers-lieu de l'ESS", "Un réseau des recycleries"
NOTES_PUBLIC = "Les nouveaux points d’avancement sont publics, sauf si l’auteur·e décoche la case"


@dataclass
class Story:
    plan: object
    place: object  # piloted by Bruno (no account); planned to end last year: late
    network: object  # piloted by Alice; blocked since the year of the adoption
    first: int  # the year of the adoption, two years ago
    last: int  # last year, the year of the campaign


def _action(plan, actor, title, axis, **children):
    fields = {"title": title, "axis": axis, "status": "retained", **children.pop("fields")}
    return plan_services.create_action(
        plan=plan, data=ActionData(fields=fields, children=children), actor=actor
    )


def _adopted_two_years_ago(cast) -> Story:
    """Built with the plans and follow-up services, with reports and a value for the
    year of the adoption, as the follow-up demo does."""
    actor, today = cast.facilitator, timezone.localdate()
    first, last = today.year - 2, today.year - 1
    plan = plan_services.create_plan(process=cast.process, name="Plan ESS adopté", actor=actor,
                                     mandate_start=first, mandate_end=first + 6)  # fmt: skip
    axes = [
        plan_services.save_axis(Axis(plan=plan, number=n, title=t, order=i), actor=actor)
        for i, (n, t) in enumerate([("1", "Coopérer"), ("2", "Réemployer")], start=1)
    ]
    place = _action(
        plan, actor, PLACE, axes[0],
        fields={"start_date": dt.date(first, 9, 1), "end_date": dt.date(last, 6, 30)},
        budget_lines=[{"year": y, "nature": "operating", "planned": Decimal("20000")}
                      for y in (first, last)],
        indicators=[{"name": "Emplois créés", "unit": "emplois", "baseline": Decimal(10),
                     "target": Decimal(50), "target_year": first + 4}],
    )  # fmt: skip
    network = _action(
        plan, actor, NETWORK, axes[1],
        fields={"start_date": dt.date(first, 1, 1), "end_date": dt.date(first + 4, 12, 31)},
        budget_lines=[{"year": last, "nature": "investment", "planned": Decimal("50000")}],
    )  # fmt: skip
    bruno = Person.objects.create(workspace=cast.workspace, first_name="Bruno",
                                  last_name="Réseau", email="bruno@cress.example")  # fmt: skip
    alice = Person.objects.create(workspace=cast.workspace, first_name="Alice",
                                  last_name="Asso", email="alice@asso.example")  # fmt: skip
    place.pilot_people.add(bruno)
    network.pilot_people.add(alice)
    validation.record_prior_adoption(plan, adopted_on=dt.date(first, 6, 20), actor=actor)
    services.record_report(place, year=first, status="in_progress", progress=30,
                           note="Les statuts sont déposés.", spent_operating=Decimal(8000),
                           actor=actor)  # fmt: skip
    services.record_report(network, year=first, status="blocked", note="Aucun local.",
                           actor=actor)  # fmt: skip
    services.record_indicator_value(place.indicators.get(), year=first, value=Decimal(14),
                                    actor=actor)  # fmt: skip
    plan.refresh_from_db()
    return Story(plan, place, network, first, last)


def _check(page):
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def _text(page, role, name) -> str:
    return page.get_by_role(role, name=name).inner_text()


def _dashboard(page, story, year):
    years = page.get_by_role("navigation", name="Années du mandat")
    years.get_by_role("link", name=str(year), exact=True).click()
    page.get_by_role("heading", name=f"Où en est le plan en {year}").wait_for()
    assert_accessible(page)


def _facilitator_reads_the_dashboard(page, story):
    plan = story.plan
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/")
    page.get_by_role("link", name="Suivi du plan").click()
    _dashboard(page, story, story.first)
    statuses = _text(page, "table", "Actions par statut")
    assert "Bloquée\t1" in statuses and "En cours\t1" in statuses
    late = page.locator("section", has=page.get_by_role("heading", name="Actions en retard"))
    assert f"{NETWORK} — bloquée" in late.inner_text()
    by_axis = _text(page, "table", f"Actions et budget par axe en {story.first} (euros)")
    assert "1. Coopérer" in by_axis and "20\u202f000" in by_axis and "8\u202f000" in by_axis
    assert page.locator("svg.indicator-chart circle").count() == 1
    assert "14 (résultat)" in _text(page, "table", "Valeurs de Emplois créés")
    # The plan's choice: the pilots' notes are public unless internal (their form has none).
    page.get_by_label(NOTES_PUBLIC).check()
    page.get_by_role("button", name="Enregistrer les réglages de publication").click()
    page.get_by_text("Les réglages de publication ont été enregistrés.").wait_for()
    _dashboard(page, story, story.last)
    late = page.locator("section", has=page.get_by_role("heading", name="Actions en retard"))
    assert f"{PLACE} — en retard" in late.inner_text()


def _facilitator_opens_the_campaign(page, story):
    page.get_by_role("link", name="Campagnes de suivi").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir une campagne").click()
    assert_accessible(page)
    page.get_by_label("Année").select_option(str(story.last))
    deadline = timezone.localdate() + dt.timedelta(days=15)
    page.get_by_label("Date limite").fill(deadline.isoformat())
    page.get_by_label("Message aux pilotes").fill("Merci pour vos retours avant le comité !")
    page.get_by_role("button", name="Ouvrir et envoyer les e-mails").click()
    page.get_by_text("2 e-mails envoyés.").wait_for()  # the background job's page
    assert_accessible(page)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Alice Asso <alice@asso.example>",
        "Bruno Réseau <bruno@cress.example>",
    ]


def _pilot_answers_on_a_phone(phone_page, story):
    phone_page.goto(f"/demarches/suivi/lien/{token_of('bruno@cress.example')}/")
    phone_page.get_by_role("heading", name=f"Votre point d’avancement pour {story.last}").wait_for()
    _check(phone_page)
    form = phone_page.locator("form", has_text=PLACE)
    form.get_by_label("Statut").select_option(label="En cours")
    form.get_by_label("Avancement (%)").fill("60")
    form.get_by_label("Point d’avancement", exact=True).fill("Le bail est signé.")
    form.get_by_label("Dépenses de fonctionnement de l’année (€)").fill("12 500")
    form.get_by_label("Valeur de l’année : Emplois créés (emplois)").fill("22")
    form.get_by_role("button", name=f"Enregistrer le point sur « {PLACE} »").tap()
    phone_page.get_by_text(f"Votre point sur « {PLACE} » est enregistré.").wait_for()
    _check(phone_page)


def _facilitator_reminds_the_late(page, story):
    campaign = story.plan.campaigns.get()
    campaign_url = f"/demarches/{story.plan.process_id}/plan/{story.plan.pk}/suivi/campagnes/"
    page.goto(f"{campaign_url}{campaign.pk}/")
    who = page.get_by_role("table", name="Qui a répondu")
    assert "a répondu" in who.get_by_role("row", name="Bruno Réseau", exact=False).inner_text()
    assert "pas encore" in who.get_by_role("row", name="Alice Asso", exact=False).inner_text()
    assert_accessible(page)
    campaign.deadline = timezone.localdate() - dt.timedelta(days=1)  # the deadline passes
    campaign.save(update_fields=["deadline"])
    page.reload()
    who = page.get_by_role("table", name="Qui a répondu")
    assert "en retard" in who.get_by_role("row", name="Alice Asso", exact=False).inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Relancer 1 pilote en retard").click()
    page.get_by_text("1 e-mail envoyé.").wait_for()
    assert_accessible(page)
    assert mail.outbox[-1].to == ["Alice Asso <alice@asso.example>"]
    assert mail.outbox[-1].subject.startswith("Rappel")
    page.goto(f"{campaign_url}{campaign.pk}/")
    assert "relancé le" in page.get_by_role("row", name="Alice Asso", exact=False).inner_text()


def _facilitator_downloads_the_report(page, story, tmp_path):
    plan = story.plan
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/")
    page.get_by_role("link", name="Rapport annuel (ODT, DOCX, PDF, diaporama)").click()
    page.get_by_role("heading", name="Rapport annuel de suivi", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("combobox", name="Année").select_option(str(story.last))
    page.get_by_label("Texte OpenDocument (ODT)").check()
    page.get_by_role("button", name="Générer le rapport").click()
    page.get_by_text("Le rapport est prêt").wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ouvrir le résultat").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".odt"
    with zipfile.ZipFile(saved) as odt:
        content = odt.read("content.xml").decode()
    assert PLACE.replace("'", "&apos;") in content or PLACE in content
    assert "Le bail est signé." in content


def _committee_member_reads_and_comments(page, story, cast):
    plan = story.plan
    login(page, cast.committee_member.email, PASSWORD)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/?annee={story.last}")
    assert_accessible(page)
    actions = _text(page, "table", f"Chaque action en {story.last}")
    assert "En cours" in actions and "60\u202f%" in actions
    assert page.get_by_role("link", name="Importer").count() == 0
    page.get_by_role("table", name=f"Chaque action en {story.last}").get_by_role(
        "link", name=PLACE
    ).click()
    assert_accessible(page)
    assert page.get_by_role("button", name="Enregistrer le point").count() == 0
    assert page.get_by_role("button", name="Enregistrer la valeur").count() == 0
    form = page.locator("form", has_text="Ajouter le commentaire")
    form.get_by_label("Commentaire").fill("Le comité demande un point d’étape en juin.")
    form.get_by_role("button", name="Ajouter le commentaire").click()
    page.get_by_text("Votre commentaire a été ajouté.").wait_for()
    comments = page.locator("section", has=page.get_by_role("heading", name="Commentaires"))
    assert "Le comité demande un point d’étape en juin." in comments.inner_text()
    assert "Camille Copil" in comments.inner_text()
    assert_accessible(page)


def _committee_member_cannot_record(story, cast):
    """A direct POST of a report by the committee member is refused, nothing written."""
    client = Client()
    client.force_login(cast.committee_member)
    url = reverse("followup:report_add", args=[story.plan.process_id, story.plan.pk,
                                              story.place.pk])  # fmt: skip
    before = ProgressReport.objects.count()
    response = client.post(url, {"report-year": story.last, "report-status": "done"})
    assert response.status_code in (403, 404)
    assert ProgressReport.objects.count() == before


def _committee_amends_the_plan(page, story, cast):
    plan = story.plan
    login(page, cast.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{plan.process_id}/plan/{plan.pk}/suivi/")
    page.get_by_role("link", name="Amender le plan").click()
    assert_accessible(page)
    page.get_by_label("Nom de la nouvelle version").fill("Plan ESS amendé")
    page.get_by_role("button", name="Créer la copie").click()
    page.get_by_text("La copie a été créée").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=NETWORK).first.click()
    page.get_by_role("link", name="Modifier", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Priorité").select_option("high")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name=NETWORK, level=1).wait_for()
    amended = plan.process.plans.get(name="Plan ESS amendé")
    # The council votes the amended version outside Essor.
    validation.record_prior_adoption(amended, adopted_on=timezone.localdate(), actor=cast.admin)

    page.goto(f"/demarches/{plan.process_id}/plan/{amended.pk}/suivi/?annee={story.last}")
    assert_accessible(page)
    actions = _text(page, "table", f"Chaque action en {story.last}")
    assert "En cours" in actions and "60\u202f%" in actions  # the history carried over
    page.get_by_role("link", name="Voir ce que l’amendement a changé, champ par champ").click()
    assert_accessible(page)
    compare = page.locator("main").inner_text()
    assert "0 ajoutée(s), 0 retirée(s), 1 modifiée(s), 1 identique(s)." in compare
    assert NETWORK in compare and "Priorité" in compare and "haute" in compare


def _the_public_reads_the_roadmap(phone_page, story):
    process = story.plan.process
    process.is_published = True
    process.save()
    phone_page.goto(f"/demarches/{process.pk}/plan/feuille-de-route/")
    phone_page.get_by_text("Mise en œuvre").first.wait_for()
    _check(phone_page)
    place = phone_page.locator("article", has_text=PLACE).first
    text = place.inner_text()
    assert "En cours" in text and "Le bail est signé." in text
    assert re.search(r"Point d’avancement du \d\d/\d\d/\d{4}\nLe bail est signé\.", text)
    assert "Aucun local." not in phone_page.content()  # an internal note stays internal
    main = phone_page.locator("main").inner_text()
    assert "1 action suivie dans cet axe, 1 en retard." in main and re.search(
        r"Bloquée\s:\s1", main
    )
    place.get_by_role("link", name="graphiques des indicateurs de").click()
    assert "22 (résultat)" in _text(phone_page, "table", "Valeurs de Emplois créés")
    assert phone_page.locator("svg.indicator-chart circle").count() == 2
    _check(phone_page)


def test_the_follow_up_story_of_a_plan_adopted_two_years_ago(page, phone_page, cast, tmp_path):
    story = _adopted_two_years_ago(cast)
    login(page, cast.facilitator.email, PASSWORD)
    _facilitator_reads_the_dashboard(page, story)
    _facilitator_opens_the_campaign(page, story)
    _pilot_answers_on_a_phone(phone_page, story)
    _facilitator_reminds_the_late(page, story)
    _facilitator_downloads_the_report(page, story, tmp_path)
    _committee_member_reads_and_comments(page, story, cast)
    _committee_member_cannot_record(story, cast)
    _committee_amends_the_plan(page, story, cast)
    _the_public_reads_the_roadmap(phone_page, story)
    assert not page.js_errors, page.js_errors
