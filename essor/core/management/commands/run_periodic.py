"""python manage.py run_periodic — the housekeeping a cron runs (every 15 minutes is fine)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.core import periodic


class Command(BaseCommand):
    help = _(
        "Run the periodic housekeeping of every app (expired sessions, abandoned imports, "
        "old background work...). Safe to run as often as wanted."
    )

    def handle(self, *args, **options):
        failed = []
        for name, job in periodic.jobs().items():
            try:
                count = job()
            except Exception as error:  # one job failing must not stop the others
                failed.append(name)
                self.stderr.write(_("%(job)s: failed (%(error)s)") % {"job": name, "error": error})
            else:
                message = ngettext(
                    "%(job)s: %(count)s item handled", "%(job)s: %(count)s items handled", count
                )
                self.stdout.write(message % {"job": name, "count": count})
        if failed:
            raise CommandError(_("Failed: %(jobs)s.") % {"jobs": ", ".join(failed)})
