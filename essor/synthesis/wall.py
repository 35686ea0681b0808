"""Read model of the synthesis wall, shared by the page and the exports.

Loads everything in a fixed number of queries (themes, placements with their
contributions, workshops and questions), whatever the number of lines: the
wall must stay fluid with 600 contributions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from essor.contributions.models import Contribution, ContributionSource
from essor.synthesis.models import Placement, Synthesis, Theme


def source_label(contribution: Contribution) -> str:
    if contribution.workshop_id:
        return contribution.workshop.title
    if contribution.survey_answer_label:
        return contribution.survey_answer_label.split(" — ")[0]
    if contribution.source == ContributionSource.ONLINE:
        return _("Sent online")
    return _("Added by hand")


@dataclass
class Line:
    placement: Placement
    contribution: Contribution
    source: str
    duplicates: list[int] = field(default_factory=list)
    html: str = ""  # set by render.render_lines for the wall page


@dataclass
class Source:
    origin: str
    question: str
    kind: str
    count: int


@dataclass
class WallTheme:
    theme: Theme
    lines: list[Line]
    # Plan actions taking the theme up, one per action lineage (its newest plan's copy).
    actions: list = field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        counts = Counter(
            (
                line.source,
                line.contribution.question.text if line.contribution.question_id else "",
                line.contribution.get_kind_display(),
            )
            for line in self.lines
        )
        return [Source(o, q, k, n) for (o, q, k), n in sorted(counts.items())]


@dataclass
class Wall:
    synthesis: Synthesis
    themes: list[WallTheme]  # the lettered themes only: the "To sort" bin is no theme
    aside: list[Line]
    unsorted: WallTheme | None = None  # the "To sort" bin, when there is one

    @property
    def boxes(self) -> list[WallTheme]:
        """Every box a line can sit in: the themes, then the "To sort" bin."""
        return self.themes + ([self.unsorted] if self.unsorted else [])

    @property
    def unsorted_lines(self) -> list[Line]:
        return self.unsorted.lines if self.unsorted else []

    @property
    def total(self) -> int:
        return sum(len(t.lines) for t in self.boxes) + len(self.aside)

    @property
    def duplicate_count(self) -> int:
        return sum(1 for t in self.boxes for line in t.lines if line.duplicates)


def taken_up_by(theme: Theme) -> list:
    """The actions (prefetched, newest plan first) linked to ``theme``, one per lineage:
    scenarios and versions copy the link, the wall names the action once."""
    seen, actions = set(), []
    for action in theme.plan_actions.all():
        if action.lineage not in seen:
            seen.add(action.lineage)
            actions.append(action)
    return sorted(actions, key=lambda a: a.title.lower())


def build_wall(synthesis: Synthesis) -> Wall:
    if synthesis.pk is None:  # not created yet (see services.read_synthesis): an empty wall
        return Wall(synthesis=synthesis, themes=[], aside=[])
    # The link lives in the plans app (issue 4 builds on this one): reached by its reverse
    # accessor so that the synthesis does not import the plan.
    action_model = Theme._meta.get_field("plan_actions").related_model
    actions = action_model.objects.select_related("plan").order_by("-plan__created_at", "-plan_id")
    themes = list(
        synthesis.themes.order_by("order", "id").prefetch_related(
            Prefetch("plan_actions", queryset=actions)
        )
    )
    placements = list(
        synthesis.placements.filter(contribution__is_withdrawn=False)
        .select_related("contribution__workshop", "contribution__question")
        .order_by("order", "id")
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for placement in placements:
        if placement.duplicate_group is not None:
            groups[placement.duplicate_group].append(placement.contribution_id)
    by_theme: dict[int | None, list[Line]] = defaultdict(list)
    for placement in placements:
        contribution = placement.contribution
        others = [
            pk
            for pk in groups.get(placement.duplicate_group, [])
            if pk != placement.contribution_id
        ]
        by_theme[placement.theme_id].append(
            Line(placement, contribution, source_label(contribution), others)
        )
    boxes = [WallTheme(theme, by_theme.get(theme.pk, []), taken_up_by(theme)) for theme in themes]
    unsorted = [box for box in boxes if box.theme.is_unsorted]
    if len(unsorted) > 1:  # never made by the services; shown as one bin if ever there
        unsorted[0].lines = [line for box in unsorted for line in box.lines]
    return Wall(
        synthesis=synthesis,
        themes=[box for box in boxes if not box.theme.is_unsorted],
        aside=by_theme.get(None, []),
        unsorted=unsorted[0] if unsorted else None,
    )


def theme_labels(contribution_ids) -> dict[int, str]:
    """Where each contribution sits on its wall, for the exports (registered with
    ``essor.contributions.follow_up``): "A. Title", "To sort" or "Set aside"."""
    placements = Placement.objects.filter(contribution_id__in=contribution_ids).select_related(
        "theme"
    )
    labels = {}
    for placement in placements:
        theme = placement.theme
        if theme is None:
            labels[placement.contribution_id] = _("Set aside (out of scope)")
        elif theme.is_unsorted:
            labels[placement.contribution_id] = _("Not sorted yet")
        else:
            labels[placement.contribution_id] = str(theme)
    return labels
