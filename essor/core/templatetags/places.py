"""{{ territory.name|of_place }}: "de la CU du Grand Poitiers" in French, "of ..." in English."""

from django import template
from django.utils.translation import get_language

from essor.core.text import french_of

register = template.Library()


@register.filter
def of_place(name: str) -> str:
    if (get_language() or "fr").startswith("fr"):
        return french_of(name)
    return f"of {name}"
