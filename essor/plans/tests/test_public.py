"""Public reading of the roadmap: the latest validated (frozen) version of a published process."""

import datetime as dt

from django.urls import reverse

from essor.plans import services
from essor.plans.models import Attachment, Comment, Reorientation
from essor.plans.scenarios import duplicate_plan
from essor.plans.services import ActionData
from essor.plans.tests.conftest import validate


def _url(setup):
    return reverse("plans:public", args=[setup.process.pk])


def test_public_page_shows_the_roadmap_not_the_internals(client, setup, cast):
    club = setup.actions[0]
    milestone = {"date": dt.date(2027, 3, 1), "label": "Première réunion", "done": False}
    data = ActionData(
        fields={"notes": "Note interne sur le budget", "pilot_people": [setup.person]},
        children={"milestones": [milestone]},
    )
    services.update_action(club, data, expected_version=club.version, actor=cast.facilitator)
    Comment.objects.create(action=club, text="Commentaire du COPIL confidentiel")
    Reorientation.objects.create(action=club, proposal="Réorientation secrète")
    Attachment.objects.create(action=club, title="Étude interne", filename="etude.pdf",
                              content_type="application/pdf", size=3, content=b"pdf")  # fmt: skip
    plan = validate(setup, cast)
    draft = duplicate_plan(plan, name="Version 2", actor=cast.facilitator)
    services.create_action(plan=draft, data=ActionData(fields={
        "title": "Action du brouillon", "status": "retained"}), actor=cast.facilitator)  # fmt: skip
    duplicate_plan(plan, name="Scénario ambitieux", actor=cast.facilitator)
    setup.process.is_published = True
    setup.process.save()
    html = client.get(_url(setup)).content.decode()
    # Axes, retained actions and their public fields.
    for text in ("1. Coopérer", "1.1. Animer", "2. Acheter responsable", "Créer un club ESS",
                 "Réunir les acteurs", "Recyclerie du Clain", "01/01/2027", "31/12/2028",
                 "Membres", "nombre", "Retenue", "Première réunion",
                 "Clauses sociales"):  # fmt: skip
        assert text in html, text
    # Never: internal material, people's names, drafts, scenarios, not-retained proposals.
    for text in ("Note interne", "Commentaire du COPIL", "Réorientation secrète", "Étude interne",
                 "Contributeur", "Action du brouillon", "Scénario ambitieux", "Version 2",
                 "Maison de l'ESS", "Pas de local disponible",
                 reverse("plans:detail", args=[setup.process.pk, plan.pk]),
                 reverse("plans:action_history", args=[setup.process.pk, club.pk])):  # fmt: skip
        assert text not in html, text


def test_latest_frozen_version_is_shown(client, setup, cast):
    first = validate(setup, cast)
    second = duplicate_plan(first, name="Feuille de route 2028", kind="version", actor=cast.admin)
    services.create_action(plan=second, data=ActionData(fields={
        "title": "Monnaie locale", "status": "retained"}), actor=cast.facilitator)  # fmt: skip
    html = client_as_anonymous_published(client, setup).content.decode()
    assert "Monnaie locale" not in html  # the new version is still a draft
    validate(setup, cast, second)
    html = client_as_anonymous_published(client, setup).content.decode()
    assert "Monnaie locale" in html and "Feuille de route 2028" in html


def client_as_anonymous_published(client, setup):
    setup.process.is_published = True
    setup.process.save()
    return client.get(_url(setup))


def test_public_tab_for_visitors_and_link_for_members(client, client_as, setup, cast):
    validate(setup, cast)
    setup.process.is_published = True
    setup.process.save()
    overview = client.get(reverse("processes:detail", args=[setup.process.pk])).content.decode()
    assert f'href="{_url(setup)}"' in overview
    plan_list = client_as("contributor").get(reverse("plans:list", args=[setup.process.pk]))
    assert f'href="{_url(setup)}"' in plan_list.content.decode()


def test_query_count_does_not_grow_with_actions(client, setup, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    setup.process.is_published = True
    setup.process.save()
    validate(setup, cast)
    with CaptureQueriesContext(connection) as few:
        client.get(_url(setup))
    draft = setup.plan
    draft.frozen_at = None
    draft.save()
    for index in range(10):
        services.create_action(plan=draft, data=ActionData(
            fields={"title": f"Action {index}", "status": "in_progress", "axis": setup.axes[1],
                    "pilot_organisations": setup.organisations},
            children={"indicators": [{"name": "Nombre", "unit": "", "baseline": 1, "target": 2,
                                      "target_year": 2030}]}), actor=cast.facilitator)  # fmt: skip
    type(draft).objects.filter(pk=draft.pk).update(frozen_at=dt.datetime(2027, 3, 2, tzinfo=dt.UTC))
    with CaptureQueriesContext(connection) as many:
        assert "Action 9" in client.get(_url(setup)).content.decode()
    assert len(many) == len(few)


def test_validated_agrees_whatever_the_name_of_the_plan(client, setup, cast):
    """A plan named "Feuille de route" or "Plan d’action": "version validée" agrees with both."""
    first = validate(setup, cast)
    second = duplicate_plan(first, name="Feuille de route 2028", kind="version", actor=cast.admin)
    validate(setup, cast, second)
    html = client_as_anonymous_published(client, setup).content.decode()
    assert "Feuille de route 2028, version validée le " in html
    decision = second.submissions.order_by("-id").first().decision
    assert decision.summary == "«\u00a0Feuille de route 2028\u00a0»\u00a0: validation"
