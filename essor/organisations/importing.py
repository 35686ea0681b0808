"""Importing organisations and their contacts: column mapping and row validation.

Every row is checked before anything is written (services.import_directory
writes in one transaction); errors name the line as numbered in the file and
the column by its header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.text import fold, fold_label
from essor.organisations import identifiers
from essor.organisations.communes import resolve_commune
from essor.organisations.models import EssFamily, OrganisationKind
from essor.organisations.tabular import Table

ORGANISATION_TARGETS = {
    "name": gettext_lazy("Organisation: name"),
    "kind": gettext_lazy("Organisation: kind"),
    "ess_family": gettext_lazy("Organisation: ESS family"),
    "siren": gettext_lazy("Organisation: SIREN"),
    "siret": gettext_lazy("Organisation: SIRET"),
    "legal_category": gettext_lazy("Organisation: legal category"),
    "naf_code": gettext_lazy("Organisation: NAF code"),
    "commune": gettext_lazy("Organisation: commune (INSEE code)"),
    "website": gettext_lazy("Organisation: website"),
}
PERSON_TARGETS = {
    "first_name": gettext_lazy("Person: first name"),
    "last_name": gettext_lazy("Person: last name"),
    "email": gettext_lazy("Person: e-mail address"),
    "role_title": gettext_lazy("Person: role or title"),
}
TARGETS = {**ORGANISATION_TARGETS, **PERSON_TARGETS}
MAX_LENGTHS = {"name": 250, "website": 200, "first_name": 100, "last_name": 100, "role_title": 200}

# Header names seen in French and English spreadsheets, folded (essor.core.text.fold).
HEADER_SYNONYMS = {
    "name": [
        "raison sociale", "denomination", "denomination sociale", "nom de l organisation",
        "organisation", "organization", "structure", "nom de la structure", "nom structure",
        "entreprise", "nom de l entreprise", "name", "organisation name", "organization name",
        "company", "company name", "nom",
    ],
    "kind": ["type", "type d organisation", "type de structure", "type d acteur", "kind"],
    "ess_family": [
        "famille", "famille ess", "famille de l ess", "ess family", "family", "statut",
        "forme", "forme juridique",
    ],
    "siren": ["siren", "n siren", "numero siren", "siren number"],
    "siret": ["siret", "n siret", "numero siret", "siret number", "siret du siege"],
    "legal_category": [
        "categorie juridique", "code categorie juridique", "legal category", "cj",
        "code forme juridique",
    ],
    "naf_code": [
        "naf", "code naf", "ape", "code ape", "code naf ape", "naf ape", "naf code",
        "activite principale", "naf code ape",
    ],
    "commune": [
        "code commune", "commune", "code insee", "insee", "code insee commune",
        "code commune insee", "commune code", "city code", "ville",
    ],
    "website": ["site", "site web", "site internet", "website", "web", "url"],
    "first_name": ["prenom", "first name", "firstname", "given name"],
    "last_name": ["nom de famille", "nom du contact", "last name", "lastname", "surname"],
    "email": [
        "email", "e mail", "courriel", "adresse e mail", "adresse email", "mail",
        "adresse electronique", "email address",
    ],
    "role_title": ["fonction", "role", "poste", "titre", "job title", "title"],
}  # fmt: skip

# Values accepted in the kind and family columns besides the codes and English labels.
# The French labels are written out (first of each list): recognising them must not
# depend on the translation catalogue of the active language.
KIND_SYNONYMS = {
    OrganisationKind.ESS: [
        "organisation de l’ESS",
        "ess",
        "structure de l ess",
        "acteur de l ess",
        "acteur ess",
    ],
    OrganisationKind.DEPARTMENT: [
        "service de la collectivité",
        "service",
        "direction",
        "collectivite",
        "department",
    ],
    OrganisationKind.PUBLIC_BODY: [
        "autre organisme public",
        "organisme public",
        "etablissement public",
        "public",
    ],
    OrganisationKind.BUSINESS: [
        "entreprise classique",
        "entreprise",
        "societe",
        "business",
        "company",
    ],
    OrganisationKind.NETWORK: [
        "chambre consulaire ou réseau",
        "reseau",
        "chambre",
        "chambre consulaire",
        "cci",
        "cma",
        "cress",
    ],
    OrganisationKind.CITIZENS: [
        "collectif de citoyens",
        "citoyens",
        "collectif",
        "habitants",
        "citizens",
    ],
}
FAMILY_SYNONYMS = {
    EssFamily.ASSOCIATION: ["association", "asso", "association loi 1901", "loi 1901"],
    EssFamily.COOPERATIVE: [
        "coopérative",
        "coop",
        "scop",
        "scic",
        "cae",
        "cooperative d activite et d emploi",
    ],
    EssFamily.MUTUAL: ["mutuelle", "mutualite"],
    EssFamily.FOUNDATION: ["fondation", "fonds de dotation"],
    EssFamily.ESS_COMPANY: [
        "entreprise de l’ESS",
        "esus",
        "entreprise solidaire",
        "societe commerciale de l ess",
    ],
    EssFamily.NOT_ESS: ["hors ESS", "non ess", "non"],
}


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        message = self.message[:1].lower() + self.message[1:]
        return _("Line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": message,
        }


@dataclass
class ImportRow:
    line: int
    organisation: dict = field(default_factory=dict)
    person: dict = field(default_factory=dict)


def _vocabulary(choices, synonyms) -> dict[str, str]:
    """Code, English label (the source string) and synonyms, folded with fold_label -> code."""
    words: dict[str, str] = {}
    for value in choices.values:
        words[fold_label(value)] = value
        with translation.override("en"):
            words[fold_label(str(choices(value).label))] = value
        for synonym in synonyms.get(value, []):
            words[fold_label(synonym)] = value
    return words


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> target, guessed from the header names; each target used once."""
    folded = [fold(h) for h in headers]
    has_first_name = any(f in HEADER_SYNONYMS["first_name"] for f in folded)
    mapping: dict[int, str] = {}
    for index, header in enumerate(folded):
        candidates = [header] + [
            header.removeprefix(prefix)
            for prefix in ("n ", "numero ", "code ")
            if header.startswith(prefix)
        ]
        if has_first_name and header in ("nom", "name"):
            found = "last_name"  # "Prénom" + "Nom": the person's name
        else:
            found = next(
                (t for t, names in HEADER_SYNONYMS.items() if any(c in names for c in candidates)),
                None,
            )
        if found and found not in mapping.values():
            mapping[index] = found
    return mapping


def check_mapping(mapping: dict[int, str], headers: list[str]) -> list[str]:
    """French messages about a column mapping chosen by the user (empty when fine)."""
    errors = []
    columns_by_target: dict[str, list[str]] = {}
    for index, target in mapping.items():
        columns_by_target.setdefault(target, []).append(headers[index])
    for target, columns in columns_by_target.items():
        if len(columns) > 1:
            errors.append(
                _("“%(target)s” is chosen for several columns: %(columns)s. Keep only one.")
                % {"target": TARGETS[target], "columns": ", ".join(columns)}
            )
    if "name" not in columns_by_target and "last_name" not in columns_by_target:
        errors.append(
            _(
                "Choose the column holding the organisation name, or the one holding the "
                "person's last name."
            )
        )
    return errors


class RowValidator:
    """Validates the rows of a table under a mapping, caching commune look-ups."""

    def __init__(self, table: Table, mapping: dict[int, str]):
        self.table = table
        self.mapping = mapping
        self.kinds = _vocabulary(OrganisationKind, KIND_SYNONYMS)
        self.families = _vocabulary(EssFamily, FAMILY_SYNONYMS)
        self.communes: dict[str, object] = {}
        self.errors: list[RowError] = []
        self.rows: list[ImportRow] = []

    def run(self) -> tuple[list[ImportRow], list[RowError]]:
        width = len(self.table.headers)
        for line, cells in self.table.rows:
            if any(cells[width:]):
                self.errors.append(
                    RowError(
                        line,
                        _("beyond the last one"),
                        _("This line has more cells than the header: check the separator."),
                    )
                )
                continue
            values = {t: cells[i] if i < len(cells) else "" for i, t in self.mapping.items()}
            if any(values.values()):
                row = self.validate_row(line, values)
                if row is not None:
                    self.rows.append(row)
        return self.rows, self.errors

    def column(self, target: str) -> str:
        for index, mapped in self.mapping.items():
            if mapped == target:
                return self.table.headers[index]
        return str(TARGETS[target])

    def fail(self, line: int, target: str, error) -> None:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        for message in messages:
            self.errors.append(RowError(line, self.column(target), message))

    def validate_row(self, line: int, values: dict[str, str]) -> ImportRow | None:
        errors_before = len(self.errors)
        org = {k: v for k, v in values.items() if k in ORGANISATION_TARGETS and v}
        person = {k: v for k, v in values.items() if k in PERSON_TARGETS and v}
        for target, limit in MAX_LENGTHS.items():
            if len(values.get(target, "")) > limit:
                self.fail(
                    line,
                    target,
                    _("The text is too long (%(length)s characters, at most %(max)s).")
                    % {"length": len(values[target]), "max": limit},
                )
        if org and not org.get("name"):
            self.fail(line, "name", _("The organisation name is missing."))
        if person and not person.get("last_name"):
            self.fail(line, "last_name", _("The person's last name is missing."))
        for target, clean in (
            ("kind", self.clean_kind),
            ("ess_family", self.clean_family),
            ("siren", _clean_siren),
            ("siret", _clean_siret),
            ("legal_category", _clean_legal_category),
            ("naf_code", _clean_naf),
            ("commune", self.clean_commune),
            ("website", _clean_website),
        ):
            if target in org:
                try:
                    org[target] = clean(org[target])
                except ValidationError as error:
                    self.fail(line, target, error)
                    org.pop(target)
        if "email" in person:
            try:
                EmailValidator()(person["email"])
            except ValidationError:
                self.fail(
                    line,
                    "email",
                    _("“%(value)s” is not a valid e-mail address.") % {"value": person["email"]},
                )
        if org.get("siret") and org.get("siren"):
            try:
                identifiers.check_siret_matches_siren(org["siret"], org["siren"])
            except ValidationError as error:
                self.fail(line, "siret", error)
        if len(self.errors) > errors_before:
            return None
        _complete_kind(org)
        return ImportRow(line=line, organisation=org, person=person)

    def _choice(self, value: str, vocabulary: dict, choices, message: str) -> str:
        code = vocabulary.get(fold_label(value))
        if code is None:
            expected = ", ".join(str(label) for label in choices.labels)
            raise ValidationError(message % {"value": value, "expected": expected})
        return code

    def clean_kind(self, value: str) -> str:
        family = self.families.get(fold_label(value))
        if family and family != EssFamily.NOT_ESS and fold_label(value) not in self.kinds:
            return f"family:{family}"  # "association" in a kind column: an ESS organisation
        return self._choice(
            value,
            self.kinds,
            OrganisationKind,
            _("“%(value)s” is not a kind of organisation; expected one of: %(expected)s."),
        )

    def clean_family(self, value: str) -> str:
        return self._choice(
            value,
            self.families,
            EssFamily,
            _("“%(value)s” is not an ESS family; expected one of: %(expected)s."),
        )

    def clean_commune(self, value: str):
        if value not in self.communes:
            try:
                self.communes[value] = resolve_commune(value)
            except ValidationError as error:
                self.communes[value] = error
        result = self.communes[value]
        if isinstance(result, ValidationError):
            raise result
        return result


def _complete_kind(org: dict) -> None:
    """Resolve "association" typed as a kind: an ESS organisation of that family."""
    kind = org.get("kind", "")
    if kind.startswith("family:"):
        org["kind"] = OrganisationKind.ESS.value
        org.setdefault("ess_family", kind.removeprefix("family:"))


def _clean_siren(value: str) -> str:
    value = identifiers.normalise_identifier(value)
    identifiers.validate_siren(value)
    return value


def _clean_siret(value: str) -> str:
    value = identifiers.normalise_identifier(value)
    identifiers.validate_siret(value)
    return value


def _clean_legal_category(value: str) -> str:
    value = identifiers.normalise_identifier(value)
    identifiers.validate_legal_category(value)
    return value


def _clean_naf(value: str) -> str:
    identifiers.validate_naf_code(value)
    return identifiers.normalise_naf_code(value)


def _clean_website(value: str) -> str:
    url = value if "://" in value else "https://" + value  # "www.example.org" in spreadsheets
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a valid web address.") % {"value": value}
        ) from None
    return url


def validate_table(table: Table, mapping: dict[int, str]):
    """(rows ready to import, errors) for the whole table."""
    return RowValidator(table, mapping).run()
