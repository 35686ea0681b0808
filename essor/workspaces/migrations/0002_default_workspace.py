"""Every existing row moves into one default workspace, "Espace principal".

Users who could create processes become its administrators; every member of
a process becomes a member of it. Nothing is done on an empty database (a
fresh install creates its workspaces with create_workspace or the admin).
"""

from django.db import migrations

DEFAULT_SLUG = "espace-principal"


def forwards(apps, schema_editor):
    Workspace = apps.get_model("workspaces", "Workspace")
    WorkspaceMember = apps.get_model("workspaces", "WorkspaceMember")
    Process = apps.get_model("processes", "Process")
    Membership = apps.get_model("processes", "Membership")
    Organisation = apps.get_model("organisations", "Organisation")
    Person = apps.get_model("organisations", "Person")
    User = apps.get_model("accounts", "User")
    has_rows = any(
        model.objects.exists() for model in (Process, Organisation, Person)
    ) or User.objects.filter(can_create_processes=True).exists()
    if not has_rows:
        return
    workspace, _created = Workspace.objects.get_or_create(
        slug=DEFAULT_SLUG, defaults={"name": "Espace principal"}
    )
    for model in (Process, Organisation, Person):
        model.objects.filter(workspace__isnull=True).update(workspace=workspace)
    admins = set(User.objects.filter(can_create_processes=True).values_list("pk", flat=True))
    members = set(Membership.objects.values_list("user_id", flat=True)) - admins
    WorkspaceMember.objects.bulk_create(
        [WorkspaceMember(workspace=workspace, user_id=pk, role="admin") for pk in sorted(admins)]
        + [WorkspaceMember(workspace=workspace, user_id=pk, role="member") for pk in sorted(members)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workspaces", "0001_initial"),
        ("accounts", "0001_initial"),
        ("processes", "0002_process_workspace"),
        ("organisations", "0002_organisation_person_workspace"),
        ("methods", "0002_methodtemplate_workspace"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
