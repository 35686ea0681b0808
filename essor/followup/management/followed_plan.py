"""The plan a follow-up command works on (--plan ID, and --year when it takes one)."""

from __future__ import annotations

from django.core.management.base import CommandError

from essor.plans.models import Plan


def followed_plan(plan_id: int, year: int | None = None) -> Plan:
    """The validated plan ``plan_id``, ``year`` within its mandate; else a French CommandError."""
    try:
        plan = Plan.objects.select_related("process").get(pk=plan_id)
    except Plan.DoesNotExist:
        raise CommandError(f"Aucun plan n’a l’identifiant {plan_id}.") from None
    if not plan.is_frozen:
        raise CommandError(
            f"Le plan « {plan.name} » n’est pas validé : seul un plan validé (figé) "
            "peut être suivi."
        )
    if year is not None and not plan.mandate_start <= year <= plan.mandate_end:
        raise CommandError(
            f"L’année {year} est hors du mandat du plan "
            f"({plan.mandate_start} à {plan.mandate_end})."
        )
    return plan
