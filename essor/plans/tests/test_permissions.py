"""Every view of the plans app, for every role of the cast, unpublished and published."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.core.tests.matrix import matrix, request_as
from essor.plans import validation
from essor.plans.models import Comment, Reorientation
from essor.plans.tests.conftest import decide, validate

PLAN_VIEWS = [
    # name, method, kind of page, status when allowed, extra args kind
    ("list", "get", "internal", 200),
    ("levers", "get", "internal", 200),
    ("levers", "post", "manage", 302),
    ("my_actions", "get", "internal", 200),
    ("create", "get", "manage", 200),
    ("create", "post", "manage", 302),
    ("import", "get", "manage", 200),
    ("import_template", "get", "manage", 200),
    ("import_preview", "get", "manage", 302),  # nothing uploaded: back to the upload
    ("detail", "get", "internal", 200),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("axis_create", "get", "manage", 200),
    ("axis_create", "post", "manage", 302),
    ("action_create", "get", "manage", 200),
    ("matrix", "get", "internal", 200),
    ("timeline", "get", "internal", 200),
    ("traceability", "get", "internal", 200),
    ("compare", "get", "internal", 200),
    ("duplicate", "get", "manage", 200),
    ("duplicate", "post", "manage", 302),
    ("submit", "get", "manage", 200),
    ("submit", "post", "manage", 302),
    ("council_vote", "get", "manage", 302),  # a draft plan: back to it, no vote before COPIL
    ("export_odt", "post", "internal", 302),  # starts the roadmap's background work
    ("export_csv", "get", "internal", 200),
    ("action", "get", "internal", 200),
    ("action_edit", "get", "manage", 200),
    ("action_edit", "post", "manage", 302),
    ("action_history", "get", "internal", 200),
    ("action_sources", "get", "manage", 200),
    ("action_sources", "post", "manage", 302),
    ("action_delete", "post", "manage", 302),
    ("reorientation_decide", "post", "manage", 302),
]
PROCESS_LEVEL = {"list", "levers", "my_actions", "create", "import", "import_template",
                 "import_preview"}  # fmt: skip
ACTION_LEVEL = {"action", "action_edit", "action_history", "action_sources", "action_delete"}


def _args(name, setup):
    p = setup.process.pk
    if name in PROCESS_LEVEL:
        return "plans:" + name, [p]
    if name in ACTION_LEVEL:
        return "plans:" + name, [p, setup.actions[1].pk]
    if name.startswith("export_"):
        return "plans:export", [p, setup.plan.pk, name.split("_")[1]]
    if name == "reorientation_decide":
        item = Reorientation.objects.create(action=setup.actions[1], proposal="Réorienter")
        return "plans:reorientation_decide", [p, item.pk]
    return "plans:" + name, [p, setup.plan.pk]


def _data(name, setup):
    action = setup.actions[1]
    return {
        "levers": {"name": "Marché de Noël solidaire"},
        "create": {"name": "Autre plan", "mandate_start": 2026, "mandate_end": 2032},
        "edit": {"name": "Plan renommé", "mandate_start": 2026, "mandate_end": 2032},
        "axis_create": {"number": "3", "title": "Nouvel axe"},
        "duplicate": {"name": "Ambitieux"},
        "submit": {"body": setup.cotech.pk},
        "action_edit": {"title": "Clauses sociales renforcées", "status": "retained",
                        "priority": "high", "version": action.version},
        "action_sources": {"contributions": [setup.contributions[1].pk]},
        "reorientation_decide": {"decision": "accept"},
    }.get(name, {})  # fmt: skip


@pytest.mark.parametrize("name,method,role,published,expected", matrix(PLAN_VIEWS))
def test_plans_permission_matrix(client_as, setup, name, method, role, published, expected):
    setup.process.is_published = published
    setup.process.save()
    url_name, args = _args(name, setup)
    request_as(client_as(role), method, reverse(url_name, args=args), _data(name, setup), role,
               expected)  # fmt: skip
    allowed = expected in (200, 302) and role != "anonymous"
    action = setup.actions[1]
    if name == "action_edit" and method == "post":
        action.refresh_from_db()
        assert (action.title == "Clauses sociales renforcées") == allowed
    if name == "action_delete":
        assert type(action).objects.filter(pk=action.pk).exists() != allowed
    if name == "export_odt":
        from essor.jobs.models import Job

        assert Job.objects.filter(kind="plans.roadmap").exists() == allowed


COMMENT_STATUS = {"admin": 302, "facilitator": 302, "committee_member": 302,
                  "contributor": 403, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["comment_add", "reorientation_add"])
def test_committee_members_comment_and_propose(client_as, setup, name, role, published):
    setup.process.is_published = published
    setup.process.save()
    expected = COMMENT_STATUS.get(role, 403 if published else 404)
    url = reverse(f"plans:{name}", args=[setup.process.pk, setup.actions[0].pk])
    data = {"text": "Bonne idée", "proposal": "Élargir aux communes voisines"}
    request_as(client_as(role), "post", url, data, role, expected)
    written = expected == 302 and role != "anonymous"
    model = Comment if name == "comment_add" else Reorientation
    assert model.objects.filter(action=setup.actions[0]).exists() == written


def test_objects_of_another_process_are_404(client_as, setup):
    from essor.processes.models import Membership, Process, Role

    other = Process.objects.create(workspace=setup.process.workspace, title="Autre démarche")
    Membership.objects.create(process=other, user=setup.plan.created_by, role=Role.FACILITATOR)
    client = client_as("facilitator")
    assert client.get(reverse("plans:detail", args=[other.pk, setup.plan.pk])).status_code == 404
    url = reverse("plans:action", args=[other.pk, setup.actions[0].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("plans:export", args=[setup.process.pk, setup.plan.pk, "exe"])
                      ).status_code == 404  # fmt: skip


def test_frozen_plan_pages_refuse_edits(client_as, setup):
    from django.utils import timezone

    setup.plan.frozen_at = timezone.now()
    setup.plan.save()
    client = client_as("facilitator")
    p = setup.process.pk
    assert (
        client.get(reverse("plans:action_edit", args=[p, setup.actions[0].pk])).status_code == 403
    )
    assert client.get(reverse("plans:action_create", args=[p, setup.plan.pk])).status_code == 403
    assert client.get(reverse("plans:detail", args=[p, setup.plan.pk])).status_code == 200


MEMBERS = ("admin", "facilitator", "committee_member", "contributor")


@pytest.mark.parametrize("validated", [False, True])
@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_public_page_matrix(client_as, setup, cast, role, published, validated):
    setup.process.is_published = published
    setup.process.save()
    if validated:
        validate(setup, cast)
    else:  # a favourable opinion of the COTECH only: not frozen, not public
        submission = validation.submit_plan(setup.plan, body=setup.cotech, actor=cast.admin)
        decide(submission, cast.admin)
    allowed = validated and (published or role in MEMBERS)
    request_as(
        client_as(role),
        "get",
        reverse("plans:public", args=[setup.process.pk]),
        {},
        role,
        200 if allowed else 404,
    )
