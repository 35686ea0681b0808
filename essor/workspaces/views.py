from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.accounts.invitations import send_access_email
from essor.workspaces import services
from essor.workspaces.forms import DataLicenceForm, MemberAddForm, MemberRoleForm
from essor.workspaces.models import WorkspaceMember
from essor.workspaces.permissions import get_workspace_for, workspaces_for


@login_required
def workspace_list(request):
    workspaces = workspaces_for(request.user).order_by("name", "id")
    managed = {w.pk for w in workspaces if request.user.has_perm("workspaces.manage_members", w)}
    return render(
        request, "workspaces/workspace_list.html", {"workspaces": workspaces, "managed": managed}
    )


@login_required
def members(request, slug):
    workspace = get_workspace_for(request.user, slug, "workspaces.manage_members")
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_member_by_email(
                workspace,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                actor=request.user,
            )
        except services.LastAdministrator:
            form.add_error("role", _("The workspace must keep at least one administrator."))
        else:
            send_access_email(
                request,
                member.user,
                new_account_template="workspaces/invitation_email.txt",
                existing_template="workspaces/member_added_email.txt",
            )
            # One answer whether or not the account existed (see essor.accounts.invitations).
            messages.success(
                request,
                _(
                    "%(email)s has been given the role and told by e-mail; without an "
                    "account yet, they choose a password from that e-mail."
                )
                % {"email": member.user.email},
            )
            return redirect("workspaces:members", workspace.slug)
    context = {
        "workspace": workspace,
        "form": form,
        "members": workspace.members.select_related("user").order_by("role", "user__email"),
        "role_form": MemberRoleForm(),
        "licence_form": DataLicenceForm(initial={"data_licence": workspace.data_licence}),
    }
    return render(request, "workspaces/members.html", context)


def _member_of(request, slug, member_id) -> WorkspaceMember:
    workspace = get_workspace_for(request.user, slug, "workspaces.manage_members")
    try:
        member = workspace.members.select_related("user").get(pk=member_id)
    except (WorkspaceMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    member.workspace = workspace
    return member


@login_required
@require_POST
def member_role(request, slug, member_id):
    member = _member_of(request, slug, member_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
    else:
        try:
            services.set_member(
                member.workspace, member.user, form.cleaned_data["role"], actor=request.user
            )
            messages.success(request, _("The role has been changed."))
        except services.LastAdministrator:
            messages.error(request, _("The workspace must keep at least one administrator."))
    return redirect("workspaces:members", slug)


@login_required
@require_POST
def member_remove(request, slug, member_id):
    member = _member_of(request, slug, member_id)
    try:
        services.remove_member(member, actor=request.user)
        messages.success(request, _("The member has been removed from the workspace."))
    except services.LastAdministrator:
        messages.error(request, _("The workspace must keep at least one administrator."))
    return redirect("workspaces:members", slug)


@login_required
@require_POST
def data_licence(request, slug):
    workspace = get_workspace_for(request.user, slug, "workspaces.manage_members")
    form = DataLicenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a licence from the list."))
    else:
        services.set_data_licence(workspace, form.cleaned_data["data_licence"], actor=request.user)
        messages.success(request, _("The licence of open data has been changed."))
    return redirect("workspaces:members", slug)
