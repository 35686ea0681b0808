"""Naming a commune in a form or an import: INSEE code ("86194") or key ("commune:86194")."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.territories.lookup import TerritoryKeyError, resolve_key
from essor.territories.models import Territory

_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def resolve_commune(text) -> Territory | None:
    """The commune named by ``text`` (None when blank), or a ValidationError in French."""
    raw = str(text or "").strip()
    if not raw:
        return None
    if ":" in raw:
        prefix, _sep, code = raw.partition(":")
        if prefix.strip().lower() != "commune":
            raise ValidationError(
                _("“%(value)s” is not a commune: give its INSEE code, e.g. 86194."),
                code="not_commune",
                params={"value": raw},
            )
    else:
        code = raw
    code = code.strip().upper()
    if code.isdigit() and len(code) == 4:  # spreadsheets drop the leading zero (01004 -> 1004)
        code = "0" + code
    if not _INSEE_CODE.match(code):
        raise ValidationError(
            _(
                "“%(value)s” is not an INSEE commune code: expected 5 characters "
                "such as 86194, or commune:86194."
            ),
            code="format",
            params={"value": raw},
        )
    try:
        return resolve_key(f"commune:{code}")
    except TerritoryKeyError:
        raise ValidationError(
            _("No commune has the INSEE code %(code)s."), code="unknown", params={"code": code}
        ) from None


class CommuneField(forms.CharField):
    """A text input cleaned to a commune Territory (or None)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Commune"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text", gettext_lazy("INSEE code of the commune, e.g. 86194 for Poitiers.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return value.code
        return value

    def clean(self, value):
        return resolve_commune(super().clean(value))
