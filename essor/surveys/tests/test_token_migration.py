"""Hashing the personal links' tokens keeps the links already handed out working."""

from django.urls import reverse

from essor.core.tokens import hash_token
from essor.surveys.models import Invitation

# The other apps stay migrated (processes and people belong to a workspace by then).
WORKSPACE_STATE = [
    ("processes", "0003_process_workspace_required"),
    ("organisations", "0003_organisation_person_workspace_required"),
]
BEFORE = [("surveys", "0001_initial"), *WORKSPACE_STATE]


def _latest():
    """Every app at its latest migration: the test then uses today's models and views."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_existing_invitation_tokens_are_hashed_and_keep_working(migrate_to, client):
    old_apps = migrate_to(BEFORE)
    workspace = old_apps.get_model("workspaces", "Workspace").objects.create(
        name="Espace", slug="espace"
    )
    process = old_apps.get_model("processes", "Process").objects.create(
        workspace=workspace, title="Démarche"
    )
    survey = old_apps.get_model("surveys", "Survey").objects.create(
        process=process, title="Enquête", status="open", public_token="public-xxxxxxxxxxxx"
    )
    Person = old_apps.get_model("organisations", "Person")
    raw = {}
    for name in ("Martin", "Durand"):
        person = Person.objects.create(workspace=workspace, last_name=name)
        token = f"ancien-lien-{name}-zzzzzzzzzzzz"
        invitation = old_apps.get_model("surveys", "Invitation").objects.create(
            survey=survey, person=person, token=token
        )
        raw[invitation.pk] = (token, invitation.created_at)

    migrate_to(_latest())
    for invitation in Invitation.objects.all():
        token, created_at = raw[invitation.pk]
        assert invitation.token_hash == hash_token(token)
        assert invitation.issued_at == created_at  # given when it was made
        assert client.get(reverse("surveys:answer", args=[token])).status_code == 200
    assert client.get(reverse("surveys:answer", args=["ancien-lien-autre"])).status_code == 404
