import hashlib

import django.utils.timezone
from django.db import migrations, models

import essor.core.tokens


def hash_existing_tokens(apps, schema_editor):
    """Links already handed out keep working: their token matches its hash."""
    Invitation = apps.get_model("surveys", "Invitation")
    batch = []
    for invitation in Invitation.objects.only("pk", "token", "created_at").iterator(
        chunk_size=2000
    ):
        invitation.token_hash = hashlib.sha256(invitation.token.encode()).hexdigest()
        invitation.issued_at = invitation.created_at
        batch.append(invitation)
        if len(batch) >= 2000:
            Invitation.objects.bulk_update(batch, ["token_hash", "issued_at"])
            batch = []
    Invitation.objects.bulk_update(batch, ["token_hash", "issued_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="issued_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="link given on"
            ),
        ),
        # Irreversible by nature: the raw tokens are gone once hashed.
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="invitation", name="token"),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(
                default=essor.core.tokens.unknown_token_hash,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
