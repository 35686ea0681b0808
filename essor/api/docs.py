"""The API's documentation page: an Essor page listing the endpoints from the OpenAPI
document, in the reader's language.

Not Swagger UI nor Redoc: served from drf-spectacular-sidecar, Swagger UI failed axe-core
(nested interactive controls in every operation, contrast, no ``lang``), and every page
Essor serves must pass it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.generators import SchemaGenerator


@dataclass
class Field:
    name: str
    type: str
    description: str
    required: bool = False


@dataclass
class Endpoint:
    path: str
    anchor: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    paginated: bool = False


def _type(schema: dict, schemas: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " | ".join(_type(s, schemas) for s in schema["allOf"])
    if "oneOf" in schema:
        return " | ".join(_type(s, schemas) for s in schema["oneOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"[{_type(schema.get('items', {}), schemas)}]"
    if schema.get("enum"):
        return f"{kind}: " + ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
    return kind + (f" ({schema['format']})" if schema.get("format") else "")


def _resolve(schema: dict, schemas: dict) -> dict:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _fields(schema: dict, schemas: dict) -> list[Field]:
    schema = _resolve(schema, schemas)
    required = set(schema.get("required", []))
    return [
        Field(name, _type(prop, schemas), prop.get("description", "").split("\n\n")[0],
              name in required)
        for name, prop in schema.get("properties", {}).items()
    ]  # fmt: skip


@lru_cache(maxsize=4)
def documentation(language: str) -> tuple[list[Endpoint], dict]:
    """The endpoints and the schemas they use (generated once per language and process)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    schemas = document["components"]["schemas"]
    endpoints = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        content = operation["responses"].get("200", {}).get("content", {})
        response = content.get("application/json", {}).get("schema")
        endpoint = Endpoint(
            path=path,
            anchor=operation["operationId"],
            description=operation.get("description", ""),
            parameters=[
                Field(
                    p["name"],
                    _type(p.get("schema", {}), schemas),
                    p.get("description", "").split("\n\n")[0],
                    p.get("required", False),
                )
                for p in operation.get("parameters", [])
            ],  # fmt: skip
        )
        if response:
            resolved = _resolve(response, schemas)
            results = resolved.get("properties", {}).get("results")
            if results:  # a paginated list: document one item
                endpoint.paginated = True
                resolved = results.get("items", {})
            endpoint.fields = _fields(resolved, schemas)
        endpoints.append(endpoint)
    nested = {
        name: _fields(schema, schemas)
        for name, schema in schemas.items()
        if schema.get("properties") and not name.startswith("Paginated")
    }
    return endpoints, nested


def api_docs(request):
    endpoints, schemas = documentation(get_language() or "fr")
    context = {
        "endpoints": endpoints,
        "schemas": sorted(schemas.items()),
        "schema_url": reverse("api:schema"),
        "language": get_language(),
    }
    return render(request, "api/docs.html", context)
