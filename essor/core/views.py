from django.shortcuts import render

from essor.processes.models import Membership, Process


def home(request):
    """Landing page: my processes when logged in, published ones for everyone."""
    mine = []
    if request.user.is_authenticated:
        mine = (
            Membership.objects.filter(user=request.user)
            .select_related("process")
            .order_by("-process__created_at")
        )
    published = Process.objects.published().prefetch_related("territories")[:12]
    return render(request, "core/home.html", {"memberships": mine, "published": published})
