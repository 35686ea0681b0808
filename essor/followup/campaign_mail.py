"""The campaign's e-mails: built (one per pilot, HTML and text, French) and sent in
background work, never inside a web request (hundreds of pilots)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from email.headerregistry import Address

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.followup.campaign_models import CampaignLink
from essor.jobs.models import register_kind
from essor.jobs.services import Outcome, run, start

KIND = "followup.campaign_mail"
register_kind(KIND, gettext_lazy("E-mails of a reporting campaign"))

INITIAL, REMINDER = "initial", "reminder"
# Messages handed to the mail server at once (one connection per batch).
BATCH = 50


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("followup:pilot", args=[token])


def build_message(link: CampaignLink, token: str, kind: str, actions) -> EmailMultiAlternatives:
    """The e-mail to one pilot (no database access: ``actions`` are given)."""
    campaign = link.campaign
    context = {
        "link": link,
        "campaign": campaign,
        "plan": campaign.plan,
        "actions": actions,
        "url": link_url(token),
        "reminder": kind == REMINDER,
        "links_end": campaign.links_end,
    }
    if kind == REMINDER:
        subject = _("Reminder: your progress report on the plan “%(plan)s” for %(year)s")
    else:
        subject = _("Your progress report on the plan “%(plan)s” for %(year)s")
    subject = subject % {"plan": campaign.plan.name, "year": campaign.year}
    message = EmailMultiAlternatives(
        subject,
        render_to_string("followup/campaign_mail.txt", context),
        None,
        # Address quotes a name holding a comma ("Dupont, Jean"): one recipient, not two.
        [str(Address(display_name=link.name, addr_spec=link.email))],
    )
    message.attach_alternative(
        render_to_string("followup/campaign_mail.html", context), "text/html"
    )
    return message


def send_links(
    links: Iterable[CampaignLink],
    kind: str,
    *,
    mark: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Give each link a fresh token and e-mail it; record the sending on the link.

    ``mark``: the field recording this sending (``sent_at`` for the first mail,
    ``reminded_before_at``... for automatic reminders), written with the token once the
    mail is accepted, so a run that stops half-way resends nothing already sent."""
    links = list(links)
    ids = [link.pk for link in links]
    by_link: dict[int, list] = {pk: [] for pk in ids}
    for row in (
        CampaignLink.actions.through.objects.filter(campaignlink_id__in=ids)
        .select_related("action")
        .order_by("action__order", "action_id")
    ):
        by_link[row.campaignlink_id].append(row.action)
    connection = get_connection()
    sent = 0
    fields = ["token_hash", "issued_at", "revoked_at", "reminded_at"] + ([mark] if mark else [])
    for start_at in range(0, len(links), BATCH):
        batch = links[start_at : start_at + BATCH]
        now = timezone.now()
        messages = []
        for link in batch:
            token = link.issue_token()
            link.reminded_at = now if kind == REMINDER else link.reminded_at
            if mark:
                setattr(link, mark, now)
            messages.append(build_message(link, token, kind, by_link[link.pk]))
        sent += connection.send_messages(messages) or 0
        with transaction.atomic():
            CampaignLink.objects.bulk_update(batch, fields)
        if progress:
            progress(start_at + len(batch), len(links))
    return sent


@task()
def send_campaign_mails(job_id: str, link_ids: list[int], kind: str, mark: str):
    def work(job, progress) -> Outcome:
        links = CampaignLink.objects.filter(pk__in=link_ids).select_related(
            "campaign__plan__process"
        )
        campaign = links[0].campaign if links else None
        count = send_links(links, kind, mark=mark, progress=progress)
        url = ""
        if campaign is not None:
            plan = campaign.plan
            url = reverse("followup:campaign", args=[plan.process_id, plan.pk, campaign.pk])
        text = ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", count)
        return Outcome(text % {"count": count}, url)

    run(job_id, work)


def start_sending(campaign, links: list[CampaignLink], kind: str, actor, mark: str = ""):
    """The background work sending those links' e-mails (the caller redirects to its page)."""
    return start(
        KIND,
        send_campaign_mails,
        owner=actor,
        workspace=campaign.plan.process.workspace,
        args=([link.pk for link in links], kind, mark),
    )
