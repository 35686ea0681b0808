"""Every view of the mobilisation app, for every role of the cast, unpublished and published."""

import pytest
from django.urls import reverse

from conftest import ROLES

READERS = ("admin", "facilitator", "committee_member")


def _expected(role: str, published: bool, ok: int = 200) -> int:
    if role in READERS:
        return ok
    if role == "anonymous":
        return 302
    if role in ("outsider", "other_workspace") and not published:
        return 404
    return 403  # contributors, and outsiders (of any workspace) of a published process


MATRIX = [
    pytest.param(name, role, published, _expected(role, published), id=f"{name}-{role}-{published}")
    for name in ("dashboard", "export")
    for role in ROLES
    for published in (False, True)
]


@pytest.mark.parametrize("name,role,published,expected", MATRIX)
def test_mobilisation_permission_matrix(client_as, mob, name, role, published, expected):
    mob.process.is_published = published
    mob.process.save()
    response = client_as(role).get(reverse(f"mobilisation:{name}", args=[mob.process.pk]))
    assert response.status_code == expected
    if role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    if expected == 200:
        body = response.content.decode()
        assert "Atelier 1" in body


def test_unknown_process_is_404(client_as, db, cast):
    url = reverse("mobilisation:dashboard", args=[999999])
    assert client_as("admin").get(url).status_code == 404
