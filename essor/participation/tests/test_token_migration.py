"""The migration that hashes participants' tokens keeps every browser its participant."""

import hashlib

from essor.participation.models import hash_token

# The other apps stay migrated (processes and people belong to a workspace by then).
WORKSPACE_STATE = [
    ("processes", "0003_process_workspace_required"),
    ("organisations", "0003_organisation_person_workspace_required"),
]
BEFORE = [("participation", "0003_participant_browser_and_address_keys"), *WORKSPACE_STATE]
AFTER = [("participation", "0004_participant_token_hashed"), *WORKSPACE_STATE]


def test_existing_tokens_are_hashed(migrate_to):
    old_apps = migrate_to(BEFORE)
    Process = old_apps.get_model("processes", "Process")
    workspace = old_apps.get_model("workspaces", "Workspace").objects.create(
        name="Espace", slug="espace"
    )
    Workshop = old_apps.get_model("workshops", "Workshop")
    Participant = old_apps.get_model("participation", "Participant")
    workshop = Workshop.objects.create(
        process=Process.objects.create(workspace=workspace, title="Démarche"),
        title="Atelier",
        join_code="MIGR01",
    )
    raw = ["jeton-de-lou-" + "x" * 20, "jeton-de-max-" + "y" * 20]
    for token in raw:
        Participant.objects.create(workshop=workshop, token=token)

    new_apps = migrate_to(AFTER)
    Participant = new_apps.get_model("participation", "Participant")
    stored = set(Participant.objects.values_list("token_hash", flat=True))
    assert stored == {hashlib.sha256(token.encode()).hexdigest() for token in raw}
    assert stored == {hash_token(token) for token in raw}
    assert not any(token in stored for token in raw)
