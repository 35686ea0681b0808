"""Who may read and record the follow-up of a validated plan.

Facilitators, the workspace's administrators and platform admins record
reports and values; committee members read (the follow-up committee is theirs).
Contributors see the process but not its follow-up (403); people outside the
process, members of another workspace included, get a 404.
"""

from __future__ import annotations

import rules
from django.http import Http404

from essor.followup.evidence_models import ReportAttachment
from essor.plans.models import Action, Plan
from essor.plans.permissions import get_public_plan_for
from essor.plans.public import latest_validated_plan
from essor.processes.models import Process
from essor.processes.permissions import (
    can_manage,
    get_process_for,
    is_committee_member,
    is_contributor,
)

rules.add_perm("followup.view_followup", can_manage | is_committee_member)
rules.add_perm("followup.record_progress", can_manage)
# Committee members read and comment; they do not report.
rules.add_perm("followup.comment_followup", can_manage | is_committee_member)

VIEW = "followup.view_followup"
RECORD = "followup.record_progress"
# Pilots report on their own actions ("my actions"), whatever their role in the process;
# which actions are theirs is checked per action (get_piloted_action_for).
rules.add_perm("followup.report_own", can_manage | is_committee_member | is_contributor)
REPORT_OWN = "followup.report_own"
COMMENT = "followup.comment_followup"


def get_followed_plan_for(user, process_id, plan_id, perm: str = VIEW) -> Plan:
    """A validated (frozen) plan of the process, if ``user`` has ``perm``; a plan still
    being drafted has no follow-up (404)."""
    process = get_process_for(user, process_id, perm)
    try:
        plan = process.plans.get(pk=plan_id, frozen_at__isnull=False)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    plan.process = process
    return plan


def get_followed_action_for(user, process_id, plan_id, action_id, perm: str = VIEW) -> Action:
    plan = get_followed_plan_for(user, process_id, plan_id, perm)
    try:
        # Only the actions the plan retained are followed (summary.followed_actions).
        action = plan.actions.retained().select_related("axis").get(pk=action_id)
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    action.plan = plan
    return action


def get_campaign_for(user, process_id, plan_id, campaign_id, perm: str = VIEW):
    from essor.followup.campaign_models import Campaign

    plan = get_followed_plan_for(user, process_id, plan_id, perm)
    try:
        campaign = plan.campaigns.get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    campaign.plan = plan
    return campaign


def get_campaign_link_for(user, process_id, plan_id, campaign_id, link_id, perm: str = RECORD):
    from essor.followup.campaign_models import CampaignLink

    campaign = get_campaign_for(user, process_id, plan_id, campaign_id, perm)
    try:
        link = campaign.links.get(pk=link_id)
    except (CampaignLink.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    link.campaign = campaign
    return link


def piloted_actions(user, process):
    """The retained actions of the process's validated plans that ``user`` pilots."""
    return (
        Action.objects.filter(plan__process=process, plan__frozen_at__isnull=False)
        .retained()
        .piloted_by(user)
    )


def get_piloted_action_for(user, process_id, action_id) -> Action:
    """An action the user pilots, to report on it; any other action is a 404."""
    process = get_process_for(user, process_id, REPORT_OWN)
    try:
        action = piloted_actions(user, process).select_related("plan").get(pk=action_id)
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    action.plan.process = process
    return action


def get_link_by_token(request, token: str):
    """The live campaign link a pilot's token opens; a wrong, revoked or expired token, or
    a closed campaign, all give the same 404 (and count as misses: core.throttle)."""
    from django.utils import timezone

    from essor.core.throttle import token_lookup
    from essor.core.tokens import hash_token
    from essor.followup.campaign_models import CampaignLink

    def find():
        link = (
            CampaignLink.objects.select_related("campaign__plan__process")
            .filter(token_hash=hash_token((token or "")[:64]))
            .first()
        )
        return link if link is not None and link.opens_on(timezone.localdate()) else None

    return token_lookup(request, "followup-campaign", find)


def get_evidence_for(user, process_id, attachment_id, perm: str = VIEW):
    """A report's attachment within a process whose follow-up ``user`` may read."""
    process = get_process_for(user, process_id, perm)
    try:
        return ReportAttachment.objects.select_related("report").get(
            pk=attachment_id, report__process=process
        )
    except (ReportAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_published_plan(process_id) -> Plan:
    """The latest validated plan of a published process, for anyone (the progress feed);
    404 for an unpublished process, whoever asks, members included."""
    try:
        process = Process.objects.get(pk=process_id, is_published=True)
    except (Process.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    plan = latest_validated_plan(process)
    if plan is None:
        raise Http404
    plan.process = process
    return plan


def get_public_action_for(user, process_id, action_id) -> Action:
    """An action the public roadmap shows and the follow-up follows (its public page of
    indicators): whoever may read the public roadmap (plans' rule), else 404."""
    plan = get_public_plan_for(user, process_id)
    try:
        action = plan.actions.retained().select_related("axis").get(pk=action_id)
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    action.plan = plan
    return action
