"""A process's synthesis: lettered themes, and where each raw contribution went.

Invariant (kept by services.py, checked by ``services.unplaced``): every
included contribution has exactly one ``Placement``, either in a theme or
explicitly set aside. Contributions are never copied: the raw text stays in
the contributions app, attached.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Synthesis(models.Model):
    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="synthesis"
    )
    workshops = models.ManyToManyField(
        "workshops.Workshop", verbose_name=_("workshops"), blank=True, related_name="+"
    )
    surveys = models.ManyToManyField(
        "surveys.Survey", verbose_name=_("surveys"), blank=True, related_name="+"
    )
    include_other = models.BooleanField(
        _("contributions added by hand"),
        default=False,
        help_text=_("Contributions attached to no workshop and no survey."),
    )
    include_online = models.BooleanField(
        _("contributions sent online"),
        default=True,
        db_default=True,
        help_text=_("Contributions sent between workshops and accepted by a facilitator."),
    )
    suggested_at = models.DateTimeField(null=True, blank=True)
    suggestion_method = models.CharField(max_length=40, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")

    def __str__(self):
        return str(self.process)


def letter_for(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the letters facilitators give themes on the wall."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ThemeQuerySet(models.QuerySet):
    def lettered(self):
        """The themes proper: the "To sort" bin is no theme (no letter, never counted)."""
        return self.exclude(is_unsorted=True)

    def unsorted(self):
        """The "To sort" bin, where lines wait for a theme."""
        return self.filter(is_unsorted=True)


class Theme(models.Model):
    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=200)
    keywords = models.CharField(_("key words"), max_length=300, blank=True)
    # Plain text (tags stripped by the service), shown escaped with line breaks.
    summary = models.TextField(_("summary"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    letter = models.CharField(_("letter"), max_length=3, blank=True)
    # The "To sort" bin, where lines wait for a theme: marked, not recognised by its title,
    # so that renaming it keeps it a bin (and naming a theme "To sort" keeps it a theme).
    is_unsorted = models.BooleanField(default=False, editable=False)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["synthesis", "order", "id"]

    def __str__(self):
        return f"{self.letter}. {self.title}" if self.letter else self.title


class Placement(models.Model):
    """Where one contribution sits on the wall: in a theme, or set aside."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="placements")
    contribution = models.OneToOneField(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="synthesis_placement"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    set_aside = models.BooleanField(_("set aside as out of scope"), default=False)
    # Rank in the theme: the suggestion puts the lines closest to the centre first.
    order = models.PositiveIntegerField(default=0)
    # Lines saying (almost) the same thing share a group number.
    duplicate_group = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["theme", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=True, set_aside=True)
                | Q(theme__isnull=False, set_aside=False),
                name="synthesis_placement_theme_xor_aside",
            )
        ]

    def __str__(self):
        return f"{self.contribution_id} -> {self.theme_id or 'aside'}"
