from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from essor.processes.models import Process
from essor.territories.forms import QUERY_MAX_LENGTH, TerritorySearchForm
from essor.territories.models import Territory, TerritoryKind
from essor.territories.permissions import check_territory_perm, get_territory_for

RESULTS_LIMIT = 50
SUGGESTIONS_LIMIT = 15
SUGGESTIONS_MIN_LENGTH = 2


def _wants_fragment(request) -> bool:
    """An HTMX request for the live results (not a history restore, which needs the page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def territory_search(request):
    check_territory_perm(request.user)
    form = TerritorySearchForm(request.GET)
    results, has_more, query = [], False, ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        matches = Territory.objects.search(query).select_related("departement")
        if form.cleaned_data["kind"]:
            matches = matches.filter(kind=form.cleaned_data["kind"])
        results = list(matches[: RESULTS_LIMIT + 1])
        has_more = len(results) > RESULTS_LIMIT
        results = results[:RESULTS_LIMIT]
    context = {
        "form": form,
        "query": query,
        "results": results,
        "has_more": has_more,
        "limit": RESULTS_LIMIT,
    }
    if _wants_fragment(request):
        response = render(request, "territories/includes/search_fragment.html", context)
    else:
        response = render(request, "territories/search.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def territory_suggest(request):
    """<option> elements for a <datalist>: value is the territory key ("epci:200069854")."""
    check_territory_perm(request.user)
    query = request.GET.get("q", "")
    if not query:
        # HTMX sends the typed value under the input's own name (e.g. territory_1).
        query = next((v for k, v in request.GET.items() if k != "kind" and v), "")
    query = query.strip()[:QUERY_MAX_LENGTH]
    suggestions = []
    if len(query) >= SUGGESTIONS_MIN_LENGTH:
        matches = Territory.objects.search(query)
        kinds = [k for k in request.GET.getlist("kind") if k in TerritoryKind.values]
        if kinds:
            matches = matches.filter(kind__in=kinds)
        suggestions = matches[:SUGGESTIONS_LIMIT]
    return render(request, "territories/suggestions.html", {"suggestions": suggestions})


def _parents(territory: Territory) -> list[Territory]:
    return [t for t in (territory.epci, territory.departement, territory.region) if t is not None]


def territory_detail(request, kind, code):
    territory = get_territory_for(request.user, kind, code)
    parents = _parents(territory)
    context = {
        "territory": territory,
        "parents": parents,
        "processes": Process.objects.published()
        .filter(territories__in=[territory, *parents])
        .distinct()
        .order_by("title"),
    }
    if territory.kind == TerritoryKind.EPCI:
        context["members"] = territory.member_communes.order_by("search_name", "code")
    elif territory.kind in (TerritoryKind.DEPARTEMENT, TerritoryKind.REGION):
        inside = Territory.objects.filter(**{territory.kind: territory})
        context["counts"] = inside.aggregate(
            communes=Count("pk", filter=Q(kind=TerritoryKind.COMMUNE)),
            epcis=Count("pk", filter=Q(kind=TerritoryKind.EPCI)),
            departements=Count("pk", filter=Q(kind=TerritoryKind.DEPARTEMENT)),
        )
        child_kind = (
            TerritoryKind.EPCI if territory.kind == TerritoryKind.DEPARTEMENT
            else TerritoryKind.DEPARTEMENT
        )  # fmt: skip
        context["children"] = inside.filter(kind=child_kind).order_by("code")
        context["child_kind"] = child_kind
    elif territory.kind == TerritoryKind.COUNTRY:
        context["children"] = Territory.objects.filter(kind=TerritoryKind.REGION).order_by("code")
        context["child_kind"] = TerritoryKind.REGION
    return render(request, "territories/detail.html", context)
