"""French business identifiers: SIREN, SIRET, legal category, NAF code.

Validators follow Django's contract (raise ValidationError, French once
translated) and are shared by the forms and the CSV/XLSX import. They expect
a value already passed through ``normalise_identifier``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# La Poste's establishments share one SIREN and their SIRETs do not follow the
# Luhn checksum: INSEE documents that the sum of their 14 digits is a multiple
# of 5 instead. (Its head office, 35600000000048, does follow Luhn.)
LA_POSTE_SIREN = "356000000"

_SEPARATORS = re.compile(r"[\s.\u00a0\u202f-]+")
_NAF = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")


def normalise_identifier(value) -> str:
    """Remove spaces (non-breaking too), dots and dashes: "356 000 000" -> "356000000"."""
    return _SEPARATORS.sub("", str(value or "")).strip()


def luhn_is_valid(digits: str) -> bool:
    """Luhn checksum of a string of digits (SIREN and SIRET check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _check_digits(value: str, length: int) -> None:
    if not value.isdigit():
        raise ValidationError(
            _("The number %(value)s must contain only digits."),
            code="not_digits",
            params={"value": value},
        )
    if len(value) != length:
        raise ValidationError(
            _("The number %(value)s does not have %(length)s digits."),
            code="length",
            params={"value": value, "length": length},
        )


def validate_siren(value: str) -> None:
    """A SIREN: 9 digits with a valid Luhn checksum."""
    value = normalise_identifier(value)
    _check_digits(value, 9)
    if not luhn_is_valid(value):
        raise ValidationError(
            _("The SIREN %(value)s is not valid (wrong check digit): check for a typo."),
            code="checksum",
            params={"value": value},
        )


def siret_checksum_is_valid(value: str) -> bool:
    if luhn_is_valid(value):
        return True
    return value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0


def validate_siret(value: str) -> None:
    """A SIRET: 14 digits, Luhn checksum (La Poste: digit sum multiple of 5), valid SIREN."""
    value = normalise_identifier(value)
    _check_digits(value, 14)
    if not siret_checksum_is_valid(value):
        raise ValidationError(
            _("The SIRET %(value)s is not valid (wrong check digit): check for a typo."),
            code="checksum",
            params={"value": value},
        )
    try:
        validate_siren(value[:9])
    except ValidationError:
        raise ValidationError(
            _("The SIRET %(value)s does not start with a valid SIREN."),
            code="siren",
            params={"value": value},
        ) from None


def check_siret_matches_siren(siret: str, siren: str) -> None:
    """When both are given, the SIRET's first 9 digits must be the SIREN."""
    if siret and siren and siret[:9] != siren:
        raise ValidationError(
            _("The SIRET %(siret)s does not belong to the SIREN %(siren)s (first 9 digits)."),
            code="mismatch",
            params={"siret": siret, "siren": siren},
        )


def validate_legal_category(value: str) -> None:
    """INSEE legal category (catégorie juridique), level III: 4 digits, e.g. 9220."""
    value = normalise_identifier(value)
    if not (value.isdigit() and len(value) == 4):
        raise ValidationError(
            _("The legal category %(value)s must have 4 digits (e.g. 9220 for an association)."),
            code="legal_category",
            params={"value": value},
        )


def normalise_naf_code(value) -> str:
    """ "9499z", "94.99Z", "94 99 Z" -> "94.99Z"; unchanged when not shaped like a NAF code."""
    compact = normalise_identifier(value).upper()
    match = _NAF.match(compact)
    if not match:
        return compact
    return f"{match[1]}.{match[2]}{match[3]}"


def validate_naf_code(value: str) -> None:
    """NAF rev. 2 code (APE): 2 digits, dot, 2 digits, a letter, e.g. 94.99Z."""
    if not _NAF.match(normalise_naf_code(value)):
        raise ValidationError(
            _("The NAF code %(value)s is not valid: expected a code like 94.99Z."),
            code="naf",
            params={"value": value},
        )
