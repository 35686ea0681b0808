"""Axes get an identity across the versions of a plan (``lineage``), like actions: the
copies of an axis (same process, number and title) share one."""

import uuid

from django.db import migrations, models


def give_lineages(apps, schema_editor):
    Axis = apps.get_model("plans", "Axis")
    lineages = {}
    for pk, process_id, number, title in Axis.objects.order_by("id").values_list(
        "pk", "plan__process_id", "number", "title"
    ):
        key = (process_id, number.strip(), " ".join(title.lower().split()))
        Axis.objects.filter(pk=pk).update(lineage=lineages.setdefault(key, uuid.uuid4()))


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_indicator_lineage")]

    operations = [
        migrations.AddField(
            model_name="axis",
            name="lineage",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_lineages, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="axis",
            name="lineage",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
