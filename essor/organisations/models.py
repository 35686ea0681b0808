from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essor.core.text import fold
from essor.core.tokens import CalendarLink


class OrganisationKind(models.TextChoices):
    ESS = "ess", _("ESS organisation")
    DEPARTMENT = "department", _("department of the authority")
    PUBLIC_BODY = "public_body", _("other public body")
    BUSINESS = "business", _("conventional business")
    NETWORK = "network", _("chamber or network")
    CITIZENS = "citizens", _("citizens' group")


class EssFamily(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COOPERATIVE = "cooperative", _("cooperative")
    MUTUAL = "mutual", _("mutual society")
    FOUNDATION = "foundation", _("foundation")
    ESS_COMPANY = "ess_company", _("ESS company")
    NOT_ESS = "not_ess", _("not ESS")


class OrganisationQuerySet(models.QuerySet):
    def search(self, query: str):
        """Every word of ``query`` in the name, SIREN/SIRET or commune (accent-insensitive)."""
        organisations = self
        for word in fold(query).split()[:8]:
            condition = Q(search_name__contains=word) | Q(commune__search_name__contains=word)
            if word.isdigit():
                condition |= Q(siren__startswith=word) | Q(siret__startswith=word)
                condition |= Q(commune__code=word)
            organisations = organisations.filter(condition)
        return organisations


class Organisation(models.Model):
    """An organisation as one workspace knows it.

    Public identity facts (SIREN/SIRET, legal category, NAF, commune) may come
    from the shared register; kind, contacts and memberships are the
    workspace's own.
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("workspace"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=250)
    search_name = models.CharField(max_length=250, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    ess_family = models.CharField(
        _("ESS family"), max_length=20, choices=EssFamily.choices, default=EssFamily.NOT_ESS
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    legal_category = models.CharField(_("legal category code"), max_length=4, blank=True)
    naf_code = models.CharField(_("NAF code"), max_length=6, blank=True)
    commune = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        limit_choices_to={"kind": "commune"},
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["search_name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def set_derived_fields(self) -> None:
        """Fields computed from others; call before a bulk_create, which skips save()."""
        self.search_name = fold(self.name)
        if self.siret and not self.siren:
            self.siren = self.siret[:9]


class PersonQuerySet(models.QuerySet):
    def search(self, query: str):
        """Every word of ``query`` in the first or last name, e-mail or organisation."""
        people = self
        for word in (query or "").split()[:8]:
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(organisation__search_name__contains=fold(word))
            )
        return people


class Person(CalendarLink):
    """A contact of a workspace's directory. Personal data kept to the minimum."""

    workspace = models.ForeignKey(
        "workspaces.Workspace",
        verbose_name=_("workspace"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    role_title = models.CharField(_("role or title"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()
