import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from essor.methods.models import MethodTemplate
from essor.processes.services import create_process_from_template
from essor.territories.lookup import TerritoryKeyError, resolve_key
from essor.workspaces.commands import workspace_from_option


class Command(BaseCommand):
    help = (
        "Create a process from a method template and print its id, e.g. "
        "create_process --template methode-cabinet-3-phases --territory epci:244900015 "
        '--territory commune:49007 --title "Plan ESS d\'Angers" --workspace angers.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--template", required=True, help="Slug of the method template.")
        parser.add_argument(
            "--territory",
            action="append",
            required=True,
            help="Territory key (commune:CODE, epci:SIREN, departement:CODE, region:CODE, "
            "france); repeat for several territories.",
        )
        parser.add_argument("--title", required=True)
        parser.add_argument("--start-date", help="YYYY-MM-DD; phase dates are computed from it.")
        parser.add_argument("--facilitator", help="E-mail of an existing account.")
        parser.add_argument(
            "--workspace", help="Slug of the workspace; optional when there is only one."
        )

    def handle(self, *args, **options):
        from essor.accounts.models import User

        workspace = workspace_from_option(options["workspace"])
        templates = MethodTemplate.objects.filter(
            Q(workspace__isnull=True) | Q(workspace=workspace)
        )
        try:
            template = templates.get(slug=options["template"])
        except MethodTemplate.DoesNotExist:
            slugs = ", ".join(templates.values_list("slug", flat=True)) or "—"
            raise CommandError(
                _("Unknown method template “%(slug)s”. Templates: %(slugs)s.")
                % {"slug": options["template"], "slugs": slugs}
            ) from None
        try:
            territories = [resolve_key(key) for key in options["territory"]]
        except TerritoryKeyError as exc:
            raise CommandError(str(exc)) from None
        title = options["title"].strip()
        if not title:
            raise CommandError(_("The title of the process cannot be empty."))
        start_date = None
        if options["start_date"]:
            try:
                start_date = dt.date.fromisoformat(options["start_date"])
            except ValueError:
                raise CommandError(
                    _("Invalid start date “%(value)s”: expected YYYY-MM-DD.")
                    % {"value": options["start_date"]}
                ) from None
        facilitator = None
        if options["facilitator"]:
            facilitator = User.objects.filter(email__iexact=options["facilitator"]).first()
            if facilitator is None:
                raise CommandError(
                    _("No account for “%(email)s”.") % {"email": options["facilitator"]}
                )
        process = create_process_from_template(
            workspace=workspace,
            template=template,
            title=title,
            territories=territories,
            created_by=facilitator,
            start_date=start_date,
        )
        self.stdout.write(str(process.pk))
