"""The public roadmap page, rendered once per version of what it shows (issue 10).

A plan of 300 actions with their progress took about half a second to read and render
for every visitor, though it changes only when something it shows is saved. Its rendered
parts are kept in the shared cache under a key made of the plan, the process's
``PublicPageVersion`` number, the language and what the page's hooks add (the follow-up
adds the day: an action becomes late with time). Every save or deletion of a model the
page reads raises the number (the receivers below for the plan's models, and
``bump_public_page`` called by higher apps for theirs), so the next request renders the
page anew: a cache hit costs one query, whatever the size of the plan.

The number is read before the data: a save committed in between only files newer data
under the older number, never older data under the newer one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.translation import get_language

from essor.plans.models import (
    Action,
    Axis,
    BudgetLine,
    Indicator,
    Milestone,
    Plan,
    PublicPageVersion,
)
from essor.plans.public import public_extras, public_roadmap

# A day: the day is part of the key anyway, and the number moves on every change.
CACHE_TIMEOUT = 24 * 3600
# What higher apps add to the key (register_key_part), e.g. the day.
KEY_PARTS: list[Callable[[Plan], str]] = []


def register_key_part(part: Callable[[Plan], str]) -> None:
    if part not in KEY_PARTS:
        KEY_PARTS.append(part)


def bump_public_page(process_id: int | None, *, create: bool = True) -> None:
    """Something the public page of the process shows has changed: raise its number.

    ``create=False`` on deletions: a process being deleted must not get a new row
    (its deletion would then break the foreign key)."""
    if process_id is None:
        return
    versions = PublicPageVersion.objects.filter(process_id=process_id)
    if versions.update(number=F("number") + 1) or not create:
        return
    try:
        with transaction.atomic():
            PublicPageVersion.objects.create(process_id=process_id, number=1)
    except IntegrityError:  # created by a concurrent save meanwhile
        versions.update(number=F("number") + 1)


def page_key(plan: Plan) -> str:
    number = (
        PublicPageVersion.objects.filter(process_id=plan.process_id)
        .values_list("number", flat=True)
        .first()
    )
    extra = ":".join(part(plan) for part in KEY_PARTS)
    return f"plans:public:{plan.pk}:{number or 0}:{get_language()}:{extra}"


def public_page(plan: Plan) -> dict:
    """The rendered parts of the public page (``public_head`` and ``public_body``), from
    the cache when nothing it shows has changed. Rendered without the request: nothing in
    them depends on who reads."""
    key = page_key(plan)
    parts = cache.get(key)
    if parts is None:
        axes = public_roadmap(plan)
        context = {"plan": plan, "axes": axes, **public_extras(plan, axes)}
        parts = {
            "public_head": render_to_string("plans/includes/public_head.html", context),
            "public_body": render_to_string("plans/includes/public_body.html", context),
        }
        cache.set(key, parts, CACHE_TIMEOUT)
    return parts


def _process_of_plan(instance) -> int | None:
    """The process of an axis' or an action's plan, without a query when the plan is at hand
    (copies and imports create them with it)."""
    if type(instance).plan.is_cached(instance):
        return instance.plan.process_id
    return Plan.objects.filter(pk=instance.plan_id).values_list("process_id", flat=True).first()


def _process(instance) -> int | None:
    if isinstance(instance, Plan):
        return instance.process_id
    if isinstance(instance, Action | Axis):
        return _process_of_plan(instance)
    if type(instance).action.is_cached(instance):
        return _process_of_plan(instance.action)
    actions = Action.objects.filter(pk=instance.action_id)
    return actions.values_list("plan__process_id", flat=True).first()


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loaded: nothing cached yet
        bump_public_page(_process(instance))


def started_here(sender, instance, origin) -> bool:
    """Whether this deletion was asked for (an instance or a queryset of ``sender``) rather
    than cascaded to: a cascade from a plan or an action raises the number by that one's own
    signal, and from above the plans (a process, a workspace) the page goes anyway. Deleting
    a plan of 300 actions must not look up 3,000 indicators' process one by one."""
    return origin is None or origin is instance or getattr(origin, "model", None) is sender


def _deleted(sender, instance, origin=None, **kwargs):
    if started_here(sender, instance, origin):
        bump_public_page(_process(instance), create=False)


def _relations_changed(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse:
        bump_public_page(_process(instance))


for _model in (Plan, Axis, Action, Milestone, Indicator, BudgetLine):
    post_save.connect(_saved, sender=_model, dispatch_uid=f"public_page_saved_{_model.__name__}")
    post_delete.connect(
        _deleted, sender=_model, dispatch_uid=f"public_page_deleted_{_model.__name__}"
    )
m2m_changed.connect(
    _relations_changed,
    sender=Action.pilot_organisations.through,
    dispatch_uid="public_page_pilot_organisations",
)
