"""Right of access (GDPR art. 15) and right to erasure (art. 17) across apps.

The organisations app exports a person of the directory; each app that
stores something about people registers here, in its AppConfig.ready(), a
function giving that part of the export. The directory does not need to
know the apps built on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_SECTIONS: dict[str, Callable[[Any], Any]] = {}


def register(section: str, provider: Callable[..., Any]) -> None:
    """``provider(person, processes)`` returns JSON-ready data stored under ``section``,
    keeping only what belongs to ``processes`` (a queryset of processes, or None for all)."""
    _SECTIONS[section] = provider


def sections(person, processes) -> dict[str, Any]:
    """Every app's part of the export, limited to ``processes`` (those the requester
    may see: an export never shows anything of a process hidden from its requester)."""
    return {name: provider(person, processes) for name, provider in sorted(_SECTIONS.items())}


# Right to erasure (GDPR art. 17) ---------------------------------------------------------
#
# Each app that stores something about a person registers an eraser: ``describe(person)``
# tells what erasing the person will do in that app (shown before erasing and in the
# export), ``erase(person)`` does it. The organisations app runs them all in one
# transaction, in ``order``, then deletes the person.


@dataclass(frozen=True)
class Effect:
    """One thing erasure does: a French sentence with its count, and the processes (pk,
    title) it touches (empty when it is not about a process, e.g. the audit log)."""

    text: str
    count: int
    processes: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Eraser:
    app: str  # the app's name, shown as the heading of its effects
    describe: Callable[[Any], list[Effect]]
    erase: Callable[[Any], None]
    order: int


_ERASERS: dict[str, Eraser] = {}


def register_eraser(
    key: str,
    app: Any,
    describe: Callable[[Any], list[Effect]],
    erase: Callable[[Any], None],
    *,
    order: int = 50,
) -> None:
    """``order``: erasers run from the lowest; one that needs the person's links (e.g.
    contributions made from their survey answers) runs before the one that cuts them."""
    _ERASERS[key] = Eraser(app, describe, erase, order)


def erasers() -> list[Eraser]:
    return sorted(_ERASERS.values(), key=lambda e: (e.order, str(e.app)))


def processes_of(rows, path: str) -> tuple[tuple[int, str], ...]:
    """The distinct (pk, title) of the processes reached from ``rows`` through ``path``
    (e.g. "meeting__process"), sorted by title."""
    pk, title = f"{path}__pk", f"{path}__title"
    pairs = {(row[pk], row[title]) for row in rows.values(pk, title)}
    return tuple(sorted(pairs, key=lambda p: (p[1], p[0])))


def erasure_preview(person, visible_process_ids=None) -> list[dict]:
    """What erasing ``person`` will touch, app by app, for the confirmation page and the
    export: ``[{"app", "effects": [{"text", "count", "processes", "hidden_processes"}]}]``.
    Titles of processes outside ``visible_process_ids`` (None: all visible) are counted,
    not named. Apps with nothing to touch are left out."""
    preview = []
    for eraser in erasers():
        effects = []
        for effect in eraser.describe(person):
            if not effect.count:
                continue
            shown = [
                title
                for pk, title in effect.processes
                if visible_process_ids is None or pk in visible_process_ids
            ]
            effects.append(
                {
                    "text": str(effect.text),
                    "count": effect.count,
                    "processes": shown,
                    "hidden_processes": len(effect.processes) - len(shown),
                }
            )
        if effects:
            preview.append({"app": str(eraser.app), "effects": effects})
    return preview


def erase_everywhere(person) -> None:
    """Run every eraser; call inside the erasing service's transaction."""
    for eraser in erasers():
        eraser.erase(person)
