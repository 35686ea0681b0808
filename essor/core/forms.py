"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator

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
