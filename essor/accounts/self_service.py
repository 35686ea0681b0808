"""A user's rights over their own account (GDPR art. 15 and 17): download everything
Essor holds about it, and delete it.

The account is the user's; the directory record a workspace keeps of them (an
organisation's contact, a body's member) is the authority's: deleting the account
unlinks that record, which its workspace erases on request (organisations.erase_person).
An account that is the last administrator of a workspace, or the last platform
administrator, is not deleted: the workspace would be left without anyone to run it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.workspaces.models import WorkspaceMember, WorkspaceRole


def _date(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def account_data(user) -> dict:
    """JSON-ready: the account, its roles, and the directory record linked to it."""
    from essor.organisations.models import Person
    from essor.organisations.rgpd import person_data

    person = Person.objects.filter(user=user).first()
    roles = user.memberships.select_related("process").order_by("process__title", "pk")
    workspaces = user.workspace_memberships.select_related("workspace").order_by("pk")
    log_action(user, "account.exported", None)
    return {
        "exported_at": _date(timezone.now()),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
            "platform_administrator": user.is_superuser,
        },
        "workspaces": [
            {"workspace": m.workspace.name, "role": m.get_role_display()} for m in workspaces
        ],
        "process_roles": [
            {"process": m.process.title, "process_id": m.process_id, "role": m.get_role_display()}
            for m in roles
        ],
        # Only the user's own record: the export of a person (organisations.rgpd).
        "directory_record": person_data(person) if person else None,
        # Sent from their space between workshops (kept, anonymous, once the account goes).
        "contributions_sent_online": [
            {
                "process": c.process.title,
                "kind": c.kind,
                "text": c.text,
                "organisation": c.organisation_name,
                "commune": c.commune.name if c.commune_id else None,
                "moderation": c.status,
                "reason_for_rejection": c.rejection_reason or None,
                "sent_at": _date(c.created_at),
            }
            for c in _sent_online(user)
        ],
    }


def _sent_online(user):
    from essor.contributions.models import Contribution, ContributionSource

    return (
        Contribution.objects.filter(created_by=user, source=ContributionSource.ONLINE)
        .select_related("process", "commune")
        .order_by("created_at", "pk")
    )


def deletion_blockers(user) -> list[str]:
    """Why the account cannot be deleted now (French sentences); empty when it can."""
    from django.contrib.auth import get_user_model

    blockers = []
    administered = WorkspaceMember.objects.filter(user=user, role=WorkspaceRole.ADMIN)
    for membership in administered.select_related("workspace"):
        others = WorkspaceMember.objects.filter(
            workspace=membership.workspace, role=WorkspaceRole.ADMIN, user__is_active=True
        ).exclude(user=user)
        if not others.exists():
            blockers.append(
                _(
                    "You are the only administrator of the workspace “%(workspace)s”: "
                    "make someone else administrator first."
                )
                % {"workspace": membership.workspace.name}
            )
    if user.is_superuser:
        others = get_user_model().objects.filter(is_superuser=True, is_active=True)
        if not others.exclude(pk=user.pk).exists():
            blockers.append(_("You are the only platform administrator: name another one first."))
    return blockers


@transaction.atomic
def delete_account(user) -> None:
    """Delete the account: its roles go with it, what it wrote stays without its name
    (every other link to an account is emptied), its directory record is unlinked."""
    if deletion_blockers(user):
        raise ValueError("The account cannot be deleted now.")
    log_action(None, "account.deleted", None, user=user.pk)
    user.delete()
