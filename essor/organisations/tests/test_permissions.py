"""Every view of the directory, for every role of the cast.

Each workspace's directory is for platform admins, the workspace's admins and the
facilitators of its processes; other logged-in users get 403, anonymous visitors
are sent to the login page. The admin of another workspace uses their own
directory: this one's rows are 404 for them.
"""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.organisations import tabular
from essor.organisations.models import Organisation, OrganisationKind, Person
from essor.organisations.tests.importing_helpers import csv_file, put_upload_in_session

ALLOWED = ("admin", "facilitator")

ROWS = [["Raison sociale", "Type"], ["Ressourcerie de Buxerolles", "association"]]
MAPPING = {0: "name", 1: "kind"}

VIEWS = [
    # name, method, needs a pk of ("org" | "person" | None), status when allowed
    ("list", "get", None, 200),
    ("create", "get", None, 200),
    ("create", "post", None, 302),
    ("detail", "get", "org", 200),
    ("edit", "get", "org", 200),
    ("edit", "post", "org", 302),
    ("delete", "get", "org", 200),
    ("delete", "post", "org", 302),
    ("person_list", "get", None, 200),
    ("person_create", "get", None, 200),
    ("person_create", "post", None, 302),
    ("person_edit", "get", "person", 200),
    ("person_edit", "post", "person", 302),
    ("person_delete", "get", "person", 200),
    ("person_delete", "post", "person", 302),
    ("person_export", "get", "person", 200),
    ("person_erase", "get", "person", 200),
    ("person_erase", "post", "person", 302),
    ("import_upload", "get", None, 200),
    ("import_upload", "post", None, 302),
    ("import_mapping", "get", None, 200),
    ("import_mapping", "post", None, 302),
    ("import_confirm", "get", None, 200),
    ("import_confirm", "post", None, 302),
]


def _expected(role: str, name: str, method: str, needs: str | None, ok: int) -> int:
    if role in ALLOWED:
        return ok
    if role == "other_workspace":
        if needs:  # a row of a directory they may not use
            return 404
        if name == "import_confirm" and method == "post":  # the process is not theirs
            return 200
        return ok  # their own directory
    return 302 if role == "anonymous" else 403


MATRIX = [
    pytest.param(
        name, method, needs, role, _expected(role, name, method, needs, ok),
        id=f"{name}-{method}-{role}",
    )
    for name, method, needs, ok in VIEWS
    for role in ROLES
]  # fmt: skip


def _data(name, directory):
    # The workspace is asked only of those with several directories (the platform admin).
    workspace = directory.process.workspace_id
    return {
        "create": {"name": "Épicerie solidaire", "kind": "ess", "ess_family": "association",
                   "workspace": workspace},
        "edit": {"name": "Recyclerie du Clain", "kind": "ess", "ess_family": "cooperative"},
        "person_create": {"last_name": "Durand", "first_name": "Bob", "workspace": workspace},
        "person_edit": {"last_name": "Rivière", "first_name": "Élodie", "role_title": "Directrice"},
        "import_upload": {"file": csv_file(ROWS)},
        "import_mapping": {"col_0": "name", "col_1": "kind"},
        "import_confirm": {"process": directory.process.pk, "workspace": workspace},
    }.get(name, {})  # fmt: skip


@pytest.mark.parametrize("name,method,needs,role,expected", MATRIX)
def test_directory_permission_matrix(client_as, directory, name, method, needs, role, expected):
    client = client_as(role)
    if name in ("import_mapping", "import_confirm"):
        put_upload_in_session(client, csv_file(ROWS), MAPPING if name == "import_confirm" else None)
    pk = {"org": directory.org.pk, "person": directory.person.pk}.get(needs)
    url = reverse(f"organisations:{name}", args=[pk] if pk else [])
    response = client.post(url, _data(name, directory)) if method == "post" else client.get(url)
    assert response.status_code == expected
    if role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    mine = {"workspace": directory.process.workspace}
    refused = expected in (403, 404) or (role == "other_workspace" and name == "import_confirm")
    if refused and method == "post":  # nothing changed in this workspace's directory
        assert Organisation.objects.filter(**mine).count() == 1
        assert list(Person.objects.filter(**mine).values_list("last_name", "role_title")) == [
            ("Rivière", "Coordinatrice")
        ]
        assert directory.process.organisations.count() == 1
        assert Organisation.objects.filter(**mine, name=directory.org.name, kind="ess",
                                           ess_family="association").exists()  # fmt: skip
    if name == "import_confirm" and method == "post":  # an allowed one starts the import
        from essor.jobs.models import Job

        started = Job.objects.filter(kind="organisations.import").exists()
        assert started == (expected == 302 and role != "anonymous")
    if role == "other_workspace" and method == "post" and name in ("create", "person_create"):
        created = Organisation if name == "create" else Person
        assert created.objects.latest("pk").workspace == directory.other_workspace


@pytest.mark.parametrize("role", ROLES)
def test_missing_objects_are_404_for_allowed_users_only(client_as, directory, role):
    response = client_as(role).get(reverse("organisations:detail", args=[999999]))
    expected = {"admin": 404, "facilitator": 404, "other_workspace": 404, "anonymous": 302}
    assert response.status_code == expected.get(role, 403)


def test_a_former_facilitator_loses_access(client_as, cast, directory):
    from essor.processes.models import Membership
    from essor.workspaces.models import WorkspaceMember

    WorkspaceMember.objects.filter(user=cast.facilitator).update(role="member")
    assert client_as("facilitator").get(reverse("organisations:list")).status_code == 200
    Membership.objects.filter(user=cast.facilitator).update(role="contributor")
    assert client_as("facilitator").get(reverse("organisations:list")).status_code == 403


def test_unauthorised_import_steps_keep_the_file_and_write_nothing(client_as, directory):
    client = client_as("contributor")
    token = put_upload_in_session(client, csv_file(ROWS), MAPPING)
    response = client.post(reverse("organisations:import_confirm"), {})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Ressourcerie de Buxerolles").exists()
    tabular.discard(token)


def test_detail_hides_processes_the_user_cannot_see(client_as, cast, directory):
    from essor.processes.models import Process
    from essor.workspaces.models import WorkspaceMember

    # A facilitator who does not administer the workspace sees its other processes only
    # when they are published or have them as members.
    WorkspaceMember.objects.filter(user=cast.facilitator).update(role="member")
    hidden = Process.objects.create(
        workspace=directory.process.workspace, title="Démarche confidentielle d’ailleurs"
    )
    hidden.organisations.add(directory.org)
    url = reverse("organisations:detail", args=[directory.org.pk])
    assert "Démarche confidentielle" not in client_as("facilitator").get(url).content.decode()
    assert "Démarche confidentielle" in client_as("admin").get(url).content.decode()


def test_delete_post_removes_the_organisation_and_keeps_its_people(client_as, directory):
    org = Organisation.objects.create(
        workspace=directory.process.workspace, name="À supprimer", kind=OrganisationKind.BUSINESS
    )
    Person.objects.create(
        workspace=directory.process.workspace, last_name="Reste", organisation=org
    )
    response = client_as("facilitator").post(reverse("organisations:delete", args=[org.pk]))
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert Person.objects.get(last_name="Reste").organisation is None
