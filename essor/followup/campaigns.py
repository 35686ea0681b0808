"""Reporting campaigns: opening one, who its pilots are, who answered, closing it.

Sending the e-mails is essor.followup.campaign_mail's (in background work); the daily
reminders are ``send_due_reminders`` (``manage.py send_followup_reminders`` and the
periodic registry).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.followup.campaign_models import MESSAGE_MAX_LENGTH, Campaign, CampaignLink
from essor.followup.models import ProgressReport
from essor.followup.summary import summary_contract
from essor.organisations.models import Person
from essor.plans.models import Action, Plan

REMIND_DAYS_BEFORE = 7
REMIND_DAYS_AFTER = 1
RECENT_REMINDER_DAYS = 2


@dataclass
class Pilot:
    """Someone a campaign writes to, with every action of theirs it concerns."""

    email: str
    name: str
    person: Person | None
    actions: list[int] = field(default_factory=list)


def pilots_of(plan: Plan, actions) -> list[Pilot]:
    """The pilots of ``actions`` who can be written to, one per e-mail address.

    A pilot is a person of the directory named pilot of an action, or a person of an
    organisation named pilot (as ``Action.objects.piloted_by`` reads it), with an address.
    Two queries, whatever the number of actions."""
    action_ids = [a.pk for a in actions]
    people = Person.objects.filter(workspace_id=plan.process.workspace_id).exclude(email="")
    direct = people.filter(piloted_actions__in=action_ids).values_list(
        "pk", "first_name", "last_name", "email", "piloted_actions"
    )
    through = people.filter(organisation__piloted_actions__in=action_ids).values_list(
        "pk", "first_name", "last_name", "email", "organisation__piloted_actions"
    )
    found: dict[str, Pilot] = {}
    persons: dict[int, Person] = {}
    for pk, first, last, email, action_id in [*direct, *through]:
        key = email.strip().lower()
        if key not in found:
            person = persons.setdefault(pk, Person(pk=pk, first_name=first, last_name=last))
            found[key] = Pilot(email.strip(), f"{first} {last}".strip(), person)
        if action_id not in found[key].actions:
            found[key].actions.append(action_id)
    return sorted(found.values(), key=lambda p: (p.name.lower(), p.email))


def _already_open(year: int) -> str:
    return _("A campaign for %(year)s is already open for this plan.") % {"year": year}


def _check(plan: Plan, year: int, deadline: dt.date, message: str, today: dt.date) -> None:
    errors = {}
    if not plan.is_frozen:
        raise ValidationError(_("Only a validated (frozen) plan can be followed."))
    if not plan.mandate_start <= year <= plan.mandate_end:
        errors["year"] = _("The year must be within the mandate (%(start)s to %(end)s).") % {
            "start": plan.mandate_start,
            "end": plan.mandate_end,
        }
    elif Campaign.objects.open().filter(plan=plan, year=year).exists():
        errors["year"] = _already_open(year)
    if deadline < today:
        errors["deadline"] = _("The deadline cannot be in the past.")
    if len(message) > MESSAGE_MAX_LENGTH:
        errors["message"] = _("The message is too long.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_campaign(
    plan: Plan,
    *,
    year: int,
    deadline: dt.date,
    actor,
    message: str = "",
    actions: list[Action] | None = None,
    today: dt.date | None = None,
) -> Campaign:
    """Open the campaign and make one (not yet sent) link per pilot of its actions.

    ``actions`` None: all the actions the plan retained. The links get their tokens
    when their e-mail is sent (campaign_mail.send_links)."""
    _check(plan, year, deadline, message, today or timezone.localdate())
    retained = plan.actions.retained()
    chosen = None
    if actions is not None:
        chosen = list(retained.filter(pk__in=[a.pk for a in actions]))
        if not chosen:
            raise ValidationError({"actions": _("Choose at least one action.")})
    try:
        with transaction.atomic():  # two facilitators opening the same year at once
            campaign = Campaign.objects.create(
                plan=plan,
                year=year,
                deadline=deadline,
                message=message,
                all_actions=chosen is None,
                opened_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError({"year": _already_open(year)}) from None
    if chosen is not None:
        campaign.actions.set(chosen)
    pilots = pilots_of(plan, chosen if chosen is not None else list(retained.only("pk")))
    links = CampaignLink.objects.bulk_create(
        [
            CampaignLink(campaign=campaign, person=p.person, name=p.name or p.email, email=p.email)
            for p in pilots
        ]
    )
    Through = CampaignLink.actions.through
    Through.objects.bulk_create(
        [
            Through(campaignlink_id=link.pk, action_id=action_id)
            for link, pilot in zip(links, pilots, strict=True)
            for action_id in pilot.actions
        ]
    )
    log_action(
        actor,
        "followup.campaign_opened",
        plan,
        year=year,
        campaign=campaign.pk,
        deadline=deadline.isoformat(),
        pilots=len(links),
    )
    return campaign


ANSWERED, NOT_YET, LATE = "answered", "not_yet", "late"


@dataclass
class LinkRow:
    link: CampaignLink
    actions: list[Action]
    reported: int
    state: str = NOT_YET  # answered (every action reported), not yet, or late


def _row(link: CampaignLink, actions: list[Action], done: set, late: bool) -> LinkRow:
    reported = sum(1 for a in actions if a.lineage in done)
    state = ANSWERED if reported >= len(actions) else (LATE if late else NOT_YET)
    return LinkRow(link, actions, reported, state)


@dataclass
class Board:
    """Who answered a campaign and which of its actions have no report for its year."""

    campaign: Campaign
    rows: list[LinkRow]
    unreported: list[Action]
    unreachable: list[Action]

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def answered_count(self) -> int:
        return self.count(ANSWERED)

    @property
    def waiting_count(self) -> int:
        return self.count(NOT_YET)

    @property
    def late(self) -> list[LinkRow]:
        return [row for row in self.rows if row.state == LATE]


def reported_lineages(campaign: Campaign) -> set:
    """Actions (by lineage) reported on for the campaign's year since it opened."""
    return set(
        ProgressReport.objects.for_plan(campaign.plan)
        .filter(year=campaign.year, created_at__gte=campaign.opened_at)
        .values_list("lineage", flat=True)
    )


def board(campaign: Campaign, today: dt.date | None = None) -> Board:
    """The campaign page's figures, in a fixed number of queries."""
    today = today or timezone.localdate()
    done = reported_lineages(campaign)
    actions = list(campaign.concerned_actions().select_related("axis").order_by("order", "id"))
    links = campaign.links.prefetch_related("actions").order_by("name", "id")
    rows = []
    reached = set()
    for link in links:
        mine = sorted(link.actions.all(), key=lambda a: (a.order, a.pk))
        reached.update(a.pk for a in mine)
        rows.append(_row(link, mine, done, campaign.is_late_on(today)))
    ever = set(
        ProgressReport.objects.for_plan(campaign.plan)
        .filter(year=campaign.year)
        .values_list("lineage", flat=True)
    )
    return Board(
        campaign,
        rows,
        unreported=[a for a in actions if a.lineage not in ever],
        unreachable=[a for a in actions if a.pk not in reached],
    )


def unanswered_links(campaign: Campaign, today: dt.date | None = None, *, late_only=False):
    """The live links whose pilot has not reported on all of their actions yet."""
    rows = board(campaign, today).rows
    wanted = {LATE} if late_only else {LATE, NOT_YET}
    return [row.link for row in rows if row.state in wanted and row.link.revoked_at is None]


@transaction.atomic
def revoke_link(link: CampaignLink, actor) -> None:
    link.revoke()
    link.save(update_fields=["token_hash", "revoked_at"])
    log_action(actor, "followup.campaign_link_revoked", link.campaign, link=link.pk)


@transaction.atomic
def close_campaign(campaign: Campaign, actor, today: dt.date | None = None) -> Campaign:
    """Close it: every link stops working, and the year's figures are kept as they are now."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError(_("This campaign is already closed."))
    figures = board(campaign, today)
    campaign.snapshot = {
        **summary_contract(campaign.plan, campaign.year, today),
        "pilots": {
            "total": len(figures.rows),
            ANSWERED: figures.count(ANSWERED),
            LATE: figures.count(LATE),
            NOT_YET: figures.count(NOT_YET),
        },
        "unreported": [a.title for a in figures.unreported],
    }
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["snapshot", "closed_at"])
    log_action(
        actor, "followup.campaign_closed", campaign.plan, campaign=campaign.pk, year=campaign.year
    )
    return campaign


def due_reminders(today: dt.date) -> list[tuple[CampaignLink, str]]:
    """(link, which reminder) due on ``today``: a week before the deadline, the day after.

    A reminder missed on its day (the cron did not run) is still sent later, but the
    "before" one never after the deadline."""
    due = []
    campaigns = Campaign.objects.open().select_related("plan__process")
    campaigns = campaigns.filter(deadline__gte=today - dt.timedelta(days=60))
    for campaign in campaigns:
        before = campaign.deadline - dt.timedelta(days=REMIND_DAYS_BEFORE)
        after = campaign.deadline + dt.timedelta(days=REMIND_DAYS_AFTER)
        if before <= today <= campaign.deadline:
            which = "before"
        elif after <= today <= campaign.links_end:
            which = "after"
        else:
            continue
        recent = today - dt.timedelta(days=RECENT_REMINDER_DAYS)
        for link in unanswered_links(campaign, today):
            if not link.sent_at or getattr(link, f"reminded_{which}_at"):
                continue
            # Reminded by hand a moment ago: this one waits (it goes out a day later).
            if link.reminded_at and timezone.localdate(link.reminded_at) > recent:
                continue
            due.append((link, which))
    return due


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send the reminders due today; each is recorded, so a second run sends nothing."""
    from django.conf import settings
    from django.utils import translation

    from essor.followup.campaign_mail import REMINDER, send_links

    today = today or timezone.localdate()
    due = due_reminders(today)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):  # the pilots read French
        for which in ("before", "after"):
            links = [link for link, kind in due if kind == which]
            sent += send_links(links, REMINDER, mark=f"reminded_{which}_at")
    return sent


@transaction.atomic
def record_pilot_report(action: Action, *, year: int, data: dict, actor, author_label: str = ""):
    """A pilot's report and indicator values on one action, all written or none.

    Returns the reports others made meanwhile (services.record_report). A document given
    as ``data["file"]`` is kept as evidence of the new report."""
    from essor.followup import services
    from essor.followup.evidence import attach_evidence, note_public_by_default

    values = data.get("values", {})
    report, meanwhile = services.record_report(
        action,
        year=year,
        status=data["status"],
        progress=data.get("progress"),
        note=data.get("note", ""),
        # A pilot's note is public or internal as the plan says by default.
        note_is_public=note_public_by_default(action.plan),
        spent_operating=data.get("spent_operating"),
        spent_investment=data.get("spent_investment"),
        seen_up_to=data.get("seen_up_to"),
        actor=actor,
        author_label=author_label,
    )
    for indicator, value in values.items():
        indicator.action = action
        services.record_indicator_value(
            indicator, year=year, value=value, actor=actor, author_label=author_label
        )
    if data.get("file"):
        attach_evidence(report, upload=data["file"], title="", actor=actor)
    return meanwhile


def reporting_year(plan: Plan, today: dt.date) -> int:
    """The year a pilot reports on: that of the plan's open campaign, else this year
    (kept within the mandate)."""
    open_years = [c.year for c in plan.campaigns.all() if c.is_open]
    year = max(open_years) if open_years else today.year
    return min(max(year, plan.mandate_start), plan.mandate_end)
