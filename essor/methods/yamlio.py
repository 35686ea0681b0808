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


class _Loader(yaml.SafeLoader):
    """YAML itself silently keeps the last of two equal keys."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int) and key in seen:
                raise DuplicateKey(key_node.start_mark.line + 1, key)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> Any:
    """Parse YAML safely; raises ``YAMLError`` or ``DuplicateKey``."""
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
