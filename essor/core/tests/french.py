"""French texts in assertions about something else than typography.

The French catalogues set no-break spaces before « : ; ? ! » and inside « »
(see essor.core.french_typography). A test about a count, a permission or an
import asserts the words, written with ordinary spaces, on ``plain(text)``; a
test about the text itself asserts the exact characters instead.
"""

import re

from django.http import HttpResponse

# Only the spaces the French punctuation rule sets: numbers keep their narrow
# no-break spaces ("2 000"), as essor.core.french_numbers writes them.
_PUNCTUATION_SPACE = re.compile(r"[\u00a0\u202f](?=[:;?!»])|(?<=«)\u00a0")


def plain(text: str | bytes | HttpResponse) -> str:
    """``text`` (or a response's body) with the spaces of French punctuation ordinary."""
    if isinstance(text, HttpResponse):
        text = text.content
    if isinstance(text, bytes):
        text = text.decode()
    return _PUNCTUATION_SPACE.sub(" ", text)
