"""Numbers as people type them in France: "1 500 000", "2,5", "12,5 %", "1.500.000".

One parser for every place where a number is typed (budget lines, funders,
indicator baselines and targets, imports), so that a figure accepted in one
form is accepted in all of them.

- Thousands are grouped by spaces (ordinary, non-breaking U+00A0, narrow
  non-breaking U+202F, thin U+2009) or by dots: "1 500 000", "1.500.000".
- The decimal separator is the comma ("2,5"); a dot is read as a decimal point
  too, as spreadsheets write it ("2.5", "1500.75").
- "1.500" alone is ambiguous (one and a half, or one thousand five hundred?):
  it is refused with a message rather than guessed.
- "€" and, where allowed, "%" may follow; a minus sign may be "-" or "−".

Not named numbers.py: makemessages runs with an app folder as working directory,
where a numbers.py would hide the standard library's module of that name.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SPACES = " \u00a0\u202f\u2009"
_SPACE = f"[{SPACES}]"
# An integer part: grouped by spaces, grouped by dots, or plain digits.
_INTEGER = rf"(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d+)"
# A number as it may appear inside a longer line (an indicator "0 -> 1 500 000 (2030)").
NUMBER_PATTERN = rf"[-−]?{_INTEGER}(?:[,.]\d+)?(?:{_SPACE}*%)?"

_GROUPED_BY_SPACES = re.compile(rf"^\d{{1,3}}(?:{_SPACE}\d{{3}})+$")
_GROUPED_BY_DOTS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_DECIMALS = re.compile(r"^\d+$")

NUMBER_FORMAT_HELP = gettext_lazy("write a number such as 1 500 000 or 2,5.")


class NumberError(ValueError):
    """The text is not a number; the message says why, in the active language."""


def _integer_digits(text: str) -> str:
    if _PLAIN.match(text):
        return text
    if _GROUPED_BY_SPACES.match(text):
        return re.sub(_SPACE, "", text)
    if _GROUPED_BY_DOTS.match(text):
        return text.replace(".", "")
    raise NumberError(str(NUMBER_FORMAT_HELP))


def parse_number(text: str, *, percent: bool = False, limit: Decimal | None = None) -> Decimal:
    """The Decimal written in ``text`` (French or spreadsheet format), else NumberError.

    ``percent`` allows a trailing "%" (dropped: "12,5 %" is 12.5); ``limit`` refuses
    values whose absolute value reaches it (what the database column can hold)."""
    cleaned = (text or "").strip().replace("−", "-")
    cleaned = re.sub(rf"{_SPACE}*€$", "", cleaned)
    if percent:
        cleaned = re.sub(rf"{_SPACE}*%$", "", cleaned)
    sign = ""
    if cleaned.startswith("-"):
        sign, cleaned = "-", cleaned[1:].lstrip(SPACES)
    if not cleaned:
        raise NumberError(str(NUMBER_FORMAT_HELP))
    if "," in cleaned:
        integer, _sep, decimals = cleaned.rpartition(",")
        if "," in integer:
            raise NumberError(str(NUMBER_FORMAT_HELP))
    elif cleaned.count(".") == 1:
        integer, _sep, decimals = cleaned.partition(".")
        if len(decimals) == 3 and re.match(r"^[1-9]\d{0,2}$", integer):
            raise NumberError(
                _(
                    "“%(text)s” is ambiguous: write 1 500 for one thousand five hundred, "
                    "1,5 for one and a half."
                )
                % {"text": text.strip()}
            )
        # Otherwise a decimal point, as spreadsheets write it: "2.5", "1500.75", "0.125".
    else:  # no separator, or thousands grouped by dots ("1.500.000")
        integer, decimals = cleaned, ""
    if decimals and not _DECIMALS.match(decimals):
        raise NumberError(str(NUMBER_FORMAT_HELP))
    digits = _integer_digits(integer) + (f".{decimals}" if decimals else "")
    try:
        value = Decimal(f"{sign}{digits}")
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise NumberError(str(NUMBER_FORMAT_HELP)) from None
    if limit is not None and abs(value) >= limit:
        raise NumberError(_("the number is too large."))
    return value


def format_number(value) -> str:
    """ "1 500 000", "2,5": thousands grouped by narrow non-breaking spaces, decimal comma,
    no trailing zeros. What parse_number reads back."""
    if value is None or value == "":
        return ""
    value = Decimal(value).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return f"{value:,f}".replace(",", "\u202f").replace(".", ",")


def format_money(value) -> str:
    """ "1 500 000", "1 500,50": an amount in euros, cents shown only when there are some."""
    if value is None or value == "":
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return text[:-3] if text.endswith(",00") else text


def clean_number(text: str, **options) -> Decimal:
    """parse_number for a form field: a ValidationError naming the expected format."""
    try:
        return parse_number(text, **options)
    except NumberError as error:
        raise ValidationError(str(error), code="invalid") from None
