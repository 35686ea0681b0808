"""The licence of a workspace's open data: chosen by its administrators only."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.core.models import AuditEntry
from essor.workspaces.models import DataLicence, Workspace

pytestmark = pytest.mark.django_db
ALLOWED = ("admin", "facilitator")  # platform admin, the workspace's administrator


def _expected(role, ok):
    if role in ALLOWED:
        return ok
    if role == "anonymous":
        return 302
    return 403 if role in ("committee_member", "contributor") else 404


def test_licence_of_open_data_defaults_to_licence_ouverte(cast):
    assert Workspace.objects.create(name="Neuve", slug="neuve").data_licence == "etalab-2.0"


@pytest.mark.parametrize("role", ROLES)
def test_change_licence_matrix(client_as, cast, role):
    url = reverse("workspaces:data_licence", args=[cast.workspace.slug])
    response = client_as(role).post(url, {"data_licence": DataLicence.ODBL_1})
    assert response.status_code == _expected(role, 302)
    cast.workspace.refresh_from_db()
    assert (cast.workspace.data_licence == DataLicence.ODBL_1) == (role in ALLOWED)


def test_members_page_shows_the_licence_form(client_as, cast):
    html = client_as("facilitator").get(reverse("workspaces:members", args=[cast.workspace.slug]))
    content = html.content.decode()
    assert "Licence des données ouvertes" in content and 'value="etalab-2.0" selected' in content


def test_an_unknown_licence_is_refused_and_changes_nothing(client_as, cast):
    url = reverse("workspaces:data_licence", args=[cast.workspace.slug])
    response = client_as("facilitator").post(url, {"data_licence": "wtfpl"}, follow=True)
    assert "Choisissez une licence dans la liste." in response.content.decode()
    cast.workspace.refresh_from_db()
    assert cast.workspace.data_licence == DataLicence.ETALAB_2


def test_the_change_is_audited(client_as, cast):
    url = reverse("workspaces:data_licence", args=[cast.workspace.slug])
    client_as("facilitator").post(url, {"data_licence": DataLicence.CC_BY_4})
    assert AuditEntry.objects.filter(
        verb="workspace.data_licence_changed", data__new="cc-by-4.0"
    ).exists()
