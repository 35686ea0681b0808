"""Public downloads of open data and the DCAT catalogue: no login, read-only.

A package is built in memory in a fixed number of queries per process and kept in the
shared cache for CACHE_SECONDS: a crawler or a harvester asking again and again costs one
query (finding the process, or the fingerprint of the published ones). What decides what
is public (publication, the portal's settings) is in the cache key, so that unpublishing
a process or hiding a part takes effect at once; other changes (a new progress note)
show within CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import io
import json

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from essor.opendata.dcat import catalogue as build_catalogue
from essor.opendata.package import instance_package, process_package, write_package
from essor.opendata.permissions import get_published_process
from essor.portal import visibility

CACHE_SECONDS = 600
BROWSER_SECONDS = 60  # what proxies and browsers may keep: an unpublished process goes soon


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
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    return response


@require_GET
def process_zip(request, process_id):
    process = get_published_process(process_id)
    shown = visibility.settings_for(process).updated_at  # prefetched: no query
    key = _key("zip", process.pk, process.updated_at, shown)
    return _zip_response(key, lambda: process_package(process))


def _published_fingerprint() -> str:
    """Changes when a process is published, unpublished or its portal settings change."""
    found = visibility.published_processes().aggregate(
        count=Count("pk"), ids=Sum("pk"), changed=Max("updated_at"),
        shown=Max("portal_settings__updated_at"),
    )  # fmt: skip
    return _key(*(found[name] for name in ("count", "ids", "changed", "shown")))


def _key(*parts) -> str:
    """A cache key safe for every backend (no spaces, bounded length)."""
    return "opendata:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@require_GET
def instance_zip(request):
    return _zip_response(_key("all", _published_fingerprint()), instance_package)


@require_GET
def catalogue(request):
    key = _key("catalogue", _published_fingerprint())
    content = cache.get(key)
    if content is None:
        content = json.dumps(build_catalogue(), ensure_ascii=False, indent=1).encode()
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/ld+json; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
