"""Indicators get an identity across the versions of a plan (``lineage``), like actions.

Existing copies are recognised as one indicator when their actions share a lineage and
they bear the same name (the n-th of that name in the action matches the n-th)."""

import uuid

from django.db import migrations, models


def fold(text):
    return " ".join((text or "").lower().split())


def give_lineages(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    lineages = {}
    rows = Indicator.objects.order_by("action__plan_id", "action_id", "id").values_list(
        "pk", "name", "action_id", "action__lineage", "action__plan__process_id"
    )
    seen_in_action = {}
    for pk, name, action_id, action_lineage, process_id in rows:
        rank_key = (action_id, fold(name))
        rank = seen_in_action.get(rank_key, 0)
        seen_in_action[rank_key] = rank + 1
        key = (process_id, action_lineage, fold(name), rank)
        lineage = lineages.setdefault(key, uuid.uuid4())
        Indicator.objects.filter(pk=pk).update(lineage=lineage)


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_merge_frozen_roadmap_and_indicator_fields")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="lineage",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_lineages, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="indicator",
            name="lineage",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
