"""What a frozen (COPIL-validated) plan shows of the synthesis, stored when it is frozen.

A validated plan must read exactly as it was validated, forever. Its actions'
links to the synthesis themes and the roadmap's themes section are copied at
freezing (letter, title, summary as they were), and every rendering of a frozen
plan reads the copy: renaming, merging or replacing themes later changes only
the draft plans, which follow the live synthesis.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from essor.plans.models import Action, Plan
from essor.plans.roadmap_facts import LABELLED_FIELDS, action_labels, live_facts
from essor.synthesis.models import Theme


@dataclass(frozen=True)
class ShownTheme:
    """A synthesis theme as an action shows it (live, or as validated)."""

    pk: int | None
    letter: str
    title: str
    summary: str = ""

    def __str__(self) -> str:
        return f"{self.letter}. {self.title}" if self.letter else self.title


def theme_record(theme: Theme) -> dict:
    return {"pk": theme.pk, "letter": theme.letter, "title": theme.title, "summary": theme.summary}


def shown_themes(action: Action) -> list[ShownTheme]:
    """The themes the action shows: the stored copy once its plan is frozen, else the live
    links (prefetch ``synthesis_themes`` for lists of actions)."""
    if action.frozen_themes is not None:
        return [ShownTheme(**row) for row in action.frozen_themes]
    themes = sorted(action.synthesis_themes.all(), key=_theme_order)
    return [ShownTheme(**theme_record(t)) for t in themes]


def linkable(themes: list[ShownTheme]) -> list[ShownTheme]:
    """The same themes, without the id of those deleted since (nothing left to link to)."""
    live = set(Theme.objects.filter(pk__in=[t.pk for t in themes]).values_list("pk", flat=True))
    return [t if t.pk in live else ShownTheme(None, t.letter, t.title, t.summary) for t in themes]


def theme_rows(process) -> list[dict]:
    """The process's synthesis themes for the roadmap (letter, title, summary and the count
    of contributions, withdrawn ones left out as on the wall), in the facilitator's order;
    the "To sort" bin is no theme."""
    themes = _counted(Theme.objects.filter(synthesis__process=process).lettered())
    return [{**theme_record(t), "contributions": t.contribution_count} for t in themes]


def unsorted_count(process) -> int:
    """How many contributions still wait in the synthesis's "To sort" bin."""
    bins = _counted(Theme.objects.filter(synthesis__process=process).unsorted())
    return sum(theme.contribution_count for theme in bins)


def _counted(themes):
    return themes.annotate(
        contribution_count=Count(
            "placements", filter=Q(placements__contribution__is_withdrawn=False)
        )
    ).order_by("order", "id")


def roadmap_theme_rows(plan: Plan) -> list[dict]:
    """The themes section of the plan's roadmap: as frozen, or the live synthesis."""
    if plan.frozen_synthesis is not None:
        return plan.frozen_synthesis
    return theme_rows(plan.process)


def freeze(plan: Plan) -> None:
    """Freeze the plan now, storing what it shows of the synthesis, of the process and of
    the directory (caller saves ``plan``: FROZEN_FIELDS)."""
    plan.frozen_at = timezone.now()
    plan.frozen_synthesis = theme_rows(plan.process)
    plan.frozen_roadmap = live_facts(plan.process)
    actions = list(plan.actions.prefetch_related("synthesis_themes", *LABELLED_FIELDS))
    for action in actions:
        action.frozen_themes = [
            theme_record(t) for t in sorted(action.synthesis_themes.all(), key=_theme_order)
        ]
        action.frozen_labels = action_labels(action)
    Action.objects.bulk_update(actions, ["frozen_themes", "frozen_labels"])


# The plan fields freeze() sets.
FROZEN_FIELDS = ["frozen_at", "frozen_synthesis", "frozen_roadmap"]


def _theme_order(theme: Theme) -> tuple:
    return (theme.order, theme.pk)
