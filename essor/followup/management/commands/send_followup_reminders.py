"""Reminders of the reporting campaigns, for a daily cron: a week before the deadline and
the day after, to the pilots who have not reported yet. Idempotent: what was sent is
recorded on each link, so running it twice sends nothing the second time."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from essor.followup.campaigns import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders of the reporting campaigns due today (run daily)."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
