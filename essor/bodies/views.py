from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.bodies import services
from essor.bodies.forms import BodyForm, MemberForm
from essor.bodies.models import Body
from essor.bodies.permissions import get_body_for, get_member_for
from essor.core.caching import no_store
from essor.processes.context import process_context
from essor.processes.permissions import get_process_for


def _context(request, process, **extra) -> dict:
    return {
        **process_context(request.user, process, "bodies"),
        "can_manage_bodies": request.user.has_perm("bodies.manage_bodies", process),
        "can_view_members": request.user.has_perm("bodies.view_members", process),
        **extra,
    }


def body_list(request, process_id):
    process = get_process_for(request.user, process_id, "bodies.view_body")
    bodies = process.bodies.all()
    context = _context(request, process, bodies=bodies)
    if context["can_view_members"]:
        bodies = bodies.prefetch_related("members__person__organisation")
        context["bodies"] = bodies
    return render(request, "bodies/body_list.html", context)


@no_store
def body_detail(request, process_id, body_id):
    body = get_body_for(request.user, process_id, body_id)
    process = body.process
    context = _context(request, process, body=body, meetings=body.meetings.select_related("phase"))
    if context["can_view_members"]:
        context["members"] = body.members.select_related("person__organisation")
        context["decisions"] = body.decisions.select_related("meeting")
    if context["can_manage_bodies"]:
        query = request.GET.get("q", "").strip()[:100]
        context["query"] = query
        context["member_form"] = MemberForm(body=body, query=query)
    return render(request, "bodies/body_detail.html", context)


@login_required
def body_create(request, process_id):
    process = get_process_for(request.user, process_id, "bodies.manage_bodies")
    last_order = process.bodies.order_by("-order").values_list("order", flat=True).first()
    next_order = (last_order or 0) + 1
    form = BodyForm(
        request.POST or None,
        instance=Body(process=process, order=next_order),
        process=process,
    )
    if request.method == "POST" and form.is_valid():
        body = services.save_body(form.save(commit=False), actor=request.user)
        messages.success(request, _("The body has been created."))
        return redirect("bodies:detail", process.pk, body.pk)
    return render(request, "bodies/body_form.html", _context(request, process, form=form))


@login_required
def body_edit(request, process_id, body_id):
    body = get_body_for(request.user, process_id, body_id, "bodies.manage_bodies")
    form = BodyForm(request.POST or None, instance=body, process=body.process)
    if request.method == "POST" and form.is_valid():
        services.save_body(form.save(commit=False), actor=request.user)
        messages.success(request, _("The body has been saved."))
        return redirect("bodies:detail", body.process_id, body.pk)
    return render(
        request, "bodies/body_form.html", _context(request, body.process, form=form, body=body)
    )


@login_required
def body_delete(request, process_id, body_id):
    body = get_body_for(request.user, process_id, body_id, "bodies.manage_bodies")
    process = body.process
    if request.method == "POST":
        try:
            services.delete_body(body, actor=request.user)
        except services.BodyHasDecisions:
            messages.error(
                request,
                _("This body has recorded decisions: delete its decisions first, or keep it."),
            )
            return redirect("bodies:detail", process.pk, body.pk)
        messages.success(request, _("The body has been deleted."))
        return redirect("bodies:list", process.pk)
    return render(
        request,
        "bodies/body_confirm_delete.html",
        _context(request, process, body=body, decision_count=body.decisions.count()),
    )


@login_required
@require_POST
def member_add(request, process_id, body_id):
    body = get_body_for(request.user, process_id, body_id, "bodies.manage_bodies")
    form = MemberForm(request.POST, body=body)
    if form.is_valid():
        services.add_body_member(
            body, form.cleaned_data["person"], role=form.cleaned_data["role"], actor=request.user
        )
        messages.success(request, _("The member has been added."))
        return redirect("bodies:detail", body.process_id, body.pk)
    context = _context(
        request,
        body.process,
        body=body,
        meetings=body.meetings.select_related("phase"),
        members=body.members.select_related("person__organisation"),
        decisions=body.decisions.select_related("meeting"),
        member_form=form,
        query="",
    )
    return render(request, "bodies/body_detail.html", context)


@login_required
@require_POST
def member_remove(request, process_id, body_id, member_id):
    member = get_member_for(request.user, process_id, body_id, member_id)
    services.remove_body_member(member, actor=request.user)
    messages.success(request, _("%(person)s is no longer a member.") % {"person": member.person})
    return redirect("bodies:detail", member.body.process_id, member.body_id)
