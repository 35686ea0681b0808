from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MethodTemplateQuerySet(models.QuerySet):
    def builtin(self):
        return self.filter(is_builtin=True)


class MethodTemplate(models.Model):
    """A method (phases, bodies, workshop templates, deliverables) as data.

    ``structure`` holds the validated content of the YAML file (see
    essor/methods/schema.py); built-in templates come from essor/methods/data.
    """

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    structure = models.JSONField(_("structure"), default=dict)
    is_builtin = models.BooleanField(_("shipped with Essor"), default=False)
    # Null: shared by every workspace (the templates shipped with Essor); else the workspace's own.
    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("workspace"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="method_templates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MethodTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("method template")
        verbose_name_plural = _("method templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("methods:detail", args=[self.slug])

    def _section(self, name: str) -> list:
        return (self.structure or {}).get(name) or []

    @property
    def phases(self) -> list[dict]:
        return self._section("phases")

    @property
    def bodies(self) -> list[dict]:
        return self._section("bodies")

    @property
    def workshops(self) -> list[dict]:
        return self._section("workshops")

    @property
    def deliverables(self) -> list[dict]:
        return self._section("deliverables")

    @property
    def total_weeks(self) -> int:
        return sum(phase.get("duration_weeks") or 0 for phase in self.phases)
