"""What the public portal of a published process shows, part by part (decided by a facilitator).

A process that is not published shows nothing, whatever these settings say; a published
process without settings uses the defaults below (essor.portal.visibility.settings_for).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalSettings(models.Model):
    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="portal_settings"
    )
    show_calendar = models.BooleanField(
        _("public calendar"),
        default=True,
        help_text=_("Upcoming meetings open to the public, with their calendar file."),
    )
    show_themes = models.BooleanField(
        _("what was heard"),
        default=False,
        help_text=_("The synthesis themes, with their summaries and numbers of contributions."),
    )
    show_contributions = models.BooleanField(
        _("raw contributions"),
        default=False,
        help_text=_("The text of each contribution placed in a theme, without any name."),
    )
    show_diagnostic = models.BooleanField(
        _("diagnostic"), default=True, help_text=_("The observatory's figures of the territory.")
    )
    show_roadmap = models.BooleanField(
        _("roadmap and its progress"),
        default=True,
        help_text=_("The validated plan and, after the vote, where each action stands."),
    )
    show_decisions = models.BooleanField(
        _("decisions"), default=False, help_text=_("What the governance bodies decided.")
    )
    accept_contributions = models.BooleanField(
        _("contributions from the public"),
        default=False,
        db_default=False,
        help_text=_(
            "Anyone may send an observation, a need or an idea from the portal; "
            "it is read by the facilitators before it enters the synthesis."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public portal settings")
        verbose_name_plural = _("public portal settings")

    def __str__(self):
        return str(self.process)

    PARTS = (
        "show_calendar",
        "show_themes",
        "show_contributions",
        "show_diagnostic",
        "show_roadmap",
        "show_decisions",
    )
