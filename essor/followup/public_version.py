"""What makes the cached public roadmap (plans.public_cache) renew with the follow-up.

The page shows each action's status, progress and latest public note, its indicators'
measured values, and its budgets and funding when the plan publishes them: every save or
deletion of a report, a value, an amount received or the publication settings raises the
process's page number. "Late" and the year shown depend on the day: it is part of the key.
Connected in FollowupConfig.ready().
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from essor.followup.evidence_models import FollowupSettings, FundingReceipt
from essor.followup.models import IndicatorValue, ProgressReport
from essor.plans.models import Plan
from essor.plans.public_cache import bump_public_page, register_key_part, started_here


def _process(instance) -> int | None:
    if isinstance(instance, FollowupSettings):
        return Plan.objects.filter(pk=instance.plan_id).values_list("process_id", flat=True).first()
    return instance.process_id


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        bump_public_page(_process(instance))


def _deleted(sender, instance, origin=None, **kwargs):
    if started_here(sender, instance, origin):
        bump_public_page(_process(instance), create=False)


def _today(plan) -> str:
    return timezone.localdate().isoformat()


def connect() -> None:
    for model in (ProgressReport, IndicatorValue, FundingReceipt, FollowupSettings):
        name = model.__name__
        post_save.connect(_saved, sender=model, dispatch_uid=f"followup_public_saved_{name}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"followup_public_deleted_{name}")
    register_key_part(_today)
