"""What became of contributions, as told by the apps built on them.

The synthesis (the theme holding a line) and the plans (the actions taking
it up) sit above the contributions: this app must not import them. Each of
them registers here, in its AppConfig.ready(), a provider that describes a
batch of contributions in one go; the exports ask this registry.
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


def register(column: str, provider: Provider) -> None:
    _PROVIDERS[column] = provider


def describe(column: str, contribution_ids) -> dict[int, str]:
    """The registered provider's texts for ``column``; empty if no app provides it."""
    provider = _PROVIDERS.get(column)
    return provider(contribution_ids) if provider else {}
