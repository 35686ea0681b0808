"""Deleting an axis or a lever, and editing an axis: every role, and what the data becomes."""

import pytest
from django.urls import reverse

from essor.core.tests.matrix import cases, request_as
from essor.plans.models import Action, Axis, Lever

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,published,expected", cases("manage", 302))
def test_axis_delete_for_every_role(client_as, setup, role, published, expected):
    setup.process.is_published = published
    setup.process.save()
    axis = setup.axes[1]
    actions = list(axis.actions.values_list("pk", flat=True))
    assert actions  # the axis holds an action
    url = reverse("plans:axis_delete", args=[setup.process.pk, setup.plan.pk, axis.pk])
    request_as(client_as(role), "post", url, {}, role, expected)
    deleted = not Axis.objects.filter(pk=axis.pk).exists()
    assert deleted == (expected == 302 and role != "anonymous")
    # Deleting an axis keeps its actions, without an axis.
    assert Action.objects.filter(pk__in=actions).count() == len(actions)
    if deleted:
        assert not Action.objects.filter(pk__in=actions, axis__isnull=False).exists()


@pytest.mark.parametrize("role,published,expected", cases("manage", 200))
def test_axis_edit_page_for_every_role(client_as, setup, role, published, expected):
    setup.process.is_published = published
    setup.process.save()
    axis = setup.axes[1]
    url = reverse("plans:axis_edit", args=[setup.process.pk, setup.plan.pk, axis.pk])
    response = request_as(client_as(role), "get", url, {}, role, expected)
    if expected == 200:
        assert axis.title in response.content.decode()


@pytest.mark.parametrize("role,published,expected", cases("manage", 302))
def test_axis_edit_post_for_every_role(client_as, setup, role, published, expected):
    setup.process.is_published = published
    setup.process.save()
    axis = setup.axes[1]
    url = reverse("plans:axis_edit", args=[setup.process.pk, setup.plan.pk, axis.pk])
    data = {"number": axis.number, "title": "Acheter local et responsable"}
    request_as(client_as(role), "post", url, data, role, expected)
    axis.refresh_from_db()
    changed = axis.title == "Acheter local et responsable"
    assert changed == (expected == 302 and role != "anonymous")


@pytest.mark.parametrize("role,published,expected", cases("manage", 302))
def test_lever_delete_for_every_role(client_as, setup, role, published, expected):
    setup.process.is_published = published
    setup.process.save()
    lever = Lever.objects.filter(process=setup.process, actions__isnull=True).first()
    url = reverse("plans:lever_delete", args=[setup.process.pk, lever.pk])
    request_as(client_as(role), "post", url, {}, role, expected)
    deleted = not Lever.objects.filter(pk=lever.pk).exists()
    assert deleted == (expected == 302 and role != "anonymous")


def test_a_lever_used_by_an_action_is_kept_with_a_french_message(client_as, setup):
    lever = Lever.objects.filter(process=setup.process, actions__isnull=False).first()
    assert lever is not None
    client = client_as("facilitator")
    url = reverse("plans:lever_delete", args=[setup.process.pk, lever.pk])
    response = client.post(url, follow=True)
    assert Lever.objects.filter(pk=lever.pk).exists()
    assert "Ce levier est utilisé par des actions" in response.content.decode()


def test_an_axis_of_another_plan_is_left_alone(client_as, setup, cast):
    from essor.plans import services
    from essor.plans.models import Plan

    other_plan = Plan.objects.create(process=setup.process, name="Autre version")
    other_axis = services.save_axis(
        Axis(plan=other_plan, number="1", title="Ailleurs"), actor=cast.facilitator
    )
    url = reverse("plans:axis_delete", args=[setup.process.pk, setup.plan.pk, other_axis.pk])
    client_as("facilitator").post(url)
    assert Axis.objects.filter(pk=other_axis.pk).exists()
