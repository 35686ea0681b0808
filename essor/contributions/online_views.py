"""Contributions sent online by the members of a process, and their moderation.

The public's form is the portal's (``essor.portal.contribute_views``): same form, same
service, behind the portal's switch, a honeypot and a rate limit.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.contributions import online
from essor.contributions.forms import OnlineContributionForm, RejectForm
from essor.contributions.models import Contribution, ContributionSource
from essor.contributions.permissions import MANAGE, VIEW, get_contribution_for
from essor.contributions.views import context_for
from essor.processes.permissions import get_process_for

PAGE_SIZE = 30
# The contributions moderated lately, listed under the pending ones.
RECENT = 30


@login_required
def submit(request, process_id):
    """A member of the process sends a contribution; it waits for a facilitator."""
    process = get_process_for(request.user, process_id, VIEW)
    form = OnlineContributionForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid() and not form.is_robot:
        try:
            form.send(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you: your contribution will be read by a facilitator before it is used."),
            )
            return redirect("contributions:submit", process_id)
    mine = (
        Contribution.objects.filter(
            process=process, created_by=request.user, source=ContributionSource.ONLINE
        )
        .select_related("commune")
        .order_by("-pk")[:20]
    )
    context = context_for(request, process, form=form, mine=mine)
    return render(request, "contributions/online_submit.html", context)


@login_required
def moderation(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    return _moderation_page(request, process, request.GET.get("page"))


def _moderation_page(request, process, page_number, refused: RejectForm | None = None):
    """The pending contributions, a page at a time; ``refused`` is a reject form sent
    without a valid reason, shown again with its error at the field."""
    pending = (
        Contribution.objects.pending()
        .filter(process=process)
        .select_related("commune", "created_by")
        .order_by("pk")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(page_number)
    targets = []
    if page.object_list:  # the words of the accepted ones, read once for the whole page
        kept = process.contributions.kept().only("pk", "text", "process_id", "workshop_id")
        targets = online.merge_targets(kept)
    items = []
    for contribution in page.object_list:
        prefix = f"c{contribution.pk}"
        items.append(
            {
                "contribution": contribution,
                "candidates": online.merge_candidates(contribution, targets),
                "reject_form": (
                    refused if refused and refused.prefix == prefix else RejectForm(prefix=prefix)
                ),
            }
        )
    recent = (
        Contribution.objects.filter(process=process, moderated_at__isnull=False)
        .select_related("moderated_by", "merged_into")
        .order_by("-moderated_at", "-pk")[:RECENT]
    )
    context = context_for(request, process, page=page, items=items, recent=recent)
    status = 400 if refused else 200
    return render(request, "contributions/moderation.html", context, status=status)


@login_required
@require_POST
def moderate(request, process_id, contribution_id):
    """Accept, reject (with a reason) or merge one pending contribution."""
    contribution = get_contribution_for(request.user, process_id, contribution_id, MANAGE)
    decision = request.POST.get("decision")
    page = _int(request.POST.get("page"))
    try:
        if decision == "accept":
            online.accept(contribution, actor=request.user)
            messages.success(request, _("The contribution has been accepted."))
        elif decision == "reject":
            form = RejectForm(request.POST, prefix=f"c{contribution.pk}")
            if not form.is_valid():
                return _moderation_page(request, contribution.process, page, refused=form)
            online.reject(contribution, reason=form.cleaned_data["reason"], actor=request.user)
            messages.success(request, _("The contribution has been rejected."))
        elif decision == "merge":
            into = (
                Contribution.objects.filter(process_id=contribution.process_id)
                .filter(pk=_int(request.POST.get("into")))
                .first()
            )
            online.merge(contribution, into=into, actor=request.user)
            messages.success(request, _("The contribution has been merged."))
        else:
            messages.error(request, _("Choose whether to accept, reject or merge it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    url = reverse("contributions:moderation", args=[process_id])
    return redirect(f"{url}?page={page}" if page and page > 1 else url)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
