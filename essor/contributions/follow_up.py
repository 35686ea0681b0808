"""What became of contributions, as told by the apps built on them.

The synthesis (the theme holding a line) and the plans (the actions taking
it up) sit above the contributions: this app must not import them. Each of
them registers here, in its AppConfig.ready(), a provider that describes a
batch of contributions in one go (for the exports), or an attacher that sets
what the pages show on each contribution; both work on a whole batch at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# provider(contribution ids: a list or a query of ids) -> {contribution id: text};
# the contributions it says nothing about are absent.
Provider = Callable[[Any], dict[int, str]]

SYNTHESIS_THEME = "synthesis_theme"
ACTIONS = "actions"

_PROVIDERS: dict[str, Provider] = {}
# attacher(contributions) sets attributes the templates read (e.g. ``taken_up_by``).
_ATTACHERS: dict[str, Callable[[list], None]] = {}


def register(column: str, provider: Provider) -> None:
    _PROVIDERS[column] = provider


def describe(column: str, contribution_ids) -> dict[int, str]:
    """The registered provider's texts for ``column``; empty if no app provides it."""
    provider = _PROVIDERS.get(column)
    return provider(contribution_ids) if provider else {}


def register_attacher(name: str, attacher: Callable[[list], None]) -> None:
    _ATTACHERS[name] = attacher


def attach(contributions) -> None:
    """Let every registered app set what it tells about these contributions (one batch)."""
    contributions = list(contributions)
    for attacher in _ATTACHERS.values():
        attacher(contributions)
