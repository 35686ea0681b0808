"""The public's form to send a contribution between workshops (issue 13, item 5)."""

import pytest
from django.urls import reverse

from essor.contributions.models import Contribution, ContributionSource, ContributionStatus
from essor.portal.contribute_views import CLIENT_RATE
from essor.portal.models import PortalSettings

IDEA = {"kind": "idea", "text": "Une ressourcerie dans chaque quartier", "commune": "Poitiers"}


@pytest.fixture
def open_portal(cast):
    cast.process.is_published = True
    cast.process.save()
    PortalSettings.objects.create(process=cast.process, accept_contributions=True)
    return cast.process


def url(process):
    return reverse("portal:contribute", args=[process.pk])


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_workspace", "facilitator"])
def test_anyone_sends_a_contribution_that_waits_for_moderation(client_as, open_portal, role):
    client = client_as(role)
    page = client.get(url(open_portal))
    assert page.status_code == 200
    assert 'name="site_web"' in page.content.decode()  # the honeypot, out of sight
    response = client.post(url(open_portal), IDEA)
    assert response.status_code == 302 and response["Location"].endswith("?envoye=1")
    sent = Contribution.objects.get(process=open_portal)
    assert (sent.source, sent.status, sent.kind) == (
        ContributionSource.ONLINE, ContributionStatus.PENDING, "idea",
    )  # fmt: skip
    assert sent.commune.code == "86194"
    assert sent.created_by is None  # the public form is anonymous, even for a member
    assert "bien été reçue" in client.get(response["Location"]).content.decode()


def test_closed_or_unpublished_portal_takes_nothing(client, cast, open_portal):
    settings = open_portal.portal_settings
    settings.accept_contributions = False
    settings.save()
    assert client.get(url(open_portal)).status_code == 404
    assert client.post(url(open_portal), IDEA).status_code == 404
    settings.accept_contributions = True
    settings.save()
    open_portal.is_published = False
    open_portal.save()
    assert client.post(url(open_portal), IDEA).status_code == 404
    assert not Contribution.objects.exists()
    # The elsewhere process never opened anything.
    assert client.get(url(cast.elsewhere_process)).status_code == 404


def test_a_robot_filling_the_honeypot_saves_nothing(client, open_portal):
    response = client.post(url(open_portal), {**IDEA, "site_web": "https://spam.example"})
    assert response.status_code == 302  # answered as if sent
    assert not Contribution.objects.exists()


def test_rate_limit_refuses_in_french_and_keeps_the_text(client, open_portal):
    limit = int(CLIENT_RATE.split("/")[0])
    for n in range(limit):
        assert client.post(url(open_portal), {**IDEA, "text": f"Idée {n}"}).status_code == 302
    response = client.post(url(open_portal), {**IDEA, "text": "Une de trop"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de contributions" in page and "Une de trop" in page
    assert Contribution.objects.count() == limit


def test_bad_input_is_refused_at_the_field(client, open_portal):
    response = client.post(url(open_portal), {**IDEA, "text": "x" * 5000, "commune": "Paris"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "5000" in page and "Aucune commune du territoire" in page
    assert not Contribution.objects.exists()


def test_home_invites_contributions_and_settings_switch_it(client, client_as, open_portal):
    home = reverse("portal:process", args=[open_portal.pk])
    assert url(open_portal) in client.get(home).content.decode()
    data = {name: "on" for name in PortalSettings.PARTS if name != "show_contributions"}
    client_as("facilitator").post(reverse("portal:settings", args=[open_portal.pk]), data)
    open_portal.portal_settings.refresh_from_db()
    assert not open_portal.portal_settings.accept_contributions
    assert url(open_portal) not in client.get(home).content.decode()
    client_as("facilitator").post(
        reverse("portal:settings", args=[open_portal.pk]), {**data, "accept_contributions": "on"}
    )
    open_portal.portal_settings.refresh_from_db()
    assert open_portal.portal_settings.accept_contributions
