"""Every view of the contributions app, for every role of the cast, unpublished and published."""

import pytest
from django.urls import reverse

from essor.core.tests.matrix import cases, matrix, request_as

VIEWS = [
    # name, method, kind of page, status when allowed
    ("list", "get", "internal", 200),
    ("export", "get", "manage", 200),
    ("import_notes", "get", "manage", 200),
    ("import_notes", "post", "manage", 302),
    ("import_review", "get", "manage", 302),  # nothing being imported: back to step one
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("withdraw", "post", "manage", 302),
    ("restore", "post", "manage", 302),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_contributions_permission_matrix(client_as, board, name, method, role, published, expected):
    board.process.is_published = published
    board.process.save()
    contribution = board.contributions[0]
    args = [board.process.pk]
    if name in ("edit", "withdraw", "restore"):
        args.append(contribution.pk)
    data = {
        "import_notes": {"workshop": board.workshop.pk, "text": "b: une idée"},
        "edit": {"text": "Texte corrigé", "kind": "need", "question": board.needs.pk},
    }.get(name, {})
    client = client_as(role)
    url = reverse(f"contributions:{name}", args=args)
    request_as(client, method, url, data, role, expected)
    contribution.refresh_from_db()
    edited = name == "edit" and method == "post" and expected == 302 and role != "anonymous"
    assert (contribution.text == "Texte corrigé") == edited
    withdrawn = name == "withdraw" and expected == 302 and role != "anonymous"
    assert contribution.is_withdrawn == withdrawn


@pytest.mark.parametrize("role,published,expected", cases("manage", 200))
def test_import_review_with_notes_matrix(client_as, board, role, published, expected):
    """The review page itself, once notes are in the session."""
    board.process.is_published = published
    board.process.save()
    client = client_as(role)
    client.post(
        reverse("contributions:import_notes", args=[board.process.pk]),
        {"workshop": board.workshop.pk, "text": "b: une idée"},
    )
    response = client.get(reverse("contributions:import_review", args=[board.process.pk]))
    assert response.status_code == expected


def test_contribution_of_another_process_is_404(client_as, board):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=board.process.workspace, title="Autre démarche")
    url = reverse("contributions:edit", args=[other.pk, board.contributions[0].pk])
    assert client_as("admin").get(url).status_code == 404
    url = reverse("contributions:edit", args=[board.process.pk, 999999])
    assert client_as("admin").get(url).status_code == 404


def test_withdraw_and_restore_need_post(client_as, board):
    url = reverse("contributions:withdraw", args=[board.process.pk, board.contributions[0].pk])
    assert client_as("facilitator").get(url).status_code == 405
