"""What a change of the themes would touch in the action plans, said before it is made.

The links between actions and themes live in the plans app: they are read here
through the reverse accessor (as the wall does) so that the synthesis does not
import the plan, and the plans app follows removed themes through the
``themes_removing`` signal (see essor.plans.theme_links).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.dispatch import Signal
from django.utils.translation import ngettext

from essor.synthesis.models import Theme

# Sent inside the transaction, before ``themes`` are deleted: arguments ``themes`` (the
# themes going away), ``replacement`` (the theme taking them over on a merge, or None)
# and ``actor``. The plans app moves or drops the links of its draft actions and writes
# their history; a frozen plan keeps what it showed.
themes_removing = Signal()

RENAME, MERGE, REPLACE = "rename", "merge", "replace"


@dataclass
class PlanImpact:
    plan: str
    frozen: bool
    actions: int

    def sentence(self, change: str, target: Theme | None = None) -> str:
        values = {"count": self.actions, "plan": self.plan, "target": target}
        if self.frozen:
            return (
                ngettext(
                    "The validated version “%(plan)s” keeps what it shows (%(count)s action "
                    "takes up the theme).",
                    "The validated version “%(plan)s” keeps what it shows (%(count)s actions "
                    "take up the themes).",
                    self.actions,
                )
                % values
            )
        if change == REPLACE:
            return (
                ngettext(
                    "%(count)s action of the draft “%(plan)s” loses its link to the themes.",
                    "%(count)s actions of the draft “%(plan)s” lose their link to the themes.",
                    self.actions,
                )
                % values
            )
        if change == MERGE:
            return (
                ngettext(
                    "%(count)s action of the draft “%(plan)s” takes up %(target)s instead.",
                    "%(count)s actions of the draft “%(plan)s” take up %(target)s instead.",
                    self.actions,
                )
                % values
            )
        return (
            ngettext(
                "%(count)s action of the draft “%(plan)s” shows the new title.",
                "%(count)s actions of the draft “%(plan)s” show the new title.",
                self.actions,
            )
            % values
        )


def plan_impact(themes) -> list[PlanImpact]:
    """Per plan (newest first), how many of its actions take up one of ``themes``."""
    action_model = Theme._meta.get_field("plan_actions").related_model
    rows = (
        action_model.objects.filter(synthesis_themes__in=list(themes))
        .values("plan_id", "plan__name", "plan__frozen_at", "plan__created_at")
        .annotate(actions=Count("pk", distinct=True))
        .order_by("-plan__created_at", "-plan_id")
    )
    return [
        PlanImpact(row["plan__name"], row["plan__frozen_at"] is not None, row["actions"])
        for row in rows
    ]


def impact_sentences(themes, change: str, target: Theme | None = None) -> list[str]:
    return [item.sentence(change, target) for item in plan_impact(themes)]
