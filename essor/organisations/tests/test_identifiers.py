import pytest
from django.core.exceptions import ValidationError

from essor.organisations.identifiers import (
    check_siret_matches_siren,
    normalise_identifier,
    normalise_naf_code,
    validate_legal_category,
    validate_naf_code,
    validate_siren,
    validate_siret,
)
from essor.organisations.tests.numbers import luhn_sum, siren, siret, wrong_check_digit

# Published numbers: Peugeot's SIREN, and a SIRET of the INSEE's examples.
REAL_SIREN = "552100554"
REAL_SIRET = "73282932000074"
# La Poste's head office follows Luhn (its digit sum is 26, not a multiple of 5).
LA_POSTE_HEAD_OFFICE = "35600000000048"


def messages(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_normalise_identifier_removes_spaces_dots_and_dashes():
    assert normalise_identifier(" 552 100 554 ") == "552100554"
    assert normalise_identifier("552.100.554") == "552100554"
    assert normalise_identifier("732\u00a0829\u202f320-00074") == "73282932000074"
    assert normalise_identifier(None) == ""


@pytest.mark.parametrize("value", [REAL_SIREN, "552 100 554", siren("44306184"), siren("12345678")])
def test_valid_sirens(value):
    validate_siren(value)


def test_siren_errors_are_french_and_precise():
    with pytest.raises(ValidationError) as error:
        validate_siren("123")
    assert messages(error) == "Le numéro 123 n’a pas 9 chiffres."
    with pytest.raises(ValidationError) as error:
        validate_siren("55210055A")
    assert "ne doit contenir que des chiffres" in messages(error)
    with pytest.raises(ValidationError) as error:
        validate_siren(wrong_check_digit(REAL_SIREN))
    assert "clé de contrôle" in messages(error)


@pytest.mark.parametrize(
    "value", [REAL_SIRET, "732 829 320 00074", siret("44306184"), siret("12345678", "0042")]
)
def test_valid_sirets(value):
    validate_siret(value)


def test_siret_with_wrong_check_digit_or_length_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_siret(wrong_check_digit(REAL_SIRET))
    assert "clé de contrôle" in messages(error)
    with pytest.raises(ValidationError) as error:
        validate_siret("123")
    assert messages(error) == "Le numéro 123 n’a pas 14 chiffres."


def test_siret_must_start_with_a_valid_siren():
    # Luhn-valid on 14 digits but its first 9 digits are not a valid SIREN.
    bad_siren = wrong_check_digit(REAL_SIREN)
    number = next(n for n in (bad_siren + f"{i:05d}" for i in range(100)) if luhn_sum(n) % 10 == 0)
    with pytest.raises(ValidationError) as error:
        validate_siret(number)
    assert "ne commence pas par un SIREN valide" in messages(error)


def test_la_poste_sirets_follow_the_digit_sum_rule():
    validate_siret(LA_POSTE_HEAD_OFFICE)
    # An establishment of La Poste: Luhn fails, digit sum 3+5+6+4+9+8+3+7 = 45.
    establishment = "35600000049837"
    assert sum(map(int, establishment)) % 5 == 0
    validate_siret(establishment)
    # Same shape, digit sum 46: neither rule holds.
    with pytest.raises(ValidationError):
        validate_siret("35600000049838")
    # The exception is La Poste's only: the same digits under another SIREN fail.
    with pytest.raises(ValidationError):
        validate_siret("35600000149837")


def test_siret_must_match_the_siren():
    check_siret_matches_siren(REAL_SIRET, "732829320")
    check_siret_matches_siren(REAL_SIRET, "")
    with pytest.raises(ValidationError) as error:
        check_siret_matches_siren(REAL_SIRET, REAL_SIREN)
    assert "n’appartient pas au SIREN 552100554" in messages(error)


def test_legal_category_has_four_digits():
    validate_legal_category("9220")
    validate_legal_category("5 710")
    for value in ("922", "92200", "92A0"):
        with pytest.raises(ValidationError) as error:
            validate_legal_category(value)
        assert "4 chiffres" in messages(error)


@pytest.mark.parametrize("value", ["94.99Z", "9499Z", "9499z", "94 99 Z", " 88.10A "])
def test_naf_codes_are_normalised(value):
    validate_naf_code(value)
    assert normalise_naf_code(value) in ("94.99Z", "88.10A")


@pytest.mark.parametrize("value", ["94.99", "949Z", "ZZ.99Z", "94.999Z"])
def test_bad_naf_codes(value):
    with pytest.raises(ValidationError) as error:
        validate_naf_code(value)
    assert "94.99Z" in messages(error)
