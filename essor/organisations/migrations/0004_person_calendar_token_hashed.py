import hashlib

from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    """Calendars already subscribed keep working: their token matches its hash."""
    Model = apps.get_model("organisations", "person")
    batch = []
    for row in Model.objects.only("pk", "calendar_token").iterator(chunk_size=2000):
        row.calendar_token_hash = hashlib.sha256(row.calendar_token.encode()).hexdigest()
        batch.append(row)
        if len(batch) >= 2000:
            Model.objects.bulk_update(batch, ["calendar_token_hash"])
            batch = []
    Model.objects.bulk_update(batch, ["calendar_token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_organisation_person_workspace_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="calendar_token_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        # The day an existing link was made is not known: left empty.
        migrations.AddField(
            model_name="person",
            name="calendar_token_created_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # Irreversible by nature: the raw tokens are gone once hashed.
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="person", name="calendar_token"),
        migrations.AlterField(
            model_name="person",
            name="calendar_token_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True
            ),
        ),
    ]
