"""How the dashboard sorts people: kind of organisation, and commune (centre or not).

Kind ("category") of a person, first rule that applies:

1. Elected official: their role or title in the directory, or their role in a
   body of the process, names an elected office — "élu(e)", "maire" (so
   "adjointe au maire" too), "adjoint(e) délégué(e)", "conseiller(ère)
   municipal(e) / communautaire / départemental(e) / régional(e)",
   "député(e)", "sénateur/sénatrice" — or "président(e)" / "vice-président(e)"
   for someone of a department or public body of an authority (or with no
   organisation). Accents and case are ignored. A "présidente" of an
   association or a "directeur adjoint" is not an elected official.
2. Otherwise, their organisation: an ESS organisation by family
   (association, cooperative, mutual society, foundation, ESS company, or
   "family not given"); any organisation with an ESS family counts as ESS
   (a SCOP recorded as a business is a cooperative); a department of the
   authority; another public body; the conventional economy (businesses,
   chambers and networks); a citizens' group.
3. People without an organisation count as citizens.

Commune of a person: the commune of their organisation. The "centre" is the
process's commune if it has one (the most populated if several), else the
most populated commune of the process's EPCI.
"""

from __future__ import annotations

import re

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from essor.core.text import fold
from essor.organisations.models import EssFamily, OrganisationKind, Person
from essor.processes.models import Process
from essor.territories.models import Territory, TerritoryKind

ELECTED_OFFICE = re.compile(
    r"\b(elue?s?|maire|adjointe? deleguee?|conseill(?:er|ere)s? "
    r"(?:municipale?|communautaire|departementale?|regionale?|metropolitaine?)|"
    r"deputee?|senat(?:eur|rice))\b"
)
PRESIDENCY = re.compile(r"\b(vice )?presidente?\b")
AUTHORITY_KINDS = {OrganisationKind.DEPARTMENT, OrganisationKind.PUBLIC_BODY}

CATEGORIES = [
    ("ess_association", _("ESS: associations")),
    ("ess_cooperative", _("ESS: cooperatives")),
    ("ess_mutual", _("ESS: mutual societies")),
    ("ess_foundation", _("ESS: foundations")),
    ("ess_company", _("ESS: ESS companies")),
    ("ess_other", _("ESS: family not given")),
    ("departments", _("Departments of the authority")),
    ("elected", _("Elected officials")),
    ("public_bodies", _("Other public bodies")),
    ("conventional", _("Conventional economy (businesses, chambers, networks)")),
    ("citizens", _("Citizens")),
]
BY_FAMILY = {
    EssFamily.ASSOCIATION: "ess_association",
    EssFamily.COOPERATIVE: "ess_cooperative",
    EssFamily.MUTUAL: "ess_mutual",
    EssFamily.FOUNDATION: "ess_foundation",
    EssFamily.ESS_COMPANY: "ess_company",
}
BY_KIND = {
    OrganisationKind.DEPARTMENT: "departments",
    OrganisationKind.PUBLIC_BODY: "public_bodies",
    OrganisationKind.BUSINESS: "conventional",
    OrganisationKind.NETWORK: "conventional",
    OrganisationKind.CITIZENS: "citizens",
}
CENTRE, OTHER_COMMUNES, UNKNOWN_COMMUNE = "centre", "other", "unknown"


def is_elected(person: Person, body_roles: list[str] = ()) -> bool:
    organisation = person.organisation
    authority = organisation is None or organisation.kind in AUTHORITY_KINDS
    for role in [person.role_title, *body_roles]:
        text = fold(role)
        if ELECTED_OFFICE.search(text) or (authority and PRESIDENCY.search(text)):
            return True
    return False


def category_of(person: Person, body_roles: list[str] = ()) -> str:
    """The key of the person's category in ``CATEGORIES`` (see the module's rules)."""
    if is_elected(person, body_roles):
        return "elected"
    organisation = person.organisation
    if organisation is None:
        return "citizens"
    if organisation.kind == OrganisationKind.ESS or organisation.ess_family != EssFamily.NOT_ESS:
        return BY_FAMILY.get(organisation.ess_family, "ess_other")
    return BY_KIND.get(organisation.kind, "citizens")


def centre_of(process: Process) -> Territory | None:
    """The process's commune, else the most populated commune of its EPCI."""
    by_size = (F("population").desc(nulls_last=True), "name", "pk")
    communes = process.territories.filter(kind=TerritoryKind.COMMUNE)
    centre = communes.order_by(*by_size).first()
    if centre is None:
        epcis = process.territories.filter(kind=TerritoryKind.EPCI)
        centre = (
            Territory.objects.filter(kind=TerritoryKind.COMMUNE, epci__in=epcis)
            .order_by(*by_size)
            .first()
        )
    return centre


def commune_group_of(person: Person, centre: Territory | None) -> str:
    organisation = person.organisation
    if organisation is None or organisation.commune_id is None:
        return UNKNOWN_COMMUNE
    if centre is not None and organisation.commune_id == centre.pk:
        return CENTRE
    return OTHER_COMMUNES


def commune_groups(centre: Territory | None) -> list[tuple[str, str]]:
    if centre is None:
        centre_label = _("Centre (not determined: the process has no commune nor EPCI)")
    else:
        centre_label = _("Centre: %(commune)s") % {"commune": centre.name}
    return [
        (CENTRE, centre_label),
        (OTHER_COMMUNES, _("Other communes")),
        (UNKNOWN_COMMUNE, _("Commune unknown")),
    ]
