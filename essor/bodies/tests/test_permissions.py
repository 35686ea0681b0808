"""Every view of the bodies app, for every role of the cast, unpublished and published."""

import pytest
from django.urls import reverse

from essor.bodies.models import Body, BodyKind
from essor.core.tests.matrix import cases, matrix, request_as


def _url(name, gov, member=None):
    pid, bid = gov.process.pk, gov.copil.pk
    return {
        "list": reverse("bodies:list", args=[pid]),
        "create": reverse("bodies:create", args=[pid]),
        "detail": reverse("bodies:detail", args=[pid, bid]),
        "edit": reverse("bodies:edit", args=[pid, bid]),
        "delete": reverse("bodies:delete", args=[pid, bid]),
        "member_add": reverse("bodies:member_add", args=[pid, bid]),
        "member_remove": reverse("bodies:member_remove", args=[pid, bid, member]),
    }[name]


VIEWS = [
    # name, method, kind of page, status when allowed
    ("list", "get", "public", 200),
    ("detail", "get", "public", 200),
    ("create", "get", "manage", 200),
    ("create", "post", "manage", 302),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("delete", "get", "manage", 200),
    ("member_add", "post", "manage", 302),
    ("member_remove", "post", "manage", 302),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_bodies_permission_matrix(client_as, gov, name, method, role, published, expected):
    gov.process.is_published = published
    gov.process.save()
    member = gov.copil.members.get()
    url = _url(name, gov, member.pk)
    data = {
        "create": {"kind": BodyKind.TECHNICAL, "name": "Comité technique", "order": 2},
        "edit": {"kind": BodyKind.STEERING, "name": "COPIL renommé", "order": 1},
        "member_add": {"person": gov.bob.pk, "role": "Membre"},
    }.get(name, {})
    client = client_as(role)
    request_as(client, method, url, data, role, expected)


@pytest.mark.parametrize("role,published,expected", cases("manage", 302))
def test_delete_body_post_matrix(client_as, gov, role, published, expected):
    gov.process.is_published = published
    gov.process.save()
    body = Body.objects.create(process=gov.process, kind=BodyKind.OTHER, name="Groupe projet")
    response = client_as(role).post(reverse("bodies:delete", args=[gov.process.pk, body.pk]))
    assert response.status_code == expected
    assert Body.objects.filter(pk=body.pk).exists() == (expected != 302 or role == "anonymous")


@pytest.mark.parametrize("role", ["outsider", "other_workspace", "anonymous"])
def test_public_body_page_hides_members_and_decisions(client_as, gov, role):
    gov.process.is_published = True
    gov.process.save()
    page = client_as(role).get(reverse("bodies:detail", args=[gov.process.pk, gov.copil.pk]))
    html = page.content.decode()
    assert "Comité de pilotage" in html
    assert "Fixer l&#x27;ambition politique." in html
    assert "COPIL n°1" in html  # its meetings are part of the public calendar
    assert "Martin" not in html
    assert "Proposition d&#x27;intervention validée" not in html
    listing = client_as(role).get(reverse("bodies:list", args=[gov.process.pk])).content.decode()
    assert "Comité de pilotage" in listing
    assert "membre" not in listing


@pytest.mark.parametrize("role", ["committee_member", "contributor"])
def test_members_of_process_see_members_and_decisions_without_managing(client_as, gov, role):
    html = (
        client_as(role)
        .get(reverse("bodies:detail", args=[gov.process.pk, gov.copil.pk]))
        .content.decode()
    )
    assert "Alice" in html and "Présidente" in html
    assert "Proposition d&#x27;intervention validée" in html
    assert reverse("bodies:edit", args=[gov.process.pk, gov.copil.pk]) not in html
    assert "Ajouter un membre" not in html


def test_other_process_body_is_404(client_as, gov):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=gov.process.workspace, title="Autre démarche")
    url = reverse("bodies:detail", args=[other.pk, gov.copil.pk])
    assert client_as("admin").get(url).status_code == 404
