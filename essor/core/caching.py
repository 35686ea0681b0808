"""Cache headers of pages and downloads holding personal data."""

from __future__ import annotations

from functools import wraps

NO_STORE = "no-store, private"


def no_store(view):
    """Nothing of the answer may be kept by the browser nor by a proxy: pages and
    downloads with people's names, attendance, answers, or reached through a
    personal token (a shared computer in a town hall, a caching proxy)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = NO_STORE
        response.headers.pop("Expires", None)
        return response

    return wrapped
