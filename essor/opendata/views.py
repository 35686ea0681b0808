"""Public downloads of open data and the DCAT catalogue: no login, read-only.

A package is built in memory in a fixed number of queries per process and kept in the
shared cache for CACHE_SECONDS: a crawler or a harvester asking again and again costs one
query (finding the process), and a change shows within that delay.
"""

from __future__ import annotations

import io
import json

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from essor.opendata.dcat import catalogue as build_catalogue
from essor.opendata.package import instance_package, process_package, write_package
from essor.opendata.permissions import get_published_process

CACHE_SECONDS = 600


def _zip_response(cache_key: str, make_package) -> HttpResponse:
    found = cache.get(cache_key)
    if found is None:
        package = make_package()
        buffer = io.BytesIO()
        write_package(package, buffer)
        found = (f"{package.name}.zip", buffer.getvalue())
        cache.set(cache_key, found, CACHE_SECONDS)
    name, content = found
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_GET
def process_zip(request, process_id):
    process = get_published_process(process_id)
    return _zip_response(f"opendata:zip:{process.pk}", lambda: process_package(process))


@require_GET
def instance_zip(request):
    return _zip_response("opendata:zip:all", instance_package)


@require_GET
def catalogue(request):
    content = cache.get("opendata:catalogue")
    if content is None:
        content = json.dumps(build_catalogue(), ensure_ascii=False, indent=1).encode()
        cache.set("opendata:catalogue", content, CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/ld+json; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
