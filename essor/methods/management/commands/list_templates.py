from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from essor.methods.models import MethodTemplate


class Command(BaseCommand):
    help = "Print the method templates, one per line: identifier (slug), then name."

    def handle(self, *args, **options):
        templates = list(MethodTemplate.objects.order_by("slug"))
        if not templates:
            self.stderr.write(_("No method template yet: run “manage.py load_method_templates”."))
        width = max((len(t.slug) for t in templates), default=0)
        for template in templates:
            self.stdout.write(f"{template.slug.ljust(width)}  {template.name}")
