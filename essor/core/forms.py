"""Form helpers shared by the apps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from essor.core.french_numbers import NumberError, format_number, parse_number

# Characters. A comment or a reorientation is a few paragraphs; the longest texts
# of an action sheet or a plan (description, introduction) a few pages. Without a
# limit a 5 MB paste was accepted, then shown on every page of the action.
SHORT_TEXT_LIMIT = 5_000
LONG_TEXT_LIMIT = 20_000


def limit_free_text(form: forms.BaseForm, limit: int = LONG_TEXT_LIMIT) -> None:
    """Give every text field of ``form`` that has no maximum length (a model's
    TextField) the maximum ``limit``: Django's French message names the limit, and
    the browser's ``maxlength`` stops typing there."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.update(field.widget_attrs(field.widget))


# Dates of a local process (meetings, phases, workshops, surveys, plans, decisions):
# a year outside these is a typing error (year 9999 was accepted), and the ends of
# the calendar break date arithmetic.
YEARS = (2000, 2100)
DATE_WIDGET_ATTRS = {"type": "date", "min": f"{YEARS[0]}-01-01", "max": f"{YEARS[1]}-12-31"}


def check_year(day: dt.date | None) -> dt.date | None:
    """``day`` (a date or a datetime), or a French ValidationError when its year is out of YEARS."""
    if day is not None and not YEARS[0] <= day.year <= YEARS[1]:
        raise ValidationError(
            _("Give a year between %(first)s and %(last)s."),
            params={"first": YEARS[0], "last": YEARS[1]},
            code="year_out_of_range",
        )
    return day


class FrenchIntegerField(forms.IntegerField):
    """A whole number typed as in France ("1 500", "1 500 000"), in a text input:
    a type=number input refuses "1 500" in browsers. Min and max as Django's."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Write a whole number, such as 1 500.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            number = parse_number(str(value))
        except NumberError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["inputmode"] = "numeric"
        return attrs


class FrenchDecimalField(forms.DecimalField):
    """A decimal number typed as in France ("2,5", "1 500,50 €", "12,5 %"), in a
    text input. Min, max, digits and decimal places as Django's."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Write a number, such as 1 500 or 2,5.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value), percent=True)
        except NumberError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        # Shown as typed in France ("2,5", not "2.5"), which to_python reads back.
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return format_number(value)
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["inputmode"] = "decimal"
        return attrs


def _french_number_field(field: forms.Field) -> forms.Field:
    """The French counterpart of Django's number ``field``, with its label, help,
    initial value, validators (min, max, digits) and the attributes of its input."""
    # Django's DecimalField and FloatField are IntegerFields too.
    if not isinstance(field, forms.DecimalField | forms.FloatField):
        french = FrenchIntegerField(min_value=field.min_value, max_value=field.max_value)
    else:
        french = FrenchDecimalField(
            min_value=field.min_value,
            max_value=field.max_value,
            max_digits=getattr(field, "max_digits", None),
            decimal_places=getattr(field, "decimal_places", None),
        )
    for name in ("required", "label", "initial", "help_text", "disabled", "label_suffix"):
        setattr(french, name, getattr(field, name))
    french.validators = list(field.validators)
    french.error_messages = {**field.error_messages, "invalid": french.error_messages["invalid"]}
    kept = {k: v for k, v in field.widget.attrs.items() if k not in ("min", "max", "step")}
    french.widget.attrs.update(kept)
    french.widget.is_required = field.required
    return french


def french_fields(form: forms.BaseForm) -> None:
    """Every number typed in ``form`` read the French way (FrenchIntegerField,
    FrenchDecimalField), and every date limited to YEARS. Call it in the form's
    ``__init__``: it also covers the fields a ModelForm generates."""
    for name, field in list(form.fields.items()):
        if field.widget.is_hidden:
            continue
        if isinstance(field, forms.IntegerField) and not isinstance(
            field, FrenchIntegerField | FrenchDecimalField
        ):
            form.fields[name] = _french_number_field(field)
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            if check_year not in field.validators:
                field.validators.append(check_year)
            if getattr(field.widget, "input_type", None) == "date":  # the browser's date picker
                field.widget.attrs.setdefault("min", DATE_WIDGET_ATTRS["min"])
                field.widget.attrs.setdefault("max", DATE_WIDGET_ATTRS["max"])
