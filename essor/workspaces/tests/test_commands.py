from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from essor.core.tests.french import plain
from essor.workspaces.models import Workspace, WorkspaceMember, WorkspaceRole


def test_create_workspace_with_its_first_admin(cast):
    out = StringIO()
    call_command("create_workspace", "--slug", "angers", "--name", "Ville d’Angers",
                 "--admin", "AUTRE@example.org", stdout=out)  # fmt: skip
    assert out.getvalue().strip() == "angers"
    workspace = Workspace.objects.get(slug="angers")
    assert workspace.name == "Ville d’Angers"
    member = WorkspaceMember.objects.get(workspace=workspace)
    assert (member.user, member.role) == (cast.outsider, WorkspaceRole.ADMIN)


def test_create_workspace_without_admin(db):
    call_command("create_workspace", "--slug", "cress", "--name", "CRESS", stdout=StringIO())
    assert not Workspace.objects.get(slug="cress").members.exists()


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--slug", "grand-poitiers", "--name", "Doublon"], "« grand-poitiers » est déjà pris"),
        (["--slug", "angers", "--name", "A", "--admin", "nobody@example.org"],
         "Aucun compte pour « nobody@example.org »"),
        (["--slug", "Pas Un Slug", "--name", "A"], "Identifiant « Pas Un Slug » invalide"),
        (["--slug", "angers", "--name", "  "], "Le nom de l’espace ne peut pas être vide"),
    ],
)  # fmt: skip
def test_create_workspace_bad_input(cast, argv, message):
    before = Workspace.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("create_workspace", *argv, stdout=StringIO())
    assert message in plain(str(error.value))
    assert Workspace.objects.count() == before
