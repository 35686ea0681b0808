"""The French number parser shared by every form where a number is typed."""

from decimal import Decimal

import pytest

from essor.core.french_numbers import NumberError, format_money, format_number, parse_number


@pytest.mark.parametrize(
    "text,value",
    [
        ("1 500 000", "1500000"),
        ("1\u00a0500\u00a0000", "1500000"),  # non-breaking spaces (copied from a document)
        ("1\u202f500\u202f000", "1500000"),  # narrow non-breaking spaces (LibreOffice, Django)
        ("1.500.000", "1500000"),
        ("1.500,50", "1500.50"),
        ("2,5", "2.5"),
        ("1 500,50 €", "1500.50"),
        ("1500.75", "1500.75"),  # spreadsheets write a decimal point
        ("1.5", "1.5"),
        ("0.500", "0.500"),  # a leading zero cannot be a thousands group
        ("-3", "-3"),
        ("−2,5", "-2.5"),  # the typographic minus
        ("0", "0"),
    ],
)
def test_french_and_spreadsheet_numbers_are_read(text, value):
    assert parse_number(text) == Decimal(value)


def test_percent_only_where_allowed():
    assert parse_number("12,5 %", percent=True) == Decimal("12.5")
    assert parse_number("12,5\u202f%", percent=True) == Decimal("12.5")
    with pytest.raises(NumberError):
        parse_number("12,5 %")


@pytest.mark.parametrize("text", ["abc", "", "1 50", "1,500.5", "1,2,3", "12 000 0", "2,5x"])
def test_not_numbers_are_refused_naming_the_format(text):
    with pytest.raises(NumberError, match="1\u202f500\u202f000 ou 2,5"):
        parse_number(text)


@pytest.mark.parametrize("text", ["1.500", "12.500"])
def test_one_dot_before_three_digits_is_ambiguous_and_refused(text):
    with pytest.raises(NumberError, match="ambigu"):
        parse_number(text)


def test_limit():
    assert parse_number("9 999 999 999", limit=Decimal("1e10")) == Decimal("9999999999")
    with pytest.raises(NumberError, match="trop grand"):
        parse_number("10 000 000 000", limit=Decimal("1e10"))


@pytest.mark.parametrize(
    "value,number,money",
    [
        (Decimal("1500000"), "1\u202f500\u202f000", "1\u202f500\u202f000"),
        (Decimal("1500000.50"), "1\u202f500\u202f000,5", "1\u202f500\u202f000,50"),
        (Decimal("2.5"), "2,5", "2,50"),
        (Decimal("0"), "0", "0"),
        (Decimal("1E+6"), "1\u202f000\u202f000", "1\u202f000\u202f000"),
        (None, "", ""),
    ],
)
def test_numbers_are_written_the_french_way_and_read_back(value, number, money):
    assert (format_number(value), format_money(value)) == (number, money)
    if value is not None:
        assert parse_number(number) == value
