"""The migration that hashes the answer links' tokens keeps the links already e-mailed working."""

import datetime as dt

from essor.core.tokens import hash_token

# The other apps stay migrated (processes and people belong to a workspace by then).
WORKSPACE_STATE = [
    ("processes", "0003_process_workspace_required"),
    ("organisations", "0003_organisation_person_workspace_required"),
]
BEFORE = [("meetings", "0002_invitations"), *WORKSPACE_STATE]
AFTER = [("meetings", "0003_attendance_rsvp_token_hashed"), *WORKSPACE_STATE]


def test_existing_rsvp_tokens_are_hashed(migrate_to):
    old_apps = migrate_to(BEFORE)
    Process = old_apps.get_model("processes", "Process")
    workspace = old_apps.get_model("workspaces", "Workspace").objects.create(
        name="Espace", slug="espace"
    )
    Meeting = old_apps.get_model("meetings", "Meeting")
    Person = old_apps.get_model("organisations", "Person")
    Attendance = old_apps.get_model("meetings", "Attendance")
    meeting = Meeting.objects.create(
        process=Process.objects.create(workspace=workspace, title="Démarche"),
        title="COPIL",
        kind="body_meeting",
        starts_at=dt.datetime(2027, 1, 15, 13, tzinfo=dt.UTC),
    )
    raw = {}
    for first_name in ("Alice", "Bob"):
        person = Person.objects.create(
            workspace=workspace, first_name=first_name, last_name="Martin"
        )
        token = f"lien-de-{first_name}-" + "z" * 20
        Attendance.objects.create(meeting=meeting, person=person, rsvp_token=token)
        raw[person.pk] = token

    Attendance = migrate_to(AFTER).get_model("meetings", "Attendance")
    stored = dict(Attendance.objects.values_list("person_id", "rsvp_token_hash"))
    assert stored == {pk: hash_token(token) for pk, token in raw.items()}
