"""Open Graph tags of the public pages: ``{% load open_graph %}{% site_url request.path %}``.

Absolute addresses come from ESSOR_SITE_URL, not from the request's Host header: behind a
proxy the header may name an internal host, and a link shared on a social network must
point at the public address.
"""

from html import unescape

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def site_url(path: str) -> str:
    return settings.SITE_URL + path


@register.filter
def og_text(value, words: int = 40) -> str:
    """Plain text of sanitised HTML, cut to a short description."""
    text = unescape(strip_tags(value or ""))  # the template escapes it once, for the attribute
    return Truncator(" ".join(text.split())).words(words)
