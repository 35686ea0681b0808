"""Indicator values keyed by the indicator's identity across versions (and its process),
like progress reports: an amended version of the plan reads the values of the voted one."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    IndicatorValue = apps.get_model("followup", "IndicatorValue")
    rows = IndicatorValue.objects.values_list(
        "pk", "indicator__lineage", "indicator__action__plan__process_id"
    )
    for pk, lineage, process_id in rows.iterator():
        IndicatorValue.objects.filter(pk=pk).update(lineage=lineage, process_id=process_id)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_progress_reports_and_indicator_values"),
        ("plans", "0006_indicator_lineage"),
        ("processes", "0003_process_workspace_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorvalue",
            name="lineage",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="process",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="processes.process",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="lineage",
            field=models.UUIDField(editable=False),
        ),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="process",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="processes.process",
            ),
        ),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(
                fields=["process", "lineage", "year"], name="followup_in_process_6f6eec_idx"
            ),
        ),
    ]
