"""Who may use the directory of organisations and people of a workspace.

Each workspace has its own directory, holding personal data (contacts). It is
reserved to platform admins, to the workspace's administrators and to the
facilitators of a process of the workspace. Anyone else gets a 403 on the
directory's pages, and an object of a directory they may not use is a 404.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from essor.organisations.models import Organisation, Person
from essor.processes.models import Process
from essor.processes.permissions import is_platform_admin, processes_facilitated_by
from essor.workspaces.models import Workspace
from essor.workspaces.permissions import admin_workspace_ids, is_workspace_admin


def directory_workspaces_for(user):
    """Workspaces whose directory ``user`` may use (all for platform admins)."""
    if is_platform_admin(user):
        return Workspace.objects.order_by("name", "id")
    if user is None or not user.is_authenticated:
        return Workspace.objects.none()
    cache = user.__dict__.setdefault("_essor_directory_workspaces", {})
    if "ids" not in cache:
        facilitated = Process.objects.filter(pk__in=processes_facilitated_by(user))
        cache["ids"] = sorted(
            set(admin_workspace_ids(user)) | set(facilitated.values_list("workspace_id", flat=True))
        )
    return Workspace.objects.filter(pk__in=cache["ids"]).order_by("name", "id")


@rules.predicate
def can_use_a_directory(user) -> bool:
    return is_platform_admin(user) or directory_workspaces_for(user).exists()


@rules.predicate
def can_use_its_directory(user, obj) -> bool:
    """``obj`` (organisation, person) is in a directory the user may use; no object: any."""
    if obj is None:
        return can_use_a_directory(user)
    return directory_workspaces_for(user).filter(pk=obj.workspace_id).exists()


for _perm in (
    "view_organisation",
    "add_organisation",
    "change_organisation",
    "delete_organisation",
    "import_organisations",
    "view_person",
    "add_person",
    "change_person",
    "delete_person",
    "export_person",
    "erase_person",
):
    rules.add_perm(f"organisations.{_perm}", can_use_its_directory)


def check_directory_perm(user, perm: str) -> None:
    """Raise PermissionDenied unless ``user`` may use at least one directory."""
    if not user.has_perm(perm):
        raise PermissionDenied


def organisations_for(user):
    """Organisations of the directories ``user`` may use."""
    return Organisation.objects.filter(workspace__in=directory_workspaces_for(user))


def people_for(user):
    """People of the directories ``user`` may use."""
    return Person.objects.filter(workspace__in=directory_workspaces_for(user))


def get_organisation_for(user, pk, perm: str = "organisations.view_organisation") -> Organisation:
    """The organisation if ``user`` has ``perm`` (403 without any directory, 404 when it
    does not exist or belongs to a directory they may not use)."""
    check_directory_perm(user, perm)
    try:
        organisation = organisations_for(user).select_related("commune", "workspace").get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm(perm, organisation):
        raise Http404
    return organisation


def get_person_for(user, pk, perm: str = "organisations.view_person") -> Person:
    """The person if ``user`` has ``perm`` (403 without any directory, 404 when they do
    not exist or belong to a directory the user may not use)."""
    check_directory_perm(user, perm)
    try:
        person = people_for(user).select_related("organisation", "user", "workspace").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm(perm, person):
        raise Http404
    return person


def directory_processes_for(user, workspace=None):
    """Processes whose directory ``user`` may fill: all for admins of the platform or of
    the workspace, else those they facilitate (within ``workspace`` when given)."""
    processes = Process.objects.order_by("title", "id")
    if workspace is not None:
        processes = processes.filter(workspace=workspace)
    if is_platform_admin(user):
        return processes
    return processes.filter(
        Q(workspace_id__in=admin_workspace_ids(user)) | Q(pk__in=processes_facilitated_by(user))
    )


def visible_processes_for(user, organisation: Organisation):
    """The processes of an organisation that ``user`` may see (no leak of private processes)."""
    from essor.processes.permissions import processes_visible_to

    processes = organisation.processes.order_by("title", "id")
    return processes.filter(pk__in=processes_visible_to(user).values("pk"))


def processes_readable_by(user):
    """Processes whose internal content ``user`` may read: a person's export keeps to them."""
    if is_platform_admin(user):
        return Process.objects.all()
    return Process.objects.filter(
        Q(workspace_id__in=admin_workspace_ids(user))
        | Q(pk__in=Process.objects.filter(memberships__user_id=user.pk).values("pk"))
    )


def processes_using(person: Person):
    """Processes where the person sits in a body, is on a meeting's list or was invited
    to a survey: what erasing them would take from those processes."""
    return Process.objects.filter(
        Q(bodies__members__person=person)
        | Q(meetings__attendances__person=person)
        | Q(surveys__invitations__person=person)
    ).distinct()


def erase_blockers(user, person: Person) -> list[Process]:
    """Processes using the person that ``user`` does not facilitate: erasing would destroy
    their committee memberships and attendance. Empty for platform admins and the
    administrators of the person's workspace, who answer for the whole workspace."""
    if is_platform_admin(user) or is_workspace_admin(user, person.workspace_id):
        return []
    return list(
        processes_using(person)
        .exclude(pk__in=processes_facilitated_by(user))
        .order_by("title", "id")
    )
