"""Every view of the workshops app, for every role of the cast, unpublished and published."""

import pytest
from django.urls import reverse

from essor.contributions.models import Contribution
from essor.contributions.services import add_contribution
from essor.core.tests.matrix import cases, matrix, request_as
from essor.workshops.models import Workshop
from essor.workshops.services import create_workshop


def _url(name, ws, contribution=None):
    pid, wid = ws.process.pk, ws.workshop.pk
    args = {
        "list": [pid],
        "create": [pid],
        "contribution_edit": [pid, wid, contribution],
    }.get(name, [pid, wid])
    return reverse(f"workshops:{name}", args=args)


def _edit_data(ws):
    data = {
        "title": "Atelier renommé", "date": "2026-06-04", "objectives": "", "meeting": "",
        "participation_open": "on", "vote_mode": "dots", "dots_per_participant": "5",
        "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "2",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, question in enumerate([ws.q1, ws.q2]):
        data.update({
            f"questions-{index}-id": question.pk, f"questions-{index}-workshop": ws.workshop.pk,
            f"questions-{index}-order": question.order, f"questions-{index}-text": question.text,
        })  # fmt: skip
    return data


VIEWS = [
    # name, method, kind of page, status when allowed
    ("list", "get", "public", 200),
    ("detail", "get", "public", 200),
    ("create", "get", "manage", 200),
    ("create", "post", "manage", 302),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("delete", "get", "manage", 200),
    ("board", "get", "manage", 200),
    ("board", "post", "manage", 302),
    ("contribution_edit", "get", "manage", 200),
    ("contribution_edit", "post", "manage", 302),
    ("projector", "get", "internal", 200),
    ("projector_fragment", "get", "internal", 200),
    ("console", "get", "manage", 200),
    ("console_action", "post", "manage", 302),
    ("presentation", "get", "internal", 200),
    ("live_state", "get", "internal", 200),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_workshops_permission_matrix(client_as, ws, name, method, role, published, expected):
    ws.process.is_published = published
    ws.process.save()
    contribution = add_contribution(process=ws.process, workshop=ws.workshop, text="Une idée")
    url = _url(name, ws, contribution.pk)
    data = {
        "create": {"title": "Nouvel atelier"},
        "edit": _edit_data(ws),
        "board": {"text": "b: un lieu", "kind": "idea"},
        "contribution_edit": {"text": "Une idée corrigée", "kind": "need"},
        "console_action": {"action": "stage", "stage": "closing"},
    }.get(name, {})
    client = client_as(role)
    request_as(client, method, url, data, role, expected)
    allowed = expected == ok_status(name, method) and role != "anonymous"
    if method == "post" and name == "create":
        assert Workshop.objects.filter(title="Nouvel atelier").exists() == allowed
    if method == "post" and name == "board":
        assert Contribution.objects.filter(text="un lieu").exists() == allowed
    if method == "post" and name == "contribution_edit":
        contribution.refresh_from_db()
        assert (contribution.text == "Une idée corrigée") == allowed
    if method == "post" and name == "console_action":
        ws.workshop.refresh_from_db()
        assert (ws.workshop.live_stage == "closing") == allowed


def ok_status(name, method):
    return next(ok for n, m, _kind, ok in VIEWS if n == name and m == method)


@pytest.mark.parametrize("role,published,expected", cases("manage", 302))
def test_delete_workshop_post_matrix(client_as, ws, role, published, expected):
    ws.process.is_published = published
    ws.process.save()
    workshop = create_workshop(process=ws.process, title="À supprimer")
    response = client_as(role).post(reverse("workshops:delete", args=[ws.process.pk, workshop.pk]))
    assert response.status_code == expected
    deleted = expected == 302 and role != "anonymous"
    assert Workshop.objects.filter(pk=workshop.pk).exists() != deleted


@pytest.mark.parametrize("role", ["outsider", "other_workspace", "anonymous"])
def test_public_workshop_page_hides_join_code_and_counts(client_as, ws, role):
    ws.process.is_published = True
    ws.process.save()
    url = reverse("workshops:detail", args=[ws.process.pk, ws.workshop.pk])
    html = client_as(role).get(url).content.decode()
    assert "Atelier acteurs" in html and "Quels besoins des structures ?" in html
    assert ws.workshop.join_code not in html
    assert "<svg" not in html
    assert reverse("workshops:board", args=[ws.process.pk, ws.workshop.pk]) not in html


def test_committee_member_sees_code_and_projector_but_not_board(client_as, ws):
    url = reverse("workshops:detail", args=[ws.process.pk, ws.workshop.pk])
    html = client_as("committee_member").get(url).content.decode()
    assert ws.workshop.join_code in html
    assert reverse("workshops:projector", args=[ws.process.pk, ws.workshop.pk]) in html
    assert reverse("workshops:board", args=[ws.process.pk, ws.workshop.pk]) not in html


def test_workshop_of_another_process_is_404(client_as, ws):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=ws.process.workspace, title="Autre démarche")
    for name in ("detail", "board", "projector", "console", "presentation", "live_state"):
        url = reverse(f"workshops:{name}", args=[other.pk, ws.workshop.pk])
        assert client_as("admin").get(url).status_code == 404


def test_contribution_of_another_workshop_is_404(client_as, ws):
    other = create_workshop(process=ws.process, title="Autre atelier")
    contribution = add_contribution(process=ws.process, workshop=other, text="Ailleurs")
    url = reverse(
        "workshops:contribution_edit", args=[ws.process.pk, ws.workshop.pk, contribution.pk]
    )
    assert client_as("facilitator").get(url).status_code == 404
