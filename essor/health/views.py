"""Liveness and readiness probes, as JSON, for load balancers and orchestrators.

Both are public on purpose: this is their permission rule (a probe carries no
credentials). They say nothing an attacker could use: check names and "ok" /
"error" / "pending", never a message; no session is read or written.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from essor.core.caching import no_store
from essor.health import checks


@require_safe
@no_store
def liveness(request):
    """The process answers: nothing else is touched (a database outage must not get
    every server restarted by its supervisor)."""
    return JsonResponse({"status": checks.OK})


@require_safe
@no_store
def readiness(request):
    """Ready for traffic: the database answers, its schema is up to date, the cache
    works. 503 otherwise, so that the balancer sends requests elsewhere."""
    results = checks.readiness()
    ready = all(value == checks.OK for value in results.values())
    return JsonResponse(
        {"status": checks.OK if ready else checks.ERROR, "checks": results},
        status=200 if ready else 503,
    )
