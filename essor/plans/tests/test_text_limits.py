"""Limits on free text (comments, reorientations, long fields) and on the mandate's years:
a refused POST says why in French, at the field, and changes nothing."""

import pytest
from django.urls import reverse

from essor.core.forms import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from essor.plans.forms import PlanForm
from essor.plans.models import Action
from essor.plans.tests.test_views import _edit_data

HUGE = "x" * (5 * 1024 * 1024)  # the 5 MB comment of the issue


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_5_mb_comment_is_refused_and_a_normal_one_accepted(setup, client_as):
    p, action = setup.process.pk, setup.actions[0]
    url = reverse("plans:comment_add", args=[p, action.pk])
    client = client_as("committee_member")
    refused = client.post(url, {"text": HUGE}, follow=True)
    assert f"au plus {SHORT_TEXT_LIMIT} caractères" in _messages(refused).replace("\u202f", "")
    assert action.comments.count() == 0
    client.post(url, {"text": "Pensez aux tiers-lieux."})
    assert [c.text for c in action.comments.all()] == ["Pensez aux tiers-lieux."]


def test_an_empty_comment_still_says_it_is_empty(setup, client_as):
    p, action = setup.process.pk, setup.actions[0]
    response = client_as("committee_member").post(
        reverse("plans:comment_add", args=[p, action.pk]), {"text": ""}, follow=True
    )
    assert "Le commentaire est vide" in _messages(response)
    assert action.comments.count() == 0


def test_a_too_long_reorientation_is_refused(setup, client_as):
    p, action = setup.process.pk, setup.actions[0]
    url = reverse("plans:reorientation_add", args=[p, action.pk])
    client = client_as("committee_member")
    refused = client.post(url, {"proposal": "y" * (SHORT_TEXT_LIMIT + 1)}, follow=True)
    assert "au plus" in _messages(refused)
    assert action.reorientations.count() == 0
    client.post(url, {"proposal": "y" * SHORT_TEXT_LIMIT})
    assert action.reorientations.count() == 1


def test_a_too_long_answer_to_a_reorientation_is_refused_not_cut(setup, client_as):
    p, action = setup.process.pk, setup.actions[0]
    client_as("committee_member").post(
        reverse("plans:reorientation_add", args=[p, action.pk]), {"proposal": "Viser 60"}
    )
    item = action.reorientations.get()
    url = reverse("plans:reorientation_decide", args=[p, item.pk])
    client = client_as("facilitator")
    refused = client.post(url, {"decision": "decline", "response": "z" * 6000}, follow=True)
    assert "la limite est de 5000" in _messages(refused)
    item.refresh_from_db()
    assert item.status == "pending" and item.response == ""
    client.post(url, {"decision": "decline", "response": "Trop ambitieux"})
    item.refresh_from_db()
    assert item.status == "declined"


def test_action_description_has_a_limit(setup, client_as):
    action = Action.objects.get(pk=setup.actions[1].pk)
    url = reverse("plans:action_edit", args=[setup.process.pk, action.pk])
    client = client_as("facilitator")
    too_long = client.post(url, _edit_data(action, description="d" * (LONG_TEXT_LIMIT + 1)))
    assert too_long.status_code == 200
    page = too_long.content.decode().replace("\u202f", "")
    assert f"au plus {LONG_TEXT_LIMIT} caractères" in page
    action.refresh_from_db()
    assert len(action.description) < LONG_TEXT_LIMIT
    assert client.post(url, _edit_data(action, description="Courte")).status_code == 302
    action.refresh_from_db()
    assert action.description == "Courte"


def _plan_data(**changes):
    data = {"name": "Plan", "introduction": "", "follow_up": "",
            "mandate_start": "2026", "mandate_end": "2032"}  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "start,end,field,message",
    [
        ("1800", "1806", "mandate_start", "entre 2000 et 2100"),
        ("2026", "3000", "mandate_end", "entre 2000 et 2100"),
        ("2032", "2026", "mandate_end", "se termine avant de commencer"),
        ("2026", "2045", "mandate_end", "au plus 12 ans"),
    ],
)
def test_mandate_years_within_a_sane_range(start, end, field, message):
    form = PlanForm(_plan_data(mandate_start=start, mandate_end=end))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_twelve_year_plan_is_accepted():
    assert PlanForm(_plan_data(mandate_start="2026", mandate_end="2037")).is_valid()


def test_refused_mandate_leaves_the_plan_unchanged(setup, client_as):
    plan = setup.plan
    before = (plan.mandate_start, plan.mandate_end)
    url = reverse("plans:edit", args=[setup.process.pk, plan.pk])
    response = client_as("facilitator").post(
        url, _plan_data(name=plan.name, mandate_start="2026", mandate_end="9999")
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert (plan.mandate_start, plan.mandate_end) == before


def test_new_version_form_is_labelled_as_a_version(setup, client_as):
    url = reverse("plans:duplicate", args=[setup.process.pk, setup.plan.pk])
    client = client_as("facilitator")
    assert "Nom de la nouvelle version" in client.get(url + "?kind=version").content.decode()
    assert "Nom du scénario" in client.get(url).content.decode()
