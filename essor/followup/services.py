"""Recording the follow-up: one function per use case, each with its audit entry."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.followup.models import NOTE_MAX_LENGTH, IndicatorValue, ProgressReport, ValueKind
from essor.plans.models import Action, Indicator, Plan


def check_followed(plan: Plan, year: int) -> None:
    """Only a validated (frozen) plan is followed, and only within its mandate."""
    if not plan.is_frozen:
        raise ValidationError(_("Only a validated (frozen) plan can be followed."))
    if not plan.mandate_start <= year <= plan.mandate_end:
        raise ValidationError(
            {
                "year": _("The year must be within the mandate (%(start)s to %(end)s).")
                % {"start": plan.mandate_start, "end": plan.mandate_end}
            }
        )


def _check_amount(name: str, amount: Decimal | None) -> None:
    if amount is not None and amount < 0:
        raise ValidationError({name: _("An amount cannot be negative.")})


@transaction.atomic
def record_report(
    action: Action,
    *,
    year: int,
    status: str,
    actor,
    progress: int | None = None,
    note: str = "",
    note_is_public: bool = False,
    spent_operating: Decimal | None = None,
    spent_investment: Decimal | None = None,
    author_label: str = "",
    seen_up_to: int | None = None,
) -> tuple[ProgressReport, list[ProgressReport]]:
    """A new report on the action for ``year`` (never an update of an earlier one).

    Returns it with the reports others made on the same action and year since the author
    opened the form (``seen_up_to``, the latest report id they saw): both are kept, the
    new one is current, and the author is told rather than silently overriding them."""
    check_followed(action.plan, year)
    if not action.is_committed:
        raise ValidationError(_("Only an action the plan retained is followed."))
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("A percentage goes from 0 to 100.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("The note is too long.")})
    _check_amount("spent_operating", spent_operating)
    _check_amount("spent_investment", spent_investment)
    report = ProgressReport(
        process_id=action.plan.process_id,
        lineage=action.lineage,
        action=action,
        year=year,
        status=status,
        progress=progress,
        note=note,
        note_is_public=note_is_public,
        spent_operating=spent_operating,
        spent_investment=spent_investment,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_label=author_label,
    )
    report.full_clean()
    meanwhile = []
    if seen_up_to is not None:
        meanwhile = list(
            ProgressReport.objects.filter(
                process_id=report.process_id, lineage=report.lineage, year=year,
                pk__gt=seen_up_to,
            ).select_related("author")
        )  # fmt: skip
    report.save()
    log_action(actor, "followup.report_recorded", action, year=year, status=status,
               report=report.pk)  # fmt: skip
    return report, meanwhile


@transaction.atomic
def record_indicator_value(
    indicator: Indicator,
    *,
    year: int,
    value: Decimal,
    actor,
    kind: str = ValueKind.RESULT,
    comment: str = "",
    source: str = "",
    author_label: str = "",
) -> IndicatorValue:
    """A new value of the indicator for ``year``; the latest one of a year is current."""
    check_followed(indicator.action.plan, year)
    entry = IndicatorValue(
        indicator=indicator,
        # Its identity across versions, from the indicator at hand (save() would query it).
        process_id=indicator.action.plan.process_id,
        lineage=indicator.lineage,
        year=year,
        value=value,
        kind=kind,
        comment=comment,
        source=source,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        author_label=author_label,
    )
    entry.full_clean()
    entry.save()
    log_action(actor, "followup.indicator_value_recorded", indicator, year=year,
               value=str(value), kind=kind)  # fmt: skip
    return entry
