from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.accounts.invitations import send_access_email
from essor.meetings.permissions import meetings_visible_to
from essor.methods.permissions import can
from essor.methods.schema import TemplateFormatError
from essor.processes import services
from essor.processes.context import process_context
from essor.processes.forms import (
    MemberAddForm,
    MemberRoleForm,
    PhaseFormSet,
    ProcessCreateForm,
    ProcessForm,
)
from essor.processes.permissions import (
    get_membership_for,
    get_process_for,
    processes_visible_to,
)


def process_list(request):
    """Processes the visitor may see: all for admins, theirs and the published ones."""
    user = request.user
    processes = processes_visible_to(user).prefetch_related("territories")
    return render(
        request,
        "processes/process_list.html",
        {"processes": processes, "can_create": user.has_perm("processes.add_process")},
    )


@login_required
def process_create(request):
    if not request.user.has_perm("processes.add_process"):
        raise PermissionDenied
    form = ProcessCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        process = services.create_process_from_template(
            workspace=data["workspace"],
            template=data["template"],
            title=data["title"],
            territories=data["territories"],
            created_by=request.user,
            start_date=data["start_date"],
            ambition=data["ambition"],
        )
        messages.success(request, _("The process has been created."))
        return redirect("processes:detail", process.pk)
    return render(request, "processes/process_create.html", {"form": form})


def process_detail(request, process_id):
    process = get_process_for(request.user, process_id)
    context = process_context(request.user, process, "overview")
    context.update(
        territories=process.territories.all(),
        phases=process.phases.prefetch_related("workshop_templates", "deliverables"),
        bodies=process.bodies.all(),
        upcoming=meetings_visible_to(request.user, process)
        .filter(starts_at__gte=timezone.now())
        .select_related("phase", "body")
        .order_by("starts_at")[:5],
        meeting_count=meetings_visible_to(request.user, process).count(),
        can_save_template=can(request.user, "methods.add_template"),
        role=request.user.memberships.filter(process=process).first()
        if request.user.is_authenticated
        else None,
    )
    return render(request, "processes/process_detail.html", context)


@login_required
def process_edit(request, process_id):
    process = get_process_for(request.user, process_id, "processes.change_process")
    form = ProcessForm(request.POST or None, instance=process)
    if request.method == "POST" and form.is_valid():
        services.save_process(
            form.save(commit=False),
            actor=request.user,
            territories=form.cleaned_data["territories"],
        )
        messages.success(request, _("The process has been saved."))
        return redirect("processes:detail", process.pk)
    context = process_context(request.user, process, "overview")
    context["form"] = form
    return render(request, "processes/process_form.html", context)


@login_required
@require_POST
def save_as_template(request, process_id):
    """Turn the process's current phases, bodies, workshops and deliverables into a template."""
    process = get_process_for(request.user, process_id, "processes.change_process")
    if not can(request.user, "methods.add_template"):
        raise PermissionDenied
    try:
        template = services.save_as_template(process, actor=request.user)
    except TemplateFormatError as exc:
        messages.error(
            request,
            _("This process cannot become a method template: %(reason)s") % {"reason": exc},
        )
        return redirect("processes:detail", process.pk)
    messages.success(
        request,
        _("The method template “%(name)s” has been created from this process.")
        % {"name": template.name},
    )
    return redirect("methods:detail", template.slug)


@login_required
def process_delete(request, process_id):
    """Deletes an empty process; one holding contributions or decisions is refused
    with what blocks it (409 on POST), and the page offers to close it instead."""
    process = get_process_for(request.user, process_id, "processes.delete_process")
    blockers = services.deletion_blockers(process)
    if request.method == "POST":
        try:
            services.delete_process(process, actor=request.user)
        except services.ProcessNotDeletable:
            blockers = services.deletion_blockers(process) or {"other": 1}
        else:
            messages.success(request, _("The process has been deleted."))
            return redirect("processes:list")
    context = process_context(request.user, process, "overview")
    context["blockers"] = blockers
    status = 409 if blockers and request.method == "POST" else 200
    return render(request, "processes/process_confirm_delete.html", context, status=status)


def phases(request, process_id):
    """The phases with their workshop templates and deliverables."""
    process = get_process_for(request.user, process_id)
    context = process_context(request.user, process, "phases")
    context["phases"] = process.phases.prefetch_related("workshop_templates", "deliverables")
    context["unphased_workshops"] = process.workshop_templates.filter(phase__isnull=True)
    context["unphased_deliverables"] = process.deliverables.filter(phase__isnull=True)
    return render(request, "processes/phases.html", context)


@login_required
def phases_edit(request, process_id):
    process = get_process_for(request.user, process_id, "processes.change_process")
    formset = PhaseFormSet(request.POST or None, instance=process, prefix="phases")
    if request.method == "POST" and formset.is_valid():
        services.save_phases(process, formset, actor=request.user)
        messages.success(request, _("The phases have been saved."))
        return redirect("processes:phases", process.pk)
    context = process_context(request.user, process, "phases")
    context["formset"] = formset
    return render(request, "processes/phases_form.html", context)


def _send_invitation(request, user) -> None:
    send_access_email(
        request,
        user,
        new_account_template="processes/invitation_email.txt",
        existing_template="processes/member_added_email.txt",
    )


@login_required
def members(request, process_id):
    process = get_process_for(request.user, process_id, "processes.manage_members")
    may_grant = request.user.has_perm("processes.grant_facilitator", process)
    form = MemberAddForm(request.POST or None, may_grant_facilitator=may_grant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, created = services.add_member(
                process,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                actor=request.user,
            )
        except services.LastFacilitator:
            form.add_error("role", _("The process must keep at least one facilitator."))
        else:
            # One answer whether or not the account existed: the e-mail tells its owner
            # what to do (choose a password, or just log in).
            _send_invitation(request, membership.user)
            messages.success(
                request,
                _(
                    "%(email)s has been given the role and told by e-mail; without an "
                    "account yet, they choose a password from that e-mail."
                )
                % {"email": membership.user.email},
            )
            return redirect("processes:members", process.pk)
    context = process_context(request.user, process, "members")
    context.update(
        form=form,
        memberships=process.memberships.select_related("user").order_by("role", "user__email"),
        role_form=MemberRoleForm(may_grant_facilitator=may_grant),
        may_grant_facilitator=may_grant,
    )
    return render(request, "processes/members.html", context)


@login_required
@require_POST
def member_role(request, process_id, membership_id):
    membership = get_membership_for(request.user, process_id, membership_id)
    may_grant = request.user.has_perm("processes.grant_facilitator", membership.process)
    if membership.role == "facilitator" and not may_grant:
        messages.error(request, _("Only an administrator of the workspace changes a facilitator."))
        return redirect("processes:members", membership.process_id)
    form = MemberRoleForm(request.POST, may_grant_facilitator=may_grant)
    if form.is_valid():
        try:
            services.change_member_role(membership, form.cleaned_data["role"], actor=request.user)
            messages.success(request, _("The role has been changed."))
        except services.LastFacilitator:
            messages.error(request, _("The process must keep at least one facilitator."))
    else:
        messages.error(request, _("Choose a valid role."))
    return redirect("processes:members", membership.process_id)


@login_required
@require_POST
def member_remove(request, process_id, membership_id):
    membership = get_membership_for(request.user, process_id, membership_id)
    try:
        services.remove_member(membership, actor=request.user)
        messages.success(request, _("The member has been removed from the process."))
    except services.LastFacilitator:
        messages.error(request, _("The process must keep at least one facilitator."))
    return redirect("processes:members", membership.process_id)
