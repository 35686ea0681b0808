import re

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from essor.core.text import fold


class TerritoryKind(models.TextChoices):
    COMMUNE = "commune", _("commune")
    EPCI = "epci", _("EPCI")
    DEPARTEMENT = "departement", _("département")
    REGION = "region", _("région")
    COUNTRY = "pays", _("country")


# Legal forms of EPCI (the "type" of the Etalab data).
EPCI_NATURES = {
    "CC": _("community of communes"),
    "CA": _("agglomeration community"),
    "CU": _("urban community"),
    "METRO": _("metropolis"),
    "MET69": _("Lyon Metropolis"),
}

# Codes people type: INSEE codes ("86194", "2A004"), SIREN ("200069854"), "86", "2B".
CODE_QUERY = re.compile(r"^(?:[0-9]{1,9}|2[AB][0-9]{0,3})$")
# For the same quality of match, larger territories come before communes.
KIND_ORDER = ["pays", "region", "departement", "epci", "commune"]


class TerritoryQuerySet(models.QuerySet):
    def search(self, query: str):
        """Territories matching a name or a code, best first; accents and case ignored.

        "86194" and "200069854" match codes (exact code first, then codes
        starting with it); "grand poitiers" and "saint benoit" match every
        word of the name. Ranking: exact code, exact name, a word of the name
        starting with the query, anything else; then larger populations, then
        larger kinds of territory (the département Paris before the commune).
        """
        folded = fold(query)
        if not folded:
            return self.none()
        compact = folded.replace(" ", "").upper()
        if CODE_QUERY.match(compact):
            matches = self.filter(code__startswith=compact)
            quality = Case(When(code=compact, then=Value(0)), default=Value(1))
        else:
            matches = self
            for word in folded.split():
                matches = matches.filter(search_name__contains=word)
            quality = Case(
                When(search_name=folded, then=Value(1)),
                When(
                    Q(search_name__startswith=folded) | Q(search_name__contains=f" {folded}"),
                    then=Value(2),
                ),
                default=Value(3),
            )
        kind_order = Case(
            *(When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)),
            default=Value(len(KIND_ORDER)),
        )
        return matches.annotate(match_quality=quality, kind_order=kind_order).order_by(
            "match_quality", F("population").desc(nulls_last=True), "kind_order", "name", "code"
        )


class Territory(models.Model):
    """A commune, EPCI, département, région or France, with its official code.

    Codes: INSEE code for communes ("86194", "2A004"), SIREN for EPCI
    ("200069854"), département code ("86", "2A", "971"), région code ("75").
    """

    kind = models.CharField(_("kind"), max_length=12, choices=TerritoryKind.choices)
    code = models.CharField(_("code"), max_length=12)
    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    departement = models.ForeignKey(
        "self",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.DEPARTEMENT},
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.REGION},
    )
    epci = models.ForeignKey(
        "self",
        verbose_name=_("EPCI"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_communes",
        limit_choices_to={"kind": TerritoryKind.EPCI},
    )
    epci_nature = models.CharField(_("EPCI legal form"), max_length=10, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_kind_code_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()} {self.code})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", args=[self.kind, self.code])

    @property
    def epci_nature_label(self) -> str:
        """ "communauté urbaine" for "CU"; the raw code when unknown."""
        return str(EPCI_NATURES.get(self.epci_nature, self.epci_nature))

    @property
    def key(self) -> str:
        """Stable textual key used by commands: "epci:200069854", "france"."""
        return "france" if self.kind == TerritoryKind.COUNTRY else f"{self.kind}:{self.code}"
