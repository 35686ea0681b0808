"""Decisions recorded before a decision was tied to its meeting: link each one to the
meeting of its body held that day, when there is exactly one (an unambiguous match).
The others keep no meeting: the link stays nullable, as a decision may be older than
the calendar or taken at a meeting nobody entered; they are shown without a meeting."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import migrations

PARIS = ZoneInfo("Europe/Paris")


def link_to_meetings(Decision, Meeting) -> int:
    """Link meeting-less decisions to the one meeting of their body held on their day."""
    linked = 0
    for decision in Decision.objects.filter(meeting__isnull=True).iterator():
        start = dt.datetime.combine(decision.decided_on, dt.time(0, 0), tzinfo=PARIS)
        same_day = Meeting.objects.filter(
            body_id=decision.body_id,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        )
        candidates = list(same_day.values_list("pk", flat=True)[:2])
        if len(candidates) == 1:
            Decision.objects.filter(pk=decision.pk).update(meeting_id=candidates[0])
            linked += 1
    return linked


def forwards(apps, schema_editor):
    link_to_meetings(apps.get_model("decisions", "Decision"), apps.get_model("meetings", "Meeting"))


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("meetings", "0002_invitations"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
