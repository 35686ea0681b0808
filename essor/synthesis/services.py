"""Use cases of the synthesis wall; each keeps the placement invariant.

Every included contribution has exactly one Placement: in a theme or set
aside. Services that change the included set or the themes run in one
transaction and end with ``_renumber`` (letters A, B, C... follow the order).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.contributions.models import Contribution, ContributionSource
from essor.core.audit import log_action
from essor.core.text import fold
from essor.synthesis import engine
from essor.synthesis.impact import themes_removing
from essor.synthesis.models import Placement, Synthesis, Theme, letter_for
from essor.workshops.models import Question

TITLE_MAX = 200
SUMMARY_MAX = 5000


def default_sources(process) -> dict[str, list]:
    """What a new synthesis includes: every workshop and survey of the process."""
    return {"workshops": list(process.workshops.all()), "surveys": list(process.surveys.all())}


def synthesis_for(process) -> Synthesis:
    """The process's synthesis, created on first use with every workshop and survey included.

    For the views that change the wall (POST); pages that only read use
    ``read_synthesis``, which writes nothing.
    """
    synthesis, created = Synthesis.objects.get_or_create(process=process)
    if created:
        sources = default_sources(process)
        synthesis.workshops.set(sources["workshops"])
        synthesis.surveys.set(sources["surveys"])
    return synthesis


def read_synthesis(process) -> Synthesis:
    """The process's synthesis, or an unsaved empty one: a GET must not write.

    The unsaved one stands for what ``synthesis_for`` would create (every
    workshop and survey included), so the wall and its exports read the same
    before and after the facilitator's first change.
    """
    synthesis = Synthesis.objects.filter(process=process).first()
    return synthesis if synthesis is not None else Synthesis(process=process)


def _source_ids(synthesis: Synthesis) -> tuple[list[int], list[int]]:
    if synthesis.pk is None:  # not created yet: the defaults it will be created with
        sources = default_sources(synthesis.process)
        return [w.pk for w in sources["workshops"]], [s.pk for s in sources["surveys"]]
    return (
        list(synthesis.workshops.values_list("pk", flat=True)),
        list(synthesis.surveys.values_list("pk", flat=True)),
    )


def workshops_have_own_subjects(synthesis: Synthesis) -> bool:
    """Whether the included workshops each asked their own questions (thematic workshops:
    "financing", then "cooperation"), rather than the same questions in several places.
    Facilitators then group what was said workshop by workshop: the suggestion's
    "Group each workshop apart" is ticked for them (they may untick it)."""
    workshop_ids, _survey_ids = _source_ids(synthesis)
    if len(workshop_ids) < 2:
        return False
    asked: dict[int, set[str]] = {pk: set() for pk in workshop_ids}
    for workshop_id, text in Question.objects.filter(workshop_id__in=workshop_ids).values_list(
        "workshop_id", "text"
    ):
        asked[workshop_id].add(fold(text))
    if not all(asked.values()):
        return False
    seen: set[str] = set()
    for questions in asked.values():
        if questions & seen:
            return False
        seen |= questions
    return True


def included_contributions(synthesis: Synthesis) -> QuerySet[Contribution]:
    """Kept contributions of the selected workshops, surveys and (optionally) hand-added ones."""
    workshop_ids, survey_ids = _source_ids(synthesis)
    condition = Q(workshop_id__in=workshop_ids) | Q(
        survey_answers__question__survey_id__in=survey_ids
    )
    if synthesis.include_other:
        condition |= Q(workshop__isnull=True, survey_answers__isnull=True) & ~Q(
            source=ContributionSource.ONLINE
        )
    if synthesis.include_online:
        condition |= Q(source=ContributionSource.ONLINE)
    return (
        Contribution.objects.kept()
        .filter(process_id=synthesis.process_id)
        .filter(condition)
        .distinct()
    )


def unplaced(synthesis: Synthesis) -> QuerySet[Contribution]:
    """Included contributions with no place yet (added since the last suggestion)."""
    return included_contributions(synthesis).filter(synthesis_placement__isnull=True)


def _plain(text: str) -> str:
    """Text without any markup; entities back to characters (it is escaped when shown)."""
    return html.unescape(nh3.clean(text or "", tags=set()))


def _clean_title(title: str) -> str:
    title = " ".join(_plain(title).split())
    if not title:
        raise ValidationError(_("The title of a theme cannot be empty."), code="title")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("The title is too long (%(limit)s characters at most).") % {"limit": TITLE_MAX},
            code="title",
        )
    return title


def clean_summary(summary: str) -> str:
    """Plain text: any markup is stripped (the summary goes into exported documents)."""
    cleaned = "\n".join(line.rstrip() for line in _plain(summary).strip().splitlines())
    if len(cleaned) > SUMMARY_MAX:
        raise ValidationError(
            _("The summary is too long (%(limit)s characters at most).") % {"limit": SUMMARY_MAX},
            code="summary",
        )
    return cleaned


def _renumber(synthesis: Synthesis) -> None:
    """Letters A, B, C... follow the order of the themes; the "To sort" bin gets no
    letter and comes after them."""
    themes = list(synthesis.themes.order_by("order", "id"))
    lettered = [theme for theme in themes if not theme.is_unsorted]
    for index, theme in enumerate(lettered):
        theme.order, theme.letter = index, letter_for(index)
    for index, theme in enumerate(
        (theme for theme in themes if theme.is_unsorted), start=len(lettered)
    ):
        theme.order, theme.letter = index, ""
    Theme.objects.bulk_update(themes, ["order", "letter"])


def _next_order(synthesis: Synthesis) -> int:
    last = synthesis.themes.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


def _drop_excluded(synthesis: Synthesis) -> None:
    """Forget placements of contributions no longer included (withdrawn, workshop unselected)."""
    included = included_contributions(synthesis).values("pk")
    synthesis.placements.exclude(contribution_id__in=included).delete()


@transaction.atomic
def set_sources(
    synthesis: Synthesis,
    *,
    workshops,
    surveys,
    include_other: bool,
    actor,
    include_online: bool = True,
) -> Synthesis:
    """Choose what the wall holds; newly included lines go to a "To sort" theme."""
    process_id = synthesis.process_id
    if any(w.process_id != process_id for w in workshops) or any(
        s.process_id != process_id for s in surveys
    ):
        raise ValidationError(_("Choose workshops and surveys of this process."))
    synthesis.workshops.set(workshops)
    synthesis.surveys.set(surveys)
    synthesis.include_other = include_other
    synthesis.include_online = include_online
    synthesis.updated_by = actor
    synthesis.save()
    _drop_excluded(synthesis)
    if synthesis.themes.exists():
        place_new(synthesis, actor=None)
    log_action(actor, "synthesis.sources_changed", synthesis.process,
               workshops=[w.pk for w in workshops], surveys=[s.pk for s in surveys])  # fmt: skip
    return synthesis


def _to_sort_theme(synthesis: Synthesis) -> Theme:
    theme = synthesis.themes.unsorted().order_by("order", "id").first()
    if theme is None:
        theme = Theme.objects.create(
            synthesis=synthesis, title=_("To sort"), order=_next_order(synthesis), is_unsorted=True
        )
    return theme


def waiting(synthesis: Synthesis) -> QuerySet[Contribution]:
    """Included lines waiting for a theme: not placed yet, or in the "To sort" bin.

    Set-aside lines never wait: the facilitator has decided about them.
    """
    in_bin = synthesis.placements.filter(theme__in=synthesis.themes.unsorted())
    return included_contributions(synthesis).filter(
        Q(synthesis_placement__isnull=True) | Q(synthesis_placement__in=in_bin.values("pk"))
    )


@transaction.atomic
def place_new(synthesis: Synthesis, *, actor) -> int:
    """Put the included contributions that have no place yet in the "To sort" theme."""
    new = list(unplaced(synthesis).values_list("pk", flat=True))
    if not new:
        return 0
    theme = _to_sort_theme(synthesis)
    start = theme.placements.count()
    Placement.objects.bulk_create(
        Placement(synthesis=synthesis, contribution_id=pk, theme=theme, order=start + i)
        for i, pk in enumerate(new)
    )
    _renumber(synthesis)
    if actor is not None:
        log_action(actor, "synthesis.new_placed", synthesis.process, count=len(new))
    return len(new)


@transaction.atomic
def suggest(
    synthesis: Synthesis,
    *,
    n_themes: int | None,
    replace: bool,
    actor,
    by_workshop: bool = False,
) -> int:
    """Ask the engine for themes; returns how many themes were created.

    ``replace`` drops the current themes and groups every included line
    again; otherwise only the lines waiting for a theme (not placed yet, or
    in the "To sort" bin) are grouped, in new themes added after the current
    ones. Either way a line set aside stays set aside. ``by_workshop`` groups
    the lines of each workshop apart (those of no workshop together).
    """
    if n_themes is not None and not 1 <= n_themes <= 40:
        raise ValidationError(_("Ask for 1 to 40 themes."), code="themes")
    Synthesis.objects.select_for_update().filter(pk=synthesis.pk).first()
    _drop_excluded(synthesis)
    if replace:
        synthesis.placements.filter(set_aside=False).delete()
        themes_removing.send(
            sender=Theme, themes=list(synthesis.themes.all()), replacement=None, actor=actor
        )
        synthesis.themes.all().delete()
    rows = list(waiting(synthesis).values_list("pk", "text", "workshop_id"))
    if not rows:
        if synthesis.placements.filter(set_aside=True).exists():
            raise ValidationError(
                _("There is no contribution to group: every line is in a theme or set aside.")
            )
        raise ValidationError(_("There is no contribution to group: choose workshops or surveys."))
    # The lines in the bin get their place again below (in a new theme or back in the bin).
    synthesis.placements.filter(theme__in=synthesis.themes.unsorted()).delete()
    # Kept themes keep their titles: the new ones must not repeat them.
    suggestion = engine.suggest(
        [(pk, text) for pk, text, _workshop in rows],
        n_themes,
        taken_titles=synthesis.themes.lettered().values_list("title", flat=True),
        sources={pk: workshop for pk, _text, workshop in rows} if by_workshop else None,
    )
    groups = {key: number for number, keys in enumerate(suggestion.duplicates, 1) for key in keys}
    order = _next_order(synthesis)
    placements = []
    for theme_suggestion in suggestion.themes:
        theme = Theme.objects.create(
            synthesis=synthesis,
            title=theme_suggestion.title or _("Theme"),
            keywords=", ".join(theme_suggestion.keywords),
            order=order,
        )
        order += 1
        placements += [
            Placement(
                synthesis=synthesis,
                contribution_id=key,
                theme=theme,
                order=rank,
                duplicate_group=groups.get(key),
            )  # fmt: skip
            for rank, key in enumerate(theme_suggestion.keys)
        ]
    if suggestion.unsorted:
        theme = _to_sort_theme(synthesis)
        placements += [
            Placement(synthesis=synthesis, contribution_id=key, theme=theme, order=rank)
            for rank, key in enumerate(suggestion.unsorted)
        ]
    Placement.objects.bulk_create(placements)
    # An emptied bin goes: it is no theme and has nothing to show.
    synthesis.themes.unsorted().filter(placements__isnull=True).delete()
    _renumber(synthesis)
    synthesis.suggested_at = timezone.now()
    synthesis.suggestion_method = suggestion.method
    synthesis.updated_by = actor
    synthesis.save()
    log_action(actor, "synthesis.suggested", synthesis.process, themes=len(suggestion.themes),
               contributions=len(rows), replace=replace, by_workshop=by_workshop)  # fmt: skip
    return len(suggestion.themes)


@transaction.atomic
def create_theme(synthesis: Synthesis, title: str, *, actor) -> Theme:
    theme = Theme.objects.create(
        synthesis=synthesis, title=_clean_title(title), order=_next_order(synthesis)
    )
    _renumber(synthesis)
    log_action(actor, "synthesis.theme_created", theme)
    return theme


@transaction.atomic
def update_theme(theme: Theme, *, title: str, summary: str, actor) -> Theme:
    theme.title = _clean_title(title)
    theme.summary = clean_summary(summary)
    theme.save(update_fields=["title", "summary"])
    log_action(actor, "synthesis.theme_updated", theme)
    return theme


@transaction.atomic
def merge_themes(target: Theme, source: Theme, *, actor) -> Theme:
    """Move every line of ``source`` to the end of ``target``, then delete ``source``."""
    if source.pk == target.pk or source.synthesis_id != target.synthesis_id:
        raise ValidationError(_("Choose another theme of this synthesis to merge."))
    start = target.placements.count()
    moved = list(source.placements.order_by("order", "id"))
    for offset, placement in enumerate(moved):
        placement.theme, placement.order = target, start + offset
    Placement.objects.bulk_update(moved, ["theme", "order"])
    if source.summary and source.summary not in target.summary:
        target.summary = "\n\n".join(filter(None, [target.summary, source.summary]))
        target.save(update_fields=["summary"])
    # Draft plan actions taking up the merged theme now take up the target, in their history;
    # a frozen plan keeps the themes it was validated with (essor.plans.theme_links).
    themes_removing.send(sender=Theme, themes=[source], replacement=target, actor=actor)
    title = source.title
    source.delete()
    _renumber(target.synthesis)
    log_action(actor, "synthesis.themes_merged", target, merged=title, moved=len(moved))
    return target


@transaction.atomic
def split_theme(theme: Theme, contribution_ids: Iterable[int], title: str, *, actor) -> Theme:
    """A new theme, right after ``theme``, with the chosen lines of ``theme``."""
    ids = {int(pk) for pk in contribution_ids}
    placements = list(theme.placements.filter(contribution_id__in=ids).order_by("order", "id"))
    if not placements:
        raise ValidationError(_("Tick the contributions that form the new theme."))
    if len(placements) == theme.placements.count():
        raise ValidationError(_("Leave at least one contribution in the theme being split."))
    title = _clean_title(title)
    theme.synthesis.themes.filter(order__gt=theme.order).update(order=F("order") + 1)
    new = Theme.objects.create(synthesis=theme.synthesis, title=title, order=theme.order + 1)
    for rank, placement in enumerate(placements):
        placement.theme, placement.order = new, rank
    Placement.objects.bulk_update(placements, ["theme", "order"])
    _renumber(theme.synthesis)
    log_action(actor, "synthesis.theme_split", theme, new=new.pk, moved=len(placements))
    return new


@transaction.atomic
def move_theme(theme: Theme, step: int, *, actor) -> None:
    """Up (-1) or down (+1) in the order; the letters follow."""
    themes = list(theme.synthesis.themes.order_by("order", "id"))
    index = next(i for i, t in enumerate(themes) if t.pk == theme.pk)
    other = index + step
    if 0 <= other < len(themes):
        themes[index], themes[other] = themes[other], themes[index]
        for position, item in enumerate(themes):
            item.order = position
        Theme.objects.bulk_update(themes, ["order"])
        _renumber(theme.synthesis)
        log_action(actor, "synthesis.theme_moved", theme, step=step)


@transaction.atomic
def delete_theme(theme: Theme, *, actor) -> None:
    if theme.placements.exists():
        raise ValidationError(_("Move or set aside its contributions before deleting a theme."))
    synthesis, title = theme.synthesis, theme.title
    # Draft actions taking it up lose the link, in their history; frozen plans keep it shown.
    themes_removing.send(sender=Theme, themes=[theme], replacement=None, actor=actor)
    theme.delete()
    _renumber(synthesis)
    log_action(actor, "synthesis.theme_deleted", synthesis.process, title=title)


@transaction.atomic
def place(synthesis: Synthesis, contribution_id: int, theme: Theme | None, *, actor) -> Placement:
    """Move a line to ``theme`` (at its end), or set it aside when ``theme`` is None."""
    try:
        placement = synthesis.placements.select_for_update().get(contribution_id=contribution_id)
    except (Placement.DoesNotExist, ValueError, TypeError):
        if not unplaced(synthesis).filter(pk=contribution_id).exists():
            raise ValidationError(_("This contribution is not on the wall.")) from None
        placement = Placement(synthesis=synthesis, contribution_id=contribution_id)
    if theme is not None and theme.synthesis_id != synthesis.pk:
        raise ValidationError(_("Choose a theme of this synthesis."))
    placement.theme = theme
    placement.set_aside = theme is None
    placement.order = theme.placements.count() if theme is not None else 0
    placement.save()
    log_action(actor, "synthesis.contribution_placed", synthesis.process,
               contribution=contribution_id, theme=theme.pk if theme else None)  # fmt: skip
    return placement
