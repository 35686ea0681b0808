from django.db import migrations


class Migration(migrations.Migration):
    # The right to create processes is now being an administrator of a workspace: the
    # default workspace's migration reads this flag first, to make them its admins.
    dependencies = [
        ("accounts", "0001_initial"),
        ("workspaces", "0002_default_workspace"),
    ]

    operations = [migrations.RemoveField(model_name="user", name="can_create_processes")]
