"""Who may use the shared directory of organisations and people.

The directory is shared by every process of the platform and holds personal
data (contacts), so it is reserved to platform admins and to people who
facilitate at least one process. Everyone else gets a 403.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from essor.organisations.models import Organisation, Person
from essor.processes.models import Process, Role
from essor.processes.permissions import is_any_facilitator, is_platform_admin

can_use_directory = is_platform_admin | is_any_facilitator

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
    rules.add_perm(f"organisations.{_perm}", can_use_directory)


def check_directory_perm(user, perm: str) -> None:
    """Raise PermissionDenied unless ``user`` has ``perm`` on the directory."""
    if not user.has_perm(perm):
        raise PermissionDenied


def get_organisation_for(user, pk, perm: str = "organisations.view_organisation") -> Organisation:
    """The organisation if ``user`` has ``perm`` (403 otherwise, 404 when it does not exist)."""
    check_directory_perm(user, perm)
    try:
        return Organisation.objects.select_related("commune").get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_person_for(user, pk, perm: str = "organisations.view_person") -> Person:
    """The person if ``user`` has ``perm`` (403 otherwise, 404 when they do not exist)."""
    check_directory_perm(user, perm)
    try:
        return Person.objects.select_related("organisation", "user").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def directory_processes_for(user):
    """Processes whose directory ``user`` may fill: all for admins, else those they facilitate."""
    if is_platform_admin(user):
        return Process.objects.order_by("title", "id")
    return Process.objects.filter(
        memberships__user_id=user.pk, memberships__role=Role.FACILITATOR
    ).order_by("title", "id")


def visible_processes_for(user, organisation: Organisation):
    """The processes of an organisation that ``user`` may see (no leak of private processes)."""
    processes = organisation.processes.order_by("title", "id")
    if is_platform_admin(user):
        return processes
    visible = Process.objects.filter(Q(is_published=True) | Q(memberships__user_id=user.pk))
    return processes.filter(pk__in=visible.values("pk"))
