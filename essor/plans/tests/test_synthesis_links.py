"""Plan actions taking up synthesis themes (issue 6: "later, actions link to themes")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essor.core.tests.french import plain
from essor.plans import history, services
from essor.plans.forms import ActionForm
from essor.plans.scenarios import compare_plans, duplicate_plan
from essor.plans.services import ActionData
from essor.synthesis import services as synthesis


@pytest.fixture
def other_theme(cast):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=cast.workspace, title="Autre démarche")
    return synthesis.create_theme(synthesis.synthesis_for(other), "Ailleurs", actor=cast.admin)


def _form_data(action, **extra):
    return {"title": action.title, "status": action.status, "priority": action.priority,
            "version": action.version, **extra}  # fmt: skip


def test_form_offers_only_the_themes_of_the_process(setup, themes, other_theme):
    form = ActionForm(plan=setup.plan)
    assert list(form.fields["synthesis_themes"].queryset) == themes
    action = setup.actions[1]
    posted = ActionForm(
        _form_data(action, synthesis_themes=[other_theme.pk]), instance=action, plan=setup.plan
    )
    assert not posted.is_valid()
    assert "synthesis_themes" in posted.errors


def test_service_refuses_a_theme_of_another_process(setup, cast, other_theme):
    action = setup.actions[1]
    with pytest.raises(ValidationError) as error:
        services.update_action(
            action, ActionData(fields={"synthesis_themes": [other_theme]}),
            expected_version=action.version, actor=cast.facilitator,
        )  # fmt: skip
    assert "synthesis_themes" in error.value.message_dict
    assert not action.synthesis_themes.exists()


def test_linking_a_theme_from_the_form_is_kept_in_history_and_shown(client_as, setup, themes, cast):
    action = setup.actions[1]
    client = client_as("facilitator")
    url = reverse("plans:action_edit", args=[setup.process.pk, action.pk])
    response = client.post(url, _form_data(action, synthesis_themes=[themes[0].pk]))
    assert response.status_code == 302
    assert list(action.synthesis_themes.all()) == [themes[0]]
    change = action.changes.get(field="synthesis_themes")
    assert (change.old_value, change.new_value) == ("", "A. Un lieu commun")
    assert change.changed_by == cast.facilitator
    history_page = client.get(reverse("plans:action_history", args=[setup.process.pk, action.pk]))
    assert "Thèmes de la synthèse" in history_page.content.decode()
    page = client.get(reverse("plans:action", args=[setup.process.pk, action.pk])).content.decode()
    wall_url = reverse("synthesis:wall", args=[setup.process.pk])
    assert f'href="{wall_url}#theme-{themes[0].pk}"' in page
    wall = client.get(wall_url).content.decode()
    action_url = reverse("plans:action", args=[setup.process.pk, action.pk])
    assert "Reprise par\u00a0:" in wall
    assert f'<a href="{action_url}">action « Clauses sociales »</a>' in plain(wall)


def test_contributor_sees_the_theme_without_a_link_to_the_wall(client_as, setup, themes, cast):
    action = setup.actions[1]
    action.synthesis_themes.add(themes[1])
    page = client_as("contributor").get(reverse("plans:action", args=[setup.process.pk, action.pk]))
    html = page.content.decode()
    assert "B. Former les élus" in html
    assert reverse("synthesis:wall", args=[setup.process.pk]) not in html


def test_editing_from_a_stale_version_conflicts_on_the_themes(setup, themes, cast):
    action = setup.actions[1]
    opened = action.version
    services.update_action(
        action, ActionData(fields={"synthesis_themes": [themes[0]]}),
        expected_version=opened, actor=cast.facilitator,
    )  # fmt: skip
    with pytest.raises(services.EditConflict) as conflict:
        services.update_action(
            type(action).objects.get(pk=action.pk),
            ActionData(fields={"synthesis_themes": [themes[1]]}),
            expected_version=opened, actor=cast.admin,
        )  # fmt: skip
    assert "synthesis_themes" in conflict.value.fields
    assert list(action.synthesis_themes.all()) == [themes[0]]  # nothing overwritten


def test_scenarios_copy_the_themes_and_compare_them(setup, themes, cast):
    action = setup.actions[0]
    action.synthesis_themes.add(themes[0])
    scenario = duplicate_plan(setup.plan, name="Ambitieux", actor=cast.facilitator)
    copy = scenario.actions.get(lineage=action.lineage)
    assert list(copy.synthesis_themes.all()) == [themes[0]]
    assert not compare_plans(setup.plan, scenario).changed
    services.update_action(
        copy, ActionData(fields={"synthesis_themes": themes}),
        expected_version=copy.version, actor=cast.facilitator,
    )  # fmt: skip
    [difference] = compare_plans(setup.plan, scenario).changed
    label = history.field_label("synthesis_themes")
    assert (label, "A. Un lieu commun", "A. Un lieu commun, B. Former les élus") in (
        difference.fields
    )


def test_wall_names_an_action_once_across_scenarios(client_as, setup, themes, cast):
    action = setup.actions[0]
    action.synthesis_themes.add(themes[0])
    scenario = duplicate_plan(setup.plan, name="Réaliste", actor=cast.facilitator)
    html = client_as("facilitator").get(reverse("synthesis:wall", args=[setup.process.pk]))
    html = html.content.decode()
    assert html.count("action «\u00a0Créer un club ESS\u00a0»") == 1
    newest = scenario.actions.get(lineage=action.lineage)
    assert reverse("plans:action", args=[setup.process.pk, newest.pk]) in html


def test_merging_themes_keeps_the_actions_link(setup, themes, cast):
    action = setup.actions[1]
    action.synthesis_themes.add(themes[1])
    synthesis.merge_themes(themes[0], themes[1], actor=cast.facilitator)
    assert list(action.synthesis_themes.all()) == [themes[0]]
