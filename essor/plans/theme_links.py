"""Draft actions follow the synthesis when themes are merged or replaced.

Receives essor.synthesis.impact.themes_removing (sent before the themes are
deleted): the actions of plans not yet frozen move their link to the theme that
takes over (merge) or lose it (replace), each change written in the action's
history. Frozen plans are left alone: they show the themes stored when they were
validated (essor.plans.freezing).
"""

from __future__ import annotations

from django.dispatch import receiver

from essor.plans import history
from essor.plans.freezing import ShownTheme, theme_record
from essor.plans.models import Action
from essor.synthesis.impact import themes_removing


def _text(themes) -> str:
    return ", ".join(sorted(str(ShownTheme(**theme_record(t))) for t in themes))


@receiver(themes_removing, dispatch_uid="plans.follow_removed_themes")
def follow_removed_themes(sender, *, themes, replacement=None, actor=None, **kwargs) -> None:
    removed = {theme.pk for theme in themes}
    actions = (
        Action.objects.filter(synthesis_themes__in=removed, plan__frozen_at__isnull=True)
        .distinct()
        .prefetch_related("synthesis_themes")
    )
    for action in actions:
        linked = list(action.synthesis_themes.all())
        kept = [t for t in linked if t.pk not in removed]
        if replacement is not None and all(t.pk != replacement.pk for t in kept):
            kept.append(replacement)
        action.synthesis_themes.set(kept)
        history.record_changes(
            action,
            [("synthesis_themes", _text(linked), _text(kept))],
            version=action.version,
            actor=actor,
        )
