"""French forms of places and numbers in templates: ``{% load french %}``.

{{ territory|of_place }}: "de la CU du Grand Poitiers", "de la Vienne" (in English, "of ...");
a territory's kind picks the article of départements and régions; a bare name works too.
{{ amount|money }}: "1 500 000"; {{ value|number }}: "2,5"; empty for None.
"""

from django import template
from django.utils.translation import get_language

from essor.core.french_numbers import format_money, format_number
from essor.core.text import french_of

register = template.Library()


@register.filter
def of_place(place) -> str:
    name, kind = getattr(place, "name", place), getattr(place, "kind", "")
    if (get_language() or "fr").startswith("fr"):
        return french_of(name, kind)
    return f"of {name}"


@register.filter
def money(value) -> str:
    return format_money(value)


@register.filter
def number(value) -> str:
    return format_number(value)
