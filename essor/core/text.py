"""Text helpers shared by the apps."""

import unicodedata

from django.utils.text import capfirst


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for searching.

    "Grand Poitiers  Communauté" -> "grand poitiers communaute"; hyphens and
    apostrophes become spaces so "Saint-Benoît" matches "saint benoit".
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in without_marks.lower())
    return " ".join(cleaned.split())


def capitalised(choices) -> list:
    """Choice labels as they start a line of a select ("Atelier", not "atelier")."""
    return [(value, capfirst(label)) for value, label in choices]
