from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render

from essor.processes.forms import PublishedSearchForm
from essor.processes.models import Membership, Process

PAGE_SIZE = 12


def home(request):
    """Landing page and public portal: my processes first when logged in, then the
    published ones, searched by name or territory and filtered by status, page by page."""
    mine = []
    if request.user.is_authenticated:
        mine = (
            Membership.objects.filter(user=request.user)
            .select_related("process")
            .order_by("-process__created_at")
        )
    form = PublishedSearchForm(request.GET or None)
    published = form.filter(Process.objects.published()).prefetch_related("territories")
    page = Paginator(published, PAGE_SIZE).get_page(request.GET.get("page"))
    criteria = {key: request.GET[key] for key in ("q", "status") if request.GET.get(key)}
    context = {
        "memberships": mine,
        "form": form,
        "page": page,
        "published": page.object_list,
        "searching": bool(criteria),
        "query_string": urlencode(criteria),
    }
    return render(request, "core/home.html", context)
