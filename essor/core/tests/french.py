"""French texts in assertions about something else than typography.

The French catalogues set no-break spaces before « : ; ? ! » and inside « »
(see essor.core.french_typography). A test about a count, a permission or an
import asserts the words, written with ordinary spaces, on ``plain(text)``; a
test about the text itself asserts the exact characters instead.
"""

from django.http import HttpResponse

_NO_BREAK = str.maketrans({"\u00a0": " ", "\u202f": " "})


def plain(text: str | bytes | HttpResponse) -> str:
    """``text`` (or a response's body) with its no-break spaces as ordinary spaces."""
    if isinstance(text, HttpResponse):
        text = text.content
    if isinstance(text, bytes):
        text = text.decode()
    return text.translate(_NO_BREAK)
