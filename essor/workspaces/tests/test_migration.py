"""Existing data moves into the default workspace when the workspaces arrive."""

BEFORE = [
    ("accounts", "0001_initial"),
    ("workspaces", "0001_initial"),
    ("processes", "0002_process_workspace"),
    ("organisations", "0002_organisation_person_workspace"),
    ("methods", "0002_methodtemplate_workspace"),
]
AFTER = [
    ("accounts", "0002_remove_user_can_create_processes"),
    ("processes", "0003_process_workspace_required"),
    ("organisations", "0003_organisation_person_workspace_required"),
]


def test_existing_rows_move_into_the_default_workspace(migrate_to):
    apps = migrate_to(BEFORE)
    User = apps.get_model("accounts", "User")
    lead = User.objects.create(email="lead@example.org", can_create_processes=True)
    copil = User.objects.create(email="copil@example.org")
    User.objects.create(email="nobody@example.org")
    process = apps.get_model("processes", "Process").objects.create(
        title="Plan", calendar_token="t"
    )
    apps.get_model("processes", "Membership").objects.create(
        process=process, user=lead, role="facilitator"
    )
    apps.get_model("processes", "Membership").objects.create(
        process=process, user=copil, role="committee_member"
    )
    organisation = apps.get_model("organisations", "Organisation").objects.create(
        name="Recyclerie", search_name="recyclerie", kind="ess"
    )
    person = apps.get_model("organisations", "Person").objects.create(
        last_name="Rivière", calendar_token="p"
    )

    apps = migrate_to(AFTER)
    workspace = apps.get_model("workspaces", "Workspace").objects.get()
    assert (workspace.slug, workspace.name) == ("espace-principal", "Espace principal")
    for model, pk in (("processes.Process", process.pk),
                      ("organisations.Organisation", organisation.pk),
                      ("organisations.Person", person.pk)):  # fmt: skip
        assert apps.get_model(model).objects.get(pk=pk).workspace_id == workspace.pk
    roles = dict(
        apps.get_model("workspaces", "WorkspaceMember")
        .objects.filter(workspace=workspace)
        .values_list("user__email", "role")
    )
    assert roles == {"lead@example.org": "admin", "copil@example.org": "member"}
