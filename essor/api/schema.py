"""Post-processing of the OpenAPI document: the same document whatever the database.

drf-spectacular takes integer bounds from the database backend (SQLite allows 64-bit
integers everywhere, PostgreSQL 16- or 32-bit ones for small and plain integer columns), so
the committed document would differ between the two. The backend's bounds say nothing an
API client needs; they are dropped (a ``minimum`` of 0 of positive fields is kept)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

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


ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in the "
                              "request's language (French by default, English with "
                              "Accept-Language: en)."}},
    "required": ["detail"],
}  # fmt: skip
PARAMETER_ERRORS = {
    "type": "object",
    "description": "One entry per refused query parameter: its name and the messages saying why.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERROR_RESPONSES = {
    "400": ("ParameterErrors", "A query parameter is unknown or invalid."),
    "401": ("Error", "The API key is wrong or revoked."),
    "404": ("Error", "Nothing readable here (unknown, unpublished or hidden)."),
    "429": ("Error", "Too many requests: wait a minute."),
}


def document_errors(result, generator, request, public):
    """Every operation's error answers, with their one documented body."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ParameterErrors"] = PARAMETER_ERRORS
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
            for status, (name, description) in ERROR_RESPONSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                )
    return result


class EssorAutoSchema(AutoSchema):
    """Operation descriptions from the view's translatable ``description`` (a docstring
    cannot be translated): the French document describes each endpoint in French."""

    def get_description(self):
        description = getattr(self.view, "description", None)
        return str(description) if description else super().get_description()

    def _get_serializer_field_meta(self, field, direction):
        """Every field described in the document's language: its help text, else its label
        (the model field's translatable name), never nothing."""
        meta = super()._get_serializer_field_meta(field, direction)
        label = getattr(field, "label", None)
        if "description" not in meta and label:
            meta["description"] = str(label)
        return meta
