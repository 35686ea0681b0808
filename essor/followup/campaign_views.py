"""Pages of the reporting campaigns: the facilitator's (open, follow, remind, close), the
pilot's personal link (no account, phone first) and "my actions" for pilots with an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essor.core.caching import no_store
from essor.followup import campaigns
from essor.followup.campaign_forms import CampaignForm, PilotReportForm
from essor.followup.campaign_mail import INITIAL, REMINDER, start_sending
from essor.followup.models import ProgressReport
from essor.followup.permissions import (
    RECORD,
    REPORT_OWN,
    VIEW,
    get_campaign_for,
    get_campaign_link_for,
    get_followed_plan_for,
    get_link_by_token,
    get_piloted_action_for,
    piloted_actions,
)
from essor.followup.views import _add_errors, _context
from essor.processes.context import process_context
from essor.processes.permissions import get_process_for

# --- The facilitator's pages -------------------------------------------------------------


@login_required
def campaign_list(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, VIEW)
    context = _context(request, plan, campaigns=plan.campaigns.all())
    return render(request, "followup/campaign_list.html", context)


@login_required
def campaign_open(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, RECORD)
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None, plan=plan, initial={"year": today.year - 1}, prefix="campaign"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaigns.open_campaign(
                plan,
                year=data["year"],
                deadline=data["deadline"],
                message=data["message"],
                actions=list(data["actions"]) or None,
                actor=request.user,
                today=today,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            links = list(campaign.links.all())
            if not links:
                messages.warning(request, _("No pilot of these actions has an e-mail address."))
                return redirect(_campaign_url(campaign))
            job = start_sending(campaign, links, INITIAL, request.user, mark="sent_at")
            return redirect("jobs:detail", job.pk)
    return render(request, "followup/campaign_open.html", _context(request, plan, form=form))


@login_required
def campaign_detail(request, process_id, plan_id, campaign_id):
    campaign = get_campaign_for(request.user, process_id, plan_id, campaign_id, VIEW)
    context = _context(
        request,
        campaign.plan,
        campaign=campaign,
        board=None if campaign.snapshot else campaigns.board(campaign),
        snapshot=campaign.snapshot,
        today=timezone.localdate(),
    )
    return render(request, "followup/campaign_detail.html", context)


def _campaign_url(campaign) -> str:
    plan = campaign.plan
    return reverse("followup:campaign", args=[plan.process_id, plan.pk, campaign.pk])


def _open_or_refuse(request, campaign) -> bool:
    if not campaign.is_open:
        messages.error(request, _("This campaign is closed."))
        return False
    return True


@login_required
@require_POST
def campaign_remind(request, process_id, plan_id, campaign_id, link_id):
    link = get_campaign_link_for(request.user, process_id, plan_id, campaign_id, link_id)
    if not _open_or_refuse(request, link.campaign):
        return redirect(_campaign_url(link.campaign))
    job = start_sending(link.campaign, [link], REMINDER, request.user)
    return redirect("jobs:detail", job.pk)


@login_required
@require_POST
def campaign_remind_late(request, process_id, plan_id, campaign_id):
    campaign = get_campaign_for(request.user, process_id, plan_id, campaign_id, RECORD)
    if not _open_or_refuse(request, campaign):
        return redirect(_campaign_url(campaign))
    links = campaigns.unanswered_links(campaign, late_only=True)
    if not links:
        messages.info(request, _("No pilot is late."))
        return redirect(_campaign_url(campaign))
    job = start_sending(campaign, links, REMINDER, request.user)
    return redirect("jobs:detail", job.pk)


@login_required
@require_POST
def link_revoke(request, process_id, plan_id, campaign_id, link_id):
    link = get_campaign_link_for(request.user, process_id, plan_id, campaign_id, link_id)
    campaigns.revoke_link(link, request.user)
    messages.success(request, _("The link of %(name)s no longer works.") % {"name": link.name})
    return redirect(_campaign_url(link.campaign))


@login_required
@require_POST
def link_renew(request, process_id, plan_id, campaign_id, link_id):
    """A new link for the pilot, e-mailed (the previous one stops working)."""
    link = get_campaign_link_for(request.user, process_id, plan_id, campaign_id, link_id)
    if not _open_or_refuse(request, link.campaign):
        return redirect(_campaign_url(link.campaign))
    job = start_sending(link.campaign, [link], INITIAL, request.user, mark="sent_at")
    return redirect("jobs:detail", job.pk)


@login_required
@require_POST
def campaign_close(request, process_id, plan_id, campaign_id):
    campaign = get_campaign_for(request.user, process_id, plan_id, campaign_id, RECORD)
    try:
        campaigns.close_campaign(campaign, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The campaign is closed; the year's figures are kept."))
    return redirect(_campaign_url(campaign))


# --- Reporting on one's actions: by personal link, or "my actions" -----------------------


# Up to this many actions, each comes with its report form open on the page; beyond
# (a CRESS officer piloting dozens of actions), the page lists them and opens the form
# of the one chosen (``?action=<id>``): rendering hundreds of forms would take seconds.
INLINE_FORMS = 8


def _opened(request) -> int | None:
    try:
        return int(request.GET.get("action", ""))
    except ValueError:
        return None


def _forms(actions, year: int, bound=None, opened: int | None = None) -> list[dict]:
    """A report form per action (only for the opened one beyond INLINE_FORMS), knowing
    the latest report each author saw."""
    latest = dict(
        ProgressReport.objects.filter(
            lineage__in=[a.lineage for a in actions],
            year=year,
            process_id__in={a.plan.process_id for a in actions},
        )
        .values("lineage")
        .annotate(last=Max("id"))
        .values_list("lineage", "last")
        .order_by()
    )
    entries = []
    every_form = len(actions) <= INLINE_FORMS
    for action in actions:
        indicators = [i for i in action.indicators.all()]
        if bound is not None and bound[0].pk == action.pk:
            form = bound[1]
        elif not every_form and action.pk != opened:
            form = None
        else:
            form = PilotReportForm(
                plan=action.plan,
                indicators=indicators,
                prefix=f"a{action.pk}",
                initial={"seen_up_to": latest.get(action.lineage, 0)},
            )
        entries.append({"action": action, "form": form, "reported": action.lineage in latest})
    return entries


def _record(request, action, year: int, author_label: str, actor):
    """Validate and record a pilot's report; returns the bound form when it is refused."""
    form = PilotReportForm(
        request.POST,
        request.FILES,
        plan=action.plan,
        indicators=action.indicators.order_by("id"),
        prefix=f"a{action.pk}",
    )
    if form.is_valid():
        try:
            meanwhile = campaigns.record_pilot_report(
                action,
                year=year,
                data=form.cleaned_data,
                actor=actor,
                author_label=author_label,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your report on “%(action)s” is recorded.") % {"action": action.title}
            )
            for other in meanwhile:
                messages.warning(
                    request,
                    _(
                        "%(author)s also reported on this action for %(year)s meanwhile: "
                        "both reports are kept, yours is the current one."
                    )
                    % {"author": other.author_name or _("someone"), "year": other.year},
                )
            return None
    return form


def _link_actions(link):
    return list(
        link.actions.retained()
        .select_related("plan", "axis")
        .prefetch_related("indicators")
        .order_by("order", "id")
    )


@no_store
@require_safe
def pilot(request, token):
    link = get_link_by_token(request, token)
    return _pilot_page(request, link, token, opened=_opened(request))


def _pilot_page(request, link, token, bound=None, status=200, opened=None):
    campaign = link.campaign
    actions = _link_actions(link)
    for action in actions:
        action.plan = campaign.plan
    context = {
        "link": link,
        "campaign": campaign,
        "plan": campaign.plan,
        "token": token,
        "entries": _forms(actions, campaign.year, bound, opened),
        "late": campaign.is_late_on(timezone.localdate()),
    }
    return render(request, "followup/campaign_pilot.html", context, status=status)


@no_store
@require_POST
def pilot_report(request, token, action_id):
    link = get_link_by_token(request, token)
    action = next((a for a in _link_actions(link) if a.pk == action_id), None)
    if action is None:
        raise Http404  # not one of this pilot's actions
    action.plan = link.campaign.plan
    # Reported as the pilot the link was made for, even from a browser signed in as
    # someone else (a facilitator trying the link).
    form = _record(request, action, link.campaign.year, author_label=link.name, actor=None)
    if form is None:
        return redirect(reverse("followup:pilot", args=[token]) + f"#action-{action.pk}")
    return _pilot_page(request, link, token, bound=(action, form), status=200)


def _my_actions_page(request, process, bound=None, opened=None):
    today = timezone.localdate()
    actions = list(
        piloted_actions(request.user, process)
        .select_related("plan", "axis")
        .prefetch_related("indicators", "plan__campaigns")
        .order_by("plan_id", "order", "id")
    )
    groups: dict = {}
    for action in actions:
        action.plan.process = process
        groups.setdefault(action.plan, []).append(action)
    plans = []
    for plan, mine in groups.items():
        year = campaigns.reporting_year(plan, today)
        plans.append({"plan": plan, "year": year, "entries": _forms(mine, year, bound, opened)})
    context = {**process_context(request.user, process, "plans"), "plans": plans}
    return render(request, "followup/campaign_my_actions.html", context)


@login_required
def my_actions(request, process_id):
    process = get_process_for(request.user, process_id, REPORT_OWN)
    return _my_actions_page(request, process, opened=_opened(request))


@login_required
@require_POST
def my_report(request, process_id, action_id):
    action = get_piloted_action_for(request.user, process_id, action_id)
    year = campaigns.reporting_year(action.plan, timezone.localdate())
    form = _record(request, action, year, author_label="", actor=request.user)
    if form is None:
        url = reverse("followup:my_actions", args=[action.plan.process_id])
        return redirect(f"{url}#action-{action.pk}")
    return _my_actions_page(request, action.plan.process, bound=(action, form))
