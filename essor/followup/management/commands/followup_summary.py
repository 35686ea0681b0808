import json

from django.core.management.base import BaseCommand

from essor.followup.management.followed_plan import followed_plan
from essor.followup.summary import summary_contract


class Command(BaseCommand):
    help = "Print the follow-up figures of a validated plan for a year (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="Id of the plan.")
        parser.add_argument("--year", type=int, required=True, help="The year, e.g. 2027.")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, plan, year, format, **options):
        followed = followed_plan(plan, year)
        data = summary_contract(followed, year)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
