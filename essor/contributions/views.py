from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.contributions import exports, follow_up, services
from essor.contributions.forms import ContributionFilterForm, ContributionForm
from essor.contributions.models import Contribution
from essor.contributions.permissions import MANAGE, VIEW, get_contribution_for
from essor.core.caching import no_store
from essor.processes.context import process_context
from essor.processes.permissions import get_process_for

PAGE_SIZE = 100
# The synthesis app's rule, by name: this app sits below the synthesis and does not import it.
SYNTHESIS_VIEW = "synthesis.view_synthesis"


def context_for(request, process, **extra) -> dict:
    return {
        **process_context(request.user, process, "contributions"),
        "can_manage_contributions": request.user.has_perm(MANAGE, process),
        "can_view_synthesis": request.user.has_perm(SYNTHESIS_VIEW, process),
        **extra,
    }


def _back_to_list(request, process_id):
    """The list with the filters the user came from (only ever a URL of that list)."""
    list_url = reverse("contributions:list", args=[process_id])
    back = request.POST.get("next") or request.GET.get("next") or ""
    return back if back.startswith(list_url + "?") else list_url


@login_required
def contribution_list(request, process_id):
    process = get_process_for(request.user, process_id, VIEW)
    form = ContributionFilterForm(request.GET or None, process=process)
    contributions = (
        form.filter(Contribution.objects.filter(process=process))
        .with_votes()
        .select_related(
            "workshop", "question", "author_organisation", "commune", "synthesis_placement__theme"
        )
        .order_by(*exports.EXPORT_ORDER)
    )
    params = request.GET.copy()
    params.pop("page", None)
    page = Paginator(contributions, PAGE_SIZE).get_page(request.GET.get("page"))
    # Which action took each contribution up (one query for the page, see follow_up).
    page.object_list = list(page.object_list)
    follow_up.attach(page.object_list)
    context = context_for(
        request,
        process,
        form=form,
        page=page,
        query_string=params.urlencode(),
        current_url=request.get_full_path(),
        filtering=any(request.GET.get(k) for k in form.fields),
        pending_count=(
            Contribution.objects.pending().filter(process=process).count()
            if request.user.has_perm(MANAGE, process)
            else 0
        ),
    )
    return render(request, "contributions/contribution_list.html", context)


@login_required
def contribution_edit(request, process_id, contribution_id):
    contribution = get_contribution_for(request.user, process_id, contribution_id, MANAGE)
    form = ContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contribution(form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contribution has been saved."))
            return redirect(_back_to_list(request, process_id))
    follow_up.attach([contribution])
    context = context_for(
        request,
        contribution.process,
        form=form,
        contribution=contribution,
        # Reached by its reverse accessor: the placement belongs to the synthesis.
        placement=getattr(contribution, "synthesis_placement", None),
        next=_back_to_list(request, process_id),
    )
    return render(request, "contributions/contribution_form.html", context)


def _set_withdrawn(request, process_id, contribution_id, withdrawn: bool):
    contribution = get_contribution_for(request.user, process_id, contribution_id, MANAGE)
    services.set_withdrawn(contribution, withdrawn, actor=request.user)
    if withdrawn:
        messages.success(request, _("The contribution has been withdrawn; it is kept aside."))
    else:
        messages.success(request, _("The contribution has been restored."))
    return redirect(_back_to_list(request, process_id))


@login_required
@require_POST
def contribution_withdraw(request, process_id, contribution_id):
    return _set_withdrawn(request, process_id, contribution_id, True)


@login_required
@require_POST
def contribution_restore(request, process_id, contribution_id):
    return _set_withdrawn(request, process_id, contribution_id, False)


@no_store
@login_required
def contribution_export(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    rows = exports.contribution_rows(process)
    name = f"contributions-{slugify(process.title)[:50] or process.pk}-{timezone.localdate()}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.xlsx_download(rows, process.title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(exports.csv_download(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
