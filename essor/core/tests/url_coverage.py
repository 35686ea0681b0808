"""Every URL name of Essor is requested by a test (pytest plugin, loaded by the root conftest).

A middleware added for the test session records the name of every URL that a
request resolved to (test clients and the browser tests' live server alike). When
the whole suite ran (no path, keyword or marker chosen, not stopped early), the
session fails if a name of Essor's URL configuration was never requested: a view
nobody requests is a view whose permissions nobody checked.
"""

from __future__ import annotations

import pytest

REQUESTED: set[str] = set()
# Django's own admin is not Essor's code; its pages are requested through its tests.
IGNORED_NAMESPACES = ("admin",)


class RecordUrlNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name:
            REQUESTED.add(match.view_name)
        return response


def url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL pattern, with its namespaces (``plans:axis_edit``)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return {name for name in names if not name.startswith(IGNORED_NAMESPACES)}


def pytest_configure(config):
    from django.conf import settings

    path = f"{__name__}.RecordUrlNameMiddleware"
    if path not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, path]


def _whole_suite(session) -> bool:
    config = session.config
    return (
        config.args_source != pytest.Config.ArgsSource.ARGS
        and not config.option.keyword
        and not config.option.markexpr
        and not getattr(config.option, "lf", False)
        and not session.shouldstop
        and not session.shouldfail
    )


def pytest_sessionfinish(session, exitstatus):
    if not _whole_suite(session) or exitstatus not in (0, 1):
        return
    missing = sorted(url_names() - REQUESTED)
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "URL names never requested by a test: " + ", ".join(missing)
        if reporter:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
