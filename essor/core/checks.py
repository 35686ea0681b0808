"""Essor's own system checks (run by ``manage.py check``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """In production the rate limits and login locks live in the cache: a cache
    private to each worker process would multiply every limit by the number of
    workers and forget them at each restart."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                "The cache is private to each process while ESSOR_DEBUG is false: "
                "rate limits and login throttling would not hold.",
                hint=(
                    "Set ESSOR_CACHE=redis://host:6379/0 (several servers), or "
                    "ESSOR_CACHE=database and run `manage.py createcachetable`."
                ),
                id="essor.E001",
            )
        ]
    return []


@register(deploy=True)
def check_task_worker(app_configs, **kwargs):
    """In production long work (imports, documents, mailings) must not run inside a web
    request: a request would hold a server for minutes and a proxy would cut it."""
    if settings.DEBUG:
        return []
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend.endswith("ImmediateBackend") or backend.endswith("DummyBackend"):
        return [
            Error(
                "Background work runs inside web requests while ESSOR_DEBUG is false.",
                hint="Set ESSOR_TASKS=database and run `manage.py db_worker` as a service.",
                id="essor.E002",
            )
        ]
    return []
