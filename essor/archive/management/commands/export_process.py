from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.archive.export import export_process
from essor.processes.models import Process


class Command(BaseCommand):
    help = "Write a whole process (plan, follow-up, workshops, synthesis…) to a ZIP archive."

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, required=True)
        parser.add_argument("--output", required=True)

    def handle(self, *args, process, output, **options):
        found = Process.objects.filter(pk=process).first()
        if found is None:
            raise CommandError(_("No process has the number %(id)s.") % {"id": process})
        counts = export_process(found, output)
        self.stdout.write(
            _("Archive written to %(path)s: %(rows)s rows.")
            % {"path": output, "rows": sum(counts.values())}
        )
