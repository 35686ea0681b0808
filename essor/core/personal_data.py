"""Right of access (GDPR art. 15) across apps.

The organisations app exports a person of the directory; each app that
stores something about people registers here, in its AppConfig.ready(), a
function giving that part of the export. The directory does not need to
know the apps built on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
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
