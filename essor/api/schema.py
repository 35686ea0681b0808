"""Post-processing of the OpenAPI document: the same document whatever the database.

drf-spectacular takes integer bounds from the database backend (SQLite allows 64-bit
integers everywhere, PostgreSQL 16- or 32-bit ones for small and plain integer columns), so
the committed document would differ between the two. The backend's bounds say nothing an
API client needs; they are dropped (a ``minimum`` of 0 of positive fields is kept)."""

from __future__ import annotations

BACKEND_BOUNDS = {32767, 2147483647, 9223372036854775807, -32768, -2147483648,
                  -9223372036854775808}  # fmt: skip


def drop_backend_integer_bounds(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in BACKEND_BOUNDS:
                        del node[key]
                if node.get("format") == "int64":
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
