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
    """Ready for traffic: the database answers and its schema is up to date (else 503,
    so that the balancer sends requests elsewhere); the cache and the task worker are
    reported too, as "degraded" without them (the site still answers)."""
    results = checks.readiness()
    status = checks.status(results)
    return JsonResponse(
        {"status": status, "checks": results}, status=503 if status == checks.ERROR else 200
    )
