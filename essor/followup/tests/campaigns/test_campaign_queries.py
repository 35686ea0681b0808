"""The campaign page, the pilot's page and "my actions" read in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.followup import campaigns
from essor.followup.campaign_mail import INITIAL, send_links
from essor.followup.campaign_models import CampaignLink
from essor.followup.tests.campaigns.conftest import deadline, token_of
from essor.organisations.models import Person


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_keep_their_query_count(followed, pilots, cast, client, client_as):
    from essor.plans.models import Action, Indicator

    def sized(year):
        opened = campaigns.open_campaign(
            followed.plan, year=year, deadline=deadline(), actor=cast.facilitator
        )
        send_links(opened.links.all(), INITIAL, mark="sent_at")
        facilitator = client_as("facilitator")
        page = reverse(
            "followup:campaign", args=[followed.plan.process_id, followed.plan.pk, opened.pk]
        )
        mine = reverse("followup:my_actions", args=[cast.process.pk])
        return (
            _queries(facilitator, page),
            _queries(client, reverse("followup:pilot", args=[token_of("alice@asso.example")])),
            _queries(client_as("contributor"), mine),
        )

    small = sized(2025)
    # More pilots, and more actions for Alice and for the contributor (bulk: the plan is
    # frozen, and the services refuse to edit it).
    for i in range(6):
        person = Person.objects.create(
            workspace=cast.workspace, last_name=f"Pilote {i}", email=f"p{i}@example.org"
        )
        followed.network.pilot_people.add(person)
    added = Action.objects.bulk_create(
        Action(plan=followed.plan, order=50 + i, title=f"Action {i}", status="retained")
        for i in range(6)
    )
    Indicator.objects.bulk_create(Indicator(action=a, name="Ind", unit="n") for a in added)
    for action in added:
        action.pilot_people.add(pilots.alice, pilots.claude)
    large = sized(2026)
    alice = CampaignLink.objects.get(campaign__year=2026, email="alice@asso.example")
    assert (
        alice.actions.count() == 8 and CampaignLink.objects.filter(campaign__year=2026).count() == 9
    )
    assert large == small
