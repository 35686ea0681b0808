"""French forms of places and numbers in templates: ``{% load french %}``.

{{ territory.name|of_place }}: "de la CU du Grand Poitiers" (in English, "of ...").
{{ amount|money }}: "1 500 000"; {{ value|number }}: "2,5"; empty for None.
"""

from django import template
from django.utils.translation import get_language

from essor.core.french_numbers import format_money, format_number
from essor.core.text import french_of

register = template.Library()


@register.filter
def of_place(name: str) -> str:
    if (get_language() or "fr").startswith("fr"):
        return french_of(name)
    return f"of {name}"


@register.filter
def money(value) -> str:
    return format_money(value)


@register.filter
def number(value) -> str:
    return format_number(value)
