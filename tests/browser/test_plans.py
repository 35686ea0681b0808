"""The action plan's user story, end to end in Chromium, with axe-core on every page.

A facilitator drafts a plan with two axes and several actions, links them to
the contributions they come from, makes a scenario and compares it, submits
the plan to the COTECH then the COPIL and records their decisions (the plan
is then frozen), and downloads the roadmap as ODT, DOCX and PDF, which the
real LibreOffice opens. A committee member comments; a pilot sees "my actions".
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import PASSWORD
from essor.core.tests.french import plain
from essor.plans.tests.libreoffice import convert
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


@pytest.fixture
def story(cast):
    from essor.bodies.models import Body, BodyKind
    from essor.contributions.services import add_contribution
    from essor.organisations.models import Organisation, OrganisationKind, Person

    process = cast.process
    departments = [
        Organisation.objects.create(
            workspace=cast.workspace, name=name, kind=OrganisationKind.DEPARTMENT
        )
        for name in ("Direction du développement économique", "Direction de la commande publique")
    ]
    ess = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    process.organisations.add(*departments, ess)
    Person.objects.create(workspace=cast.workspace, first_name="Claude", last_name="Contributeur",
                          organisation=ess, user=cast.contributor)  # fmt: skip
    from django.utils import timezone

    from essor.plans.tests.conftest import held_meeting

    for kind, short in ((BodyKind.TECHNICAL, "COTECH"), (BodyKind.STEERING, "COPIL")):
        body = Body.objects.create(
            process=process, kind=kind, name=f"Comité {short}", short_name=short
        )
        # The body's meetings: one held (where it decides), one still to come.
        held_meeting(body, dt.date(2026, 3, 2), f"{short} de mars")
        held_meeting(body, timezone.localdate() + dt.timedelta(days=30), f"{short} à venir")
    for text in ("Clauses sociales dans les marchés de la ville", "Un réseau des recycleries"):
        add_contribution(process=process, text=text)
    return cast


def plan_nav(page):
    return page.get_by_role("navigation", name="Vues du plan")


def _check(page):
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def _new_action(page, axis: str, title: str, *, status="retained", pilot=None, department=None):
    page.get_by_role("link", name="Nouvelle action").first.click()
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Axe", exact=True).select_option(label=axis)
    page.get_by_label("Statut").select_option(status)
    if pilot:
        page.locator("fieldset", has_text="Structures pilotes").get_by_label(pilot).check()
    if department:
        page.locator("fieldset", has_text="Directions concernées").get_by_label(department).check()
    page.get_by_label("Indicateurs").fill("Marchés avec clauses [nombre] 2 -> 12 (2029)")
    page.get_by_label("Budget par année").fill("2027 fonctionnement 15000")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/plan/actions/*/")


def _decide(page, body: str):
    page.get_by_role("link", name="Soumettre à une instance").click()
    page.get_by_label("Instance").select_option(label=body)
    page.get_by_role("button", name="Soumettre").click()
    page.get_by_role("link", name="Enregistrer la décision").click()
    _check(page)
    page.get_by_label("Validé" if body == "COPIL" else "Avis favorable").check()
    meeting = page.get_by_label("Réunion où la décision a été prise")
    options = meeting.locator("option").all_inner_texts()
    assert f"02/03/2026 — {body} de mars" in options  # held meetings of this body only
    assert not any("à venir" in o or ("COPIL" if body == "COTECH" else "COTECH") in o
                   for o in options)  # fmt: skip
    meeting.select_option(label=f"02/03/2026 — {body} de mars")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_selector("text=La décision de l’instance a été enregistrée.")


def test_plan_user_story(page, live_server, story, tmp_path):
    process = story.process
    login(page, story.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{process.pk}/")
    page.get_by_role("link", name="Plan d’action").click()
    _check(page)
    page.get_by_role("link", name="Nouveau plan").click()
    page.get_by_label("Nom").fill("Feuille de route 2027")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("text=Le plan a été créé.")
    plan_url = page.url

    for number, title in (("1", "Coopérer"), ("2", "Acheter responsable")):
        page.get_by_role("link", name="Nouvel axe").click()
        page.get_by_label("Numéro ou lettre").fill(number)
        page.get_by_label("Titre").fill(title)
        page.get_by_label("Vision").fill(f"Vision de l’axe {title}")
        if number == "1":
            _check(page)
        page.get_by_role("button", name="Enregistrer").click()
        page.wait_for_url(plan_url)

    _new_action(page, "2. Acheter responsable", "Clauses sociales", pilot="Recyclerie du Clain",
                department="Direction de la commande publique")  # fmt: skip
    _check(page)
    page.get_by_role("link", name="Lier des contributions").click()
    page.get_by_label("Clauses sociales dans les marchés de la ville").check()
    _check(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("text=Les sources de l’action ont été enregistrées.")
    page.goto(plan_url)
    _new_action(page, "1. Coopérer", "Réseau des recycleries", department="Direction du "
                "développement économique")  # fmt: skip
    page.goto(plan_url)
    page.get_by_role("link", name="Nouvelle action").first.click()
    page.get_by_label("Titre").fill("Maison de l’ESS")
    page.get_by_label("Statut").select_option("not_retained")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Indiquez pourquoi l’action n’est pas retenue").is_visible()
    _check(page)
    page.get_by_label("Raison", exact=True).fill("Pas de local disponible")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/plan/actions/*/")

    page.goto(plan_url)
    _check(page)
    overview = page.locator("main").inner_text()
    assert "Axes sans aucune contribution à l’appui" in overview and "1. Coopérer" in overview
    assert "Actions retenues sans pilote" in overview and "Réseau des recycleries" in overview
    page.get_by_label("Statut", exact=True).select_option("not_retained")
    page.get_by_role("button", name="Filtrer").click()
    assert page.get_by_role("link", name="Clauses sociales").count() == 0
    assert "Pas de local disponible" in page.locator("main").inner_text()
    for view in ("Transversalité", "Frise", "Traçabilité"):
        plan_nav(page).get_by_role("link", name=view, exact=True).click()
        _check(page)
    assert "Direction de la commande publique" in page.goto(plan_url + "transversalite/").text()

    # A scenario, edited and compared field by field.
    page.goto(plan_url)
    page.get_by_role("link", name="Créer un scénario").click()
    page.get_by_label("Nom du scénario").fill("Ambitieux")
    page.get_by_role("button", name="Créer la copie").click()
    page.wait_for_selector("text=La copie a été créée")
    page.get_by_role("link", name="Clauses sociales").click()
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_label("Priorité").select_option("high")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Historique").click()
    _check(page)
    plan_nav(page).get_by_role("link", name="Comparer", exact=True).click()
    page.get_by_role("button", name="Comparer").click()
    _check(page)
    compare = page.locator("main").inner_text()
    assert "0 ajoutée(s), 0 retirée(s), 1 modifiée(s), 2 identique(s)." in compare
    assert "Priorité" in compare and "haute" in compare and "moyenne" in compare

    # Validation: COTECH then COPIL; the plan is frozen.
    page.goto(plan_url)
    _decide(page, "COTECH")
    # A COTECH favourable opinion does not validate: no freezing, no council vote yet.
    assert "Avis favorable" in page.locator(".plan-status").inner_text()
    assert page.get_by_role("link", name="Nouvelle action").count() == 1
    assert page.get_by_role("link", name="Enregistrer le vote du conseil").count() == 0
    _decide(page, "COPIL")
    assert "Validé et figé le" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Nouvelle action").count() == 0
    _check(page)
    # The decision was taken at the COPIL of March: it shows on that meeting's page.
    page.get_by_role("link", name="COPIL de mars").click()
    _check(page)
    decisions = page.get_by_role("table", name="Décisions")
    assert "« Feuille de route 2027 » : validation" in plain(decisions.inner_text())
    page.go_back()
    page.get_by_role("link", name="Enregistrer le vote du conseil").click()
    page.get_by_label("Date du vote du conseil").fill("2026-03-26")
    page.get_by_label("Résultat").select_option(label="Adopté")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("text=Le vote du conseil a été enregistré.")
    assert "Vote du conseil du 26/03/2026" in page.locator("main").inner_text()

    # The roadmap in three formats, generated as background work, opened by LibreOffice.
    plan_url = page.url
    for fmt in ("ODT", "DOCX", "PDF"):
        page.goto(plan_url)
        page.get_by_role("button", name=fmt, exact=True).click()
        page.get_by_role("heading", name="Génération de la feuille de route").wait_for()
        assert page.locator("progress#job-bar").get_attribute("value") == "100"
        _check(page)
        with page.expect_download() as info:
            page.get_by_role("link", name="Télécharger feuille-de-route-").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        workdir = tmp_path / fmt
        workdir.mkdir()
        if fmt == "PDF":
            odt = convert(path, workdir, to="odt", options=["--infilter=writer_pdf_import"])
            assert odt.startswith(b"PK")
        else:
            assert convert(path, workdir).startswith(b"%PDF")

    # Import page and its preview.
    page.goto(f"/demarches/{process.pk}/plan/import/")
    _check(page)


def test_committee_member_comments_and_pilot_sees_my_actions(page, live_server, story):
    from essor.organisations.models import Organisation
    from essor.plans import services
    from essor.plans.models import Action
    from essor.plans.services import ActionData

    plan = services.create_plan(process=story.process, name="Plan", actor=story.facilitator)
    action = services.create_action(
        plan=plan,
        data=ActionData(fields={"title": "Réseau des recycleries", "status": "retained",
                                "pilot_organisations": [Organisation.objects.get(
                                    name="Recyclerie du Clain")]}),
        actor=story.facilitator,
    )  # fmt: skip
    login(page, story.committee_member.email, PASSWORD)
    page.goto(f"/demarches/{story.process.pk}/plan/actions/{action.pk}/")
    _check(page)
    page.get_by_label("Votre commentaire").fill("Associer la CRESS dès le départ.")
    page.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_selector("text=Votre commentaire a été ajouté.")
    page.get_by_label("Réorientation proposée").fill("Commencer par deux recycleries pilotes.")
    page.get_by_label("Réorientation proposée").press("Tab")
    page.keyboard.press("Enter")  # the "Propose" button, reached with the keyboard
    page.wait_for_selector("text=Votre réorientation a été proposée")
    assert Action.objects.get(pk=action.pk).reorientations.count() == 1
    page.context.clear_cookies()
    login(page, story.contributor.email, PASSWORD)
    page.goto(f"/demarches/{story.process.pk}/plan/mes-actions/")
    _check(page)
    assert page.get_by_role("link", name="Réseau des recycleries").is_visible()


def test_plan_pages_fit_a_phone(phone_page, live_server, story):
    from essor.plans import services
    from essor.plans.services import ActionData

    plan = services.create_plan(process=story.process, name="Plan", actor=story.facilitator)
    for index in range(6):
        services.create_action(
            plan=plan,
            data=ActionData(fields={"title": f"Action au titre assez long numéro {index}",
                                    "status": "retained"}),
            actor=story.facilitator,
        )  # fmt: skip
    login(phone_page, story.facilitator.email, PASSWORD)
    base = f"/demarches/{story.process.pk}/plan/{plan.pk}/"
    for suffix in ("", "transversalite/", "frise/", "tracabilite/", "comparer/"):
        phone_page.goto(base + suffix)
        assert_no_horizontal_overflow(phone_page)
        assert_accessible(phone_page)


def test_plan_import_lists_unknown_columns_and_refuses_a_bomb(page, story, tmp_path):
    """The preview names the columns it will not import; a zip bomb gets a French message."""
    from essor.core.tests import bombs
    from essor.plans.models import Plan
    from essor.plans.tests.test_import_labels import roadmap_csv

    login(page, story.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{story.process.pk}/plan/import/")
    page.get_by_label("Nom du plan importé").fill("Feuille publiée")
    page.get_by_label("Fichier (.xlsx ou .csv)").set_input_files(
        {"name": "feuille.csv", "mimeType": "text/csv",
         "buffer": roadmap_csv(";Commentaire interne", ";à revoir")}
    )  # fmt: skip
    page.get_by_role("button", name="Aperçu").click()
    page.get_by_text("18 actions lues.").wait_for()
    warning = page.get_by_role("status").filter(has_text="ne sont pas reconnues")
    assert warning.get_by_role("listitem").all_inner_texts() == ["Commentaire interne"]
    _check(page)
    page.get_by_role("button", name="Importer le plan").click()
    page.get_by_role("heading", name="Import d’un plan").wait_for()
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    page.get_by_text("Le plan a été importé : 18 actions.").wait_for()
    _check(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("heading", name="Feuille publiée").wait_for()
    assert Plan.objects.get(name="Feuille publiée").axes.count() == 3

    page.goto(f"/demarches/{story.process.pk}/plan/import/")
    page.get_by_label("Nom du plan importé").fill("Bombe")
    bomb = bombs.xlsx_shared_strings(tmp_path / "textes.xlsx")
    page.get_by_label("Fichier (.xlsx ou .csv)").set_input_files(str(bomb))
    page.get_by_role("button", name="Aperçu").click()
    page.get_by_text("Le fichier se décompresse en bien plus que sa taille").wait_for()
    _check(page)
    assert not Plan.objects.filter(name="Bombe").exists()


@pytest.mark.django_db(transaction=True)
def test_roadmap_progress_is_followed_until_the_worker_is_done(page, live_server, story, settings):
    """With a real queue (the database backend), the page shows the work waiting, polls
    it, and offers the download once a worker has done it; on a phone too."""
    from django.core.management import call_command

    from essor.plans import services

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    plan = services.create_plan(process=story.process, name="Plan suivi", actor=story.facilitator)
    login(page, story.facilitator.email, PASSWORD)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/demarches/{story.process.pk}/plan/{plan.pk}/")
    page.get_by_role("button", name="PDF", exact=True).click()
    page.get_by_role("heading", name="Génération de la feuille de route").wait_for()
    assert page.get_by_text("en attente").is_visible()
    assert page.locator("progress#job-bar").is_visible()
    _check(page)
    assert_no_horizontal_overflow(page)
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    link = page.get_by_role("link", name="Télécharger feuille-de-route-plan-suivi-")
    link.wait_for()  # the page polled the work and shows its end without a reload
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert "est prête" in plain(page.get_by_role("status").inner_text())
    _check(page)
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert open(info.value.path(), "rb").read(5) == b"%PDF-"
