import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_organisation_person_workspace"),
        ("workspaces", "0002_default_workspace"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="workspaces.workspace",
                verbose_name="workspace",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="workspace",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="workspaces.workspace",
                verbose_name="workspace",
            ),
        ),
    ]
