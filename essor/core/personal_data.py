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


def register(section: str, provider: Callable[[Any], Any]) -> None:
    """``provider(person)`` returns JSON-ready data stored under ``section``."""
    _SECTIONS[section] = provider


def sections(person) -> dict[str, Any]:
    return {name: provider(person) for name, provider in sorted(_SECTIONS.items())}
