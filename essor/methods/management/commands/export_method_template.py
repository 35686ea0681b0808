from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from essor.methods.models import MethodTemplate
from essor.methods.schema import dump_template_file


class Command(BaseCommand):
    help = "Print a method template as a YAML file (format essor-method/1)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifier of the template (see list_templates).")

    def handle(self, *args, slug, **options):
        template = MethodTemplate.objects.filter(slug=slug).first()
        if template is None:
            raise CommandError(
                _("No method template with the identifier “%(slug)s” (see list_templates).")
                % {"slug": slug}
            )
        self.stdout.write(dump_template_file(template.structure), ending="")
