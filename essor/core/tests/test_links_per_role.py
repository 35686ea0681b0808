"""Every link a role is shown leads to a page that role may open: no 403 behind a link.

A small crawler follows the links of the pages each member of the cast reaches from
the home page and the process (a workshop, a plan and a meeting give it something to
walk through) and asks each of them once."""

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.urls import reverse

from essor.workshops.tests.data import make_workshop

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
# Downloads and exports are links too, but they are not pages: they are asked like the others.
MAX_PAGES = 250


def _links(html: str) -> set[str]:
    found = set()
    for href in HREF.findall(html):
        url = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or not url.startswith("/"):
            continue
        if url.startswith(("/static/", "/media/", "/admin/")):
            continue
        found.add(url)
    return found


def crawl(client, start: list[str]) -> dict[str, int]:
    """Status of every page reached from ``start`` by following links (GET only)."""
    seen: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith("text/html"):
            queue.extend(link for link in _links(response.content.decode()) if link not in seen)
    return seen


def _world(cast):
    """Something behind most links: a workshop with an idea, a plan with an axis and an action."""
    from essor.contributions.services import add_contribution
    from essor.plans import services
    from essor.plans.models import Axis
    from essor.plans.services import ActionData

    ws = make_workshop(cast)
    add_contribution(process=cast.process, workshop=ws.workshop, text="Un tiers-lieu")
    plan = services.create_plan(process=cast.process, name="Plan d'action", actor=cast.facilitator)
    axis = Axis.objects.create(plan=plan, number="1", title="Coopérer")
    services.create_action(
        plan=plan,
        data=ActionData(fields={"title": "Créer un club ESS", "axis": axis, "status": "retained"}),
        actor=cast.facilitator,
    )


@pytest.mark.parametrize("role", ["committee_member", "contributor", "facilitator"])
def test_no_link_leads_to_a_403(client_as, cast, role):
    _world(cast)
    statuses = crawl(client_as(role), ["/", reverse("processes:detail", args=[cast.process.pk])])
    forbidden = sorted(url for url, status in statuses.items() if status == 403)
    assert forbidden == [], f"{role} is shown links to pages refused to them: {forbidden}"
    assert len(statuses) > 10  # the crawler did walk the site


@pytest.mark.parametrize("role", ["committee_member", "contributor"])
def test_committee_members_and_contributors_see_no_directory_link(client_as, cast, role):
    client = client_as(role)
    directory = reverse("organisations:list")
    assert client.get(directory).status_code == 403
    for url in ("/", reverse("processes:detail", args=[cast.process.pk])):
        assert f'href="{directory}"' not in client.get(url).content.decode()


def test_facilitator_sees_the_directory_link(client_as, cast):
    client = client_as("facilitator")
    directory = reverse("organisations:list")
    assert client.get(directory).status_code == 200
    assert f'href="{directory}"' in client.get("/").content.decode()
