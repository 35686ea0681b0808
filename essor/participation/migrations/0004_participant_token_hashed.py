import hashlib

from django.db import migrations, models

import essor.participation.models


def hash_existing_tokens(apps, schema_editor):
    """Participants keep their browser: the cookie's token matches its hash."""
    Participant = apps.get_model("participation", "Participant")
    batch = []
    for participant in Participant.objects.only("pk", "token").iterator(chunk_size=2000):
        participant.token_hash = hashlib.sha256(participant.token.encode()).hexdigest()
        batch.append(participant)
        if len(batch) >= 2000:
            Participant.objects.bulk_update(batch, ["token_hash"])
            batch = []
    Participant.objects.bulk_update(batch, ["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_participant_browser_and_address_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        # Irreversible by nature: the raw tokens are gone once hashed.
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="participant", name="token"),
        migrations.AlterField(
            model_name="participant",
            name="token_hash",
            field=models.CharField(
                default=essor.participation.models.unknown_token_hash,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
