"""Pilots of the followed plan (conftest.followed) and an open campaign for 2025."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.utils import timezone

from essor.followup import campaigns
from essor.organisations.models import Organisation, Person

LINK = re.compile(r"https?://[^\s\"<]+/suivi/lien/([\w-]+)/")


@dataclass
class Pilots:
    alice: object  # pilot of ``place`` and ``training``
    bruno: object  # of the organisation piloting ``network``
    claude: object  # the cast's contributor, pilot of ``training``
    quiet: object  # pilot of ``place`` without an e-mail address


@pytest.fixture
def pilots(followed, cast):
    workspace = cast.workspace
    cress = Organisation.objects.create(workspace=workspace, name="CRESS", kind="network")
    alice = Person.objects.create(
        workspace=workspace, first_name="Alice", last_name="Asso", email="alice@asso.example"
    )
    bruno = Person.objects.create(
        workspace=workspace,
        first_name="Bruno",
        last_name="Réseau",
        email="bruno@cress.example",
        organisation=cress,
    )
    claude = Person.objects.create(
        workspace=workspace,
        first_name="Claude",
        last_name="Contributeur",
        email=cast.contributor.email,
        user=cast.contributor,
    )
    quiet = Person.objects.create(workspace=workspace, last_name="Sans-Adresse")
    followed.place.pilot_people.add(alice, quiet)
    followed.training.pilot_people.add(alice, claude)
    followed.network.pilot_organisations.add(cress)
    followed.dropped.pilot_people.add(alice)  # not retained: never in a campaign
    return Pilots(alice, bruno, claude, quiet)


def deadline():
    return timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def campaign(followed, pilots, cast, django_capture_on_commit_callbacks):
    """An open campaign for 2025 whose e-mails were sent (mail.outbox holds them)."""
    from essor.followup.campaign_mail import INITIAL, send_links

    opened = campaigns.open_campaign(
        followed.plan,
        year=2025,
        deadline=deadline(),
        message="Merci de votre aide !",
        actor=cast.facilitator,
    )
    send_links(opened.links.all(), INITIAL, mark="sent_at")
    return opened


def token_of(email: str, outbox=None) -> str:
    """The token of the latest mail sent to ``email``."""
    for message in reversed(outbox if outbox is not None else mail.outbox):
        if any(email in to for to in message.to):
            return LINK.search(message.body).group(1)
    raise AssertionError(f"no mail to {email}")
