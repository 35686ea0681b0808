import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0002_process_workspace"),
        ("workspaces", "0002_default_workspace"),
    ]

    operations = [
        migrations.AlterField(
            model_name="process",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="processes",
                to="workspaces.workspace",
                verbose_name="workspace",
            ),
        ),
    ]
