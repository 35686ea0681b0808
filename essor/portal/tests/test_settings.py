"""The facilitator decides what the public page shows; nobody else changes it."""

import pytest
from django.urls import reverse

from essor.core.models import AuditEntry
from essor.portal.models import PortalSettings

pytestmark = pytest.mark.django_db

EVERYTHING = {part: "on" for part in PortalSettings.PARTS}
# Who may open the settings page: 200, 403 (may see the process, not set it up), 404.
EXPECTED = {
    "admin": 200, "facilitator": 200, "committee_member": 403, "contributor": 403,
    "outsider": 404, "other_workspace": 404, "anonymous": 404,
}  # fmt: skip


def _url(process):
    return reverse("portal:settings", args=[process.pk])


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_opens_and_saves_the_settings_or_is_refused(client_as, cast, role):
    client = client_as(role)
    expected = EXPECTED[role]
    assert client.get(_url(cast.process)).status_code == expected
    response = client.post(_url(cast.process), EVERYTHING)
    if expected == 200:
        assert response.status_code == 302
        saved = PortalSettings.objects.get(process=cast.process)
        assert all(getattr(saved, part) for part in PortalSettings.PARTS)
        assert AuditEntry.objects.filter(verb="portal.settings_saved").count() == 1
    else:
        assert response.status_code == expected
        assert not PortalSettings.objects.exists()
        assert not AuditEntry.objects.filter(verb="portal.settings_saved").exists()


def test_published_process_members_are_still_refused(client_as, cast):
    """Publication opens the portal to everyone, not its settings."""
    cast.process.is_published = True
    cast.process.save()
    PortalSettings.objects.create(process=cast.process)
    for role, expected in (("committee_member", 403), ("outsider", 403), ("anonymous", 403)):
        assert client_as(role).post(_url(cast.process), EVERYTHING).status_code == expected, role
    assert not PortalSettings.objects.get(process=cast.process).show_decisions


def test_the_form_shows_the_current_choice_and_refuses_contributions_without_themes(
    client_as, cast
):
    client = client_as("facilitator")
    html = client.get(_url(cast.process)).content.decode()
    assert 'id="id_show_calendar" checked' in html and 'id="id_show_themes">' in html  # defaults
    assert "La démarche n’est pas publiée" in html
    response = client.post(_url(cast.process), {"show_contributions": "on"})
    assert response.status_code == 200
    assert "affichez aussi ce qui a été entendu" in response.content.decode()
    assert not PortalSettings.objects.exists()
    client.post(_url(cast.process), {"show_themes": "on", "show_contributions": "on"})
    saved = PortalSettings.objects.get(process=cast.process)
    assert saved.show_themes and saved.show_contributions and not saved.show_calendar


def test_the_process_page_links_to_the_settings_and_the_portal(client_as, cast):
    detail = reverse("processes:detail", args=[cast.process.pk])
    portal = reverse("portal:process", args=[cast.process.pk])
    html = client_as("facilitator").get(detail).content.decode()
    assert _url(cast.process) in html and f'href="{portal}"' not in html  # not published yet
    cast.process.is_published = True
    cast.process.save()
    html = client_as("facilitator").get(detail).content.decode()
    assert _url(cast.process) in html and f'href="{portal}"' in html
    html = client_as("anonymous").get(detail).content.decode()
    assert _url(cast.process) not in html and f'href="{portal}"' in html
