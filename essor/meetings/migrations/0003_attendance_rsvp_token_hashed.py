import hashlib

from django.db import migrations, models

import essor.core.tokens


def hash_existing_tokens(apps, schema_editor):
    """Links already e-mailed keep working: their token matches its hash."""
    Attendance = apps.get_model("meetings", "Attendance")
    batch = []
    for attendance in Attendance.objects.only("pk", "rsvp_token").iterator(chunk_size=2000):
        attendance.rsvp_token_hash = hashlib.sha256(attendance.rsvp_token.encode()).hexdigest()
        batch.append(attendance)
        if len(batch) >= 2000:
            Attendance.objects.bulk_update(batch, ["rsvp_token_hash"])
            batch = []
    Attendance.objects.bulk_update(batch, ["rsvp_token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="rsvp_token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        # Irreversible by nature: the raw tokens are gone once hashed.
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="attendance", name="rsvp_token"),
        migrations.AlterField(
            model_name="attendance",
            name="rsvp_token_hash",
            field=models.CharField(
                default=essor.core.tokens.unknown_token_hash,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
