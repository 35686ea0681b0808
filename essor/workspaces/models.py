from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataLicence(models.TextChoices):
    """Licences of the open data a workspace publishes (those data.gouv.fr lists)."""

    ETALAB_2 = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    ODBL_1 = "odbl-1.0", _("Open Database License (ODbL) 1.0")
    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC-BY)")


class Workspace(models.Model):
    """Who owns processes, a directory of people and organisations, and method templates.

    An authority, a CRESS, a consultancy: personal data never crosses a
    workspace's border (see essor/workspaces/permissions.py).
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    data_licence = models.CharField(
        _("licence of open data"),
        max_length=12,
        choices=DataLicence.choices,
        default=DataLicence.ETALAB_2,
        # Also in the database: rows written by code that predates the field (data
        # migrations of other apps run against older states) get the default too.
        db_default=DataLicence.ETALAB_2,
        help_text=_("The licence of the open data of the workspace's published processes."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class WorkspaceRole(models.TextChoices):
    ADMIN = "admin", _("workspace administrator")
    MEMBER = "member", _("member")


class WorkspaceMember(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=WorkspaceRole.choices, default=WorkspaceRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workspace member")
        verbose_name_plural = _("workspace members")
        ordering = ["workspace", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="workspace_member_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.workspace}"
