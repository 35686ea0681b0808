"""The three new capabilities read as one, in Chromium with axe-core.

A facilitator links an action of the plan to a synthesis theme from the
action form (with the keyboard), then sees "taken up by" on the wall and, from
each contribution, its theme and its action. Once the plan is validated and the
process published, an anonymous visitor reads the roadmap's public page, also
on a phone.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import PASSWORD
from essor.core.tests.french import plain
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


@pytest.fixture
def joined(cast):
    from essor.bodies.models import Body, BodyKind
    from essor.contributions.services import add_contribution
    from essor.organisations.models import Organisation, OrganisationKind
    from essor.plans import services
    from essor.plans.models import Axis
    from essor.plans.services import ActionData
    from essor.synthesis import services as synthesis

    process = cast.process
    ess = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    process.organisations.add(ess)
    for kind, short in ((BodyKind.TECHNICAL, "COTECH"), (BodyKind.STEERING, "COPIL")):
        Body.objects.create(process=process, kind=kind, name=f"Comité {short}", short_name=short)
    contribution = add_contribution(process=process, text="Un lieu pour se croiser entre acteurs")
    wall = synthesis.synthesis_for(process)
    wall.include_other = True
    wall.save()
    theme = synthesis.create_theme(wall, "Un lieu commun", actor=cast.facilitator)
    synthesis.place(wall, contribution.pk, theme, actor=cast.facilitator)
    plan = services.create_plan(process=process, name="Feuille de route 2027", actor=cast.admin)
    axis = services.save_axis(Axis(plan=plan, number="1", title="Coopérer"), actor=cast.admin)
    action = services.create_action(
        plan=plan,
        data=ActionData(
            fields={"title": "Ouvrir un tiers-lieu", "axis": axis, "status": "retained",
                    "description": "Un lieu ouvert aux acteurs de l'ESS",
                    "start_date": dt.date(2027, 1, 1), "pilot_organisations": [ess],
                    "notes": "Note interne"},
            children={"indicators": [{"name": "Structures accueillies", "unit": "nombre",
                                      "baseline": 0, "target": 12, "target_year": 2029}]},
        ),
        actor=cast.admin,
    )  # fmt: skip
    action.contributions.add(contribution)
    return cast, plan, action, theme


def _validate_and_publish(cast, plan):
    from essor.bodies.models import Body
    from essor.plans import validation
    from essor.plans.tests.conftest import decide

    for short in ("COTECH", "COPIL"):  # the COPIL's validation freezes the plan
        body = Body.objects.get(process=cast.process, short_name=short)
        submission = validation.submit_plan(plan, body=body, actor=cast.facilitator)
        decide(submission, cast.facilitator)  # at a meeting of the body already held
    plan.refresh_from_db()
    assert plan.is_frozen
    cast.process.is_published = True
    cast.process.save()


def test_action_takes_up_a_theme_seen_from_wall_and_contributions(page, joined):
    cast, plan, action, theme = joined
    process = cast.process.pk
    login(page, cast.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{process}/plan/actions/{action.pk}/modifier/")
    box = page.get_by_label("A. Un lieu commun")
    box.focus()
    page.keyboard.press("Space")  # checked with the keyboard
    assert box.is_checked()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/plan/actions/{action.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="A. Un lieu commun").click()
    page.wait_for_url(f"**/demarches/{process}/synthese/**")
    taken_up = page.locator(f"#theme-{theme.pk} .taken-up")
    assert "Reprise par" in taken_up.inner_text()
    assert_accessible(page)
    taken_up.get_by_role("link", name="action « Ouvrir un tiers-lieu »").click()
    page.wait_for_url(f"**/plan/actions/{action.pk}/")
    page.goto(f"/demarches/{process}/plan/actions/{action.pk}/historique/")
    assert "Thèmes de la synthèse" in page.content()
    page.goto(f"/demarches/{process}/contributions/")
    row = page.get_by_role("row", name="Un lieu pour se croiser")
    assert row.get_by_role("link", name="A. Un lieu commun").is_visible()
    assert row.get_by_role("link", name="Ouvrir un tiers-lieu").is_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_anonymous_visitor_reads_the_published_roadmap(page, phone_page, joined):
    cast, plan, action, theme = joined
    process = cast.process.pk
    # Not validated, not published: nothing to read (asked outside the page: no console error).
    assert page.request.get(f"/demarches/{process}/plan/feuille-de-route/").status == 404
    _validate_and_publish(cast, plan)
    page.goto(f"/demarches/{process}/")
    page.get_by_role("link", name="Feuille de route", exact=True).click()
    page.wait_for_url(f"**/demarches/{process}/plan/feuille-de-route/")
    assert page.get_by_role("heading", name="1. Coopérer").is_visible()
    assert page.get_by_role("heading", name="Ouvrir un tiers-lieu").is_visible()
    text = page.inner_text("main")
    assert "Recyclerie du Clain" in text and "Structures accueillies" in text
    assert "Note interne" not in text
    assert_accessible(page)
    assert not page.js_errors, page.js_errors
    phone_page.goto(f"/demarches/{process}/plan/feuille-de-route/")
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)


def test_renaming_a_theme_after_validation_asks_first_and_spares_the_frozen_plan(page, joined):
    from essor.plans import scenarios
    from essor.plans.models import PlanKind

    cast, plan, action, theme = joined
    process = cast.process.pk
    action.synthesis_themes.add(theme)
    _validate_and_publish(cast, plan)
    draft = scenarios.duplicate_plan(plan, name="V2", kind=PlanKind.VERSION, actor=cast.admin)
    copy = draft.actions.get(lineage=action.lineage)
    login(page, cast.facilitator.email, PASSWORD)
    page.goto(f"/demarches/{process}/synthese/")
    section = page.locator(f"#theme-{theme.pk}")
    section.get_by_text("Renommer, résumer, fusionner, scinder le thème A").click()
    section.get_by_label("Titre").fill("Un tiers-lieu de l’ESS")
    section.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", name="Renommer le thème ?").is_visible()
    impact = plain(page.locator("main").inner_text())
    assert "1 action de la version de travail « V2 » affiche le nouveau titre." in impact
    assert "La version validée « Feuille de route 2027 » garde ce qu’elle affiche" in impact
    assert_accessible(page)
    page.get_by_role("button", name="Oui, renommer le thème").click()
    page.wait_for_selector("text=Thème A enregistré.")
    page.goto(f"/demarches/{process}/plan/actions/{action.pk}/")
    assert page.get_by_role("link", name="A. Un lieu commun").is_visible()
    page.goto(f"/demarches/{process}/plan/actions/{copy.pk}/")
    assert page.get_by_role("link", name="A. Un tiers-lieu de l’ESS").is_visible()
    assert not page.js_errors, page.js_errors
