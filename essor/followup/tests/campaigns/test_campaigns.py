"""Reporting campaigns: who the pilots are, the e-mails, the reminders, closing, RGPD."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from essor.core import periodic
from essor.followup import campaigns, services
from essor.followup.campaign_mail import INITIAL, build_message, send_links
from essor.followup.campaign_models import Campaign, CampaignLink
from essor.followup.models import ProgressReport
from essor.followup.rgpd import describe, erase
from essor.followup.tests.campaigns.conftest import deadline, token_of


def test_one_link_per_pilot_with_all_their_actions(followed, pilots, campaign):
    links = {link.email: link for link in campaign.links.all()}
    assert set(links) == {"alice@asso.example", "bruno@cress.example", "contrib@example.org"}
    assert set(links["alice@asso.example"].actions.all()) == {followed.place, followed.training}
    assert set(links["bruno@cress.example"].actions.all()) == {followed.network}
    assert set(links["contrib@example.org"].actions.all()) == {followed.training}
    assert links["alice@asso.example"].person == pilots.alice
    # Only the hash of a token is stored, and a different token for each link.
    assert len({link.token_hash for link in links.values()}) == 3
    assert all(len(link.token_hash) == 64 and link.sent_at for link in links.values())


def test_one_french_mail_per_pilot_html_and_text(campaign, followed):
    assert len(mail.outbox) == 3
    alice = next(m for m in mail.outbox if "alice@asso.example" in m.to[0])
    assert (
        alice.subject == "Votre point d’avancement sur le plan «\u00a0Plan adopté\u00a0» pour 2025"
    )
    assert "Bonjour Alice Asso," in alice.body
    assert "- Un tiers-lieu de l'ESS" in alice.body and "- Former les élus" in alice.body
    assert "Une monnaie locale" not in alice.body  # not retained
    assert "Merci de votre aide !" in alice.body
    html, kind = alice.alternatives[0]
    assert kind == "text/html" and '<html lang="fr">' in html
    assert "Un tiers-lieu de l&#x27;ESS" in html and token_of("alice@asso.example") in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline": dt.date(2020, 1, 1)}, "deadline", "ne peut pas être dans le passé"),
        ({"year": 2031}, "year", "comprise dans le mandat (2024 à 2030)"),
        ({"year": 2023}, "year", "comprise dans le mandat"),
        ({"message": "x" * 3001}, "message", "trop long"),
    ],
)
def test_bad_campaigns_are_refused_in_french(followed, pilots, cast, changes, field, message):
    data = {"year": 2025, "deadline": deadline(), "actor": cast.facilitator, **changes}
    with pytest.raises(ValidationError) as error:
        campaigns.open_campaign(followed.plan, **data)
    assert message in " ".join(error.value.message_dict[field])
    assert not Campaign.objects.exists() and not CampaignLink.objects.exists()


def test_one_open_campaign_per_plan_and_year(followed, campaign, cast):
    with pytest.raises(ValidationError) as error:
        campaigns.open_campaign(
            followed.plan, year=2025, deadline=deadline(), actor=cast.facilitator
        )
    assert "déjà ouverte" in error.value.message_dict["year"][0]
    campaigns.close_campaign(campaign, cast.facilitator)
    again = campaigns.open_campaign(
        followed.plan, year=2025, deadline=deadline(), actor=cast.facilitator
    )
    assert again.pk != campaign.pk


def test_a_campaign_on_chosen_actions_writes_to_their_pilots_only(followed, pilots, cast):
    chosen = campaigns.open_campaign(
        followed.plan,
        year=2025,
        deadline=deadline(),
        actions=[followed.network],
        actor=cast.facilitator,
    )
    assert [link.email for link in chosen.links.all()] == ["bruno@cress.example"]
    assert list(chosen.concerned_actions()) == [followed.network]


def test_board_answered_not_yet_late_and_unreported(followed, pilots, campaign, cast):
    services.record_report(
        followed.network, year=2025, status="in_progress", actor=None, author_label="Bruno Réseau"
    )
    services.record_report(followed.training, year=2025, status="done", actor=cast.facilitator)
    today = timezone.localdate()
    states = {row.link.email: row.state for row in campaigns.board(campaign, today).rows}
    assert states == {
        "alice@asso.example": "not_yet",
        "bruno@cress.example": "answered",
        "contrib@example.org": "answered",
    }
    after = campaigns.board(campaign, campaign.deadline + dt.timedelta(days=1))
    assert [row.link.email for row in after.late] == ["alice@asso.example"]
    assert after.unreported == [followed.place]
    assert after.unreachable == []


def test_reminders_a_week_before_and_the_day_after_once_each(followed, campaign, cast):
    services.record_report(followed.network, year=2025, status="done", actor=cast.facilitator)
    mail.outbox.clear()
    assert campaigns.send_due_reminders(campaign.deadline - dt.timedelta(days=8)) == 0
    week_before = campaign.deadline - dt.timedelta(days=7)
    assert campaigns.send_due_reminders(week_before) == 2  # Bruno answered
    assert campaigns.send_due_reminders(week_before) == 0  # idempotent
    assert campaigns.send_due_reminders(campaign.deadline) == 0
    assert {m.to[0] for m in mail.outbox} == {
        "Alice Asso <alice@asso.example>",
        "Claude Contributeur <contrib@example.org>",
    }
    assert all(m.subject.startswith("Rappel\u00a0: ") for m in mail.outbox)
    assert "nous attendons encore votre point" in mail.outbox[0].body
    day_after = campaign.deadline + dt.timedelta(days=1)
    assert campaigns.send_due_reminders(day_after) == 2
    assert campaigns.send_due_reminders(day_after + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 4


def test_the_command_and_the_periodic_job_send_nothing_twice(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.localdate() + dt.timedelta(days=7)
    )
    mail.outbox.clear()
    call_command("send_followup_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 3
    call_command("send_followup_reminders", stdout=io.StringIO())
    assert periodic.jobs()["followup.reminders"]() == 0
    assert len(mail.outbox) == 3


def test_a_pilot_reminded_by_hand_is_not_reminded_again_the_same_day(campaign):
    alice = campaign.links.get(email="alice@asso.example")
    send_links([alice], "reminder")
    mail.outbox.clear()
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(deadline=today + dt.timedelta(days=7))
    assert campaigns.send_due_reminders(today) == 2
    assert "alice@asso.example" not in " ".join(m.to[0] for m in mail.outbox)
    # Two days later, Alice's automatic reminder goes out, once.
    later = today + dt.timedelta(days=2)
    assert campaigns.send_due_reminders(later) == 1
    assert campaigns.send_due_reminders(later) == 0


def test_a_name_with_a_comma_is_one_recipient(campaign):
    link = campaign.links.get(email="alice@asso.example")
    link.name = "Asso, Alice"
    message = build_message(link, "jeton", "initial", [])
    assert message.to == ['"Asso, Alice" <alice@asso.example>']
    assert len(message.recipients()) == 1


def test_a_reminder_gives_a_new_link_and_the_old_one_stops(campaign, client):
    old = token_of("alice@asso.example")
    alice = campaign.links.get(email="alice@asso.example")
    send_links([alice], "reminder")
    new = token_of("alice@asso.example")
    assert new != old
    assert client.get(f"/demarches/suivi/lien/{old}/").status_code == 404
    assert client.get(f"/demarches/suivi/lien/{new}/").status_code == 200


def test_closing_keeps_the_years_figures(followed, campaign, cast):
    services.record_report(
        followed.place,
        year=2025,
        status="blocked",
        actor=cast.facilitator,
        spent_operating=Decimal(1200),
    )
    closed = campaigns.close_campaign(campaign, cast.facilitator)
    snapshot = closed.snapshot
    assert snapshot["year"] == 2025 and snapshot["actions"]["by_status"]["blocked"] == 1
    assert snapshot["budget"]["spent"]["operating"] == 1200
    assert snapshot["pilots"] == {"total": 3, "answered": 0, "late": 0, "not_yet": 3}
    # A later report changes the live figures, never the snapshot.
    services.record_report(
        followed.place,
        year=2025,
        status="done",
        actor=cast.facilitator,
        spent_operating=Decimal(9000),
    )
    closed.refresh_from_db()
    assert closed.snapshot["budget"]["spent"]["operating"] == 1200
    with pytest.raises(ValidationError, match="déjà close"):
        campaigns.close_campaign(closed, cast.facilitator)


def test_a_pilots_report_and_values_are_written_together_or_not_at_all(followed, campaign):
    data = {
        "status": "in_progress",
        "progress": 20,
        "note": "",
        "values": {followed.jobs: Decimal(12)},
    }
    campaigns.record_pilot_report(
        followed.place, year=2025, data=data, actor=None, author_label="Alice Asso"
    )
    assert followed.jobs.values.get().author_label == "Alice Asso"
    with pytest.raises(ValidationError):
        campaigns.record_pilot_report(followed.place, year=2031, data=data, actor=None)
    assert ProgressReport.objects.count() == 1 and followed.jobs.values.count() == 1


def test_erasing_a_pilot_deletes_their_links(campaign, pilots):
    effects = describe(pilots.alice)
    assert any("lien personnel d’une campagne" in e.text and e.count == 1 for e in effects)
    erase(pilots.alice)
    assert not CampaignLink.objects.filter(email="alice@asso.example").exists()
    assert CampaignLink.objects.count() == 2


def test_sending_no_link_sends_nothing(campaign):
    assert send_links([], INITIAL) == 0
