"""YAML plumbing of the template files: a safe loader that refuses a key
written twice, and a dumper that writes readable blocks."""

from __future__ import annotations

from typing import Any

import yaml

YAMLError = yaml.YAMLError


class DuplicateKey(Exception):
    def __init__(self, line: int, key):
        self.line, self.key = line, key
        super().__init__(f"line {line}: {key!r} written twice")


class TooDeep(Exception):
    def __init__(self, line: int, depth: int):
        self.line, self.depth = line, depth
        super().__init__(f"line {line}: nested more than {depth} levels")


# A template nests five levels or so; 100,000 nested brackets would exhaust
# Python's stack in the recursive composer (a RecursionError, not a YAMLError).
MAX_DEPTH = 50


class _Loader(yaml.SafeLoader):
    """YAML itself silently keeps the last of two equal keys; nesting is capped."""

    def compose_node(self, parent, index):
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise TooDeep(self.peek_event().start_mark.line + 1, MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise DuplicateKey(key_node.start_mark.line + 1, key)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> Any:
    """Parse YAML safely; raises ``YAMLError``, ``DuplicateKey`` or ``TooDeep``."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 — _Loader is a SafeLoader


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line texts as literal blocks (``|``), lists indented."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(document: dict) -> str:
    return yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88, indent=2
    )
