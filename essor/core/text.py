"""Text helpers shared by the apps."""

import re
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


_GENDER_NUMBER_MARK = re.compile(r"\((?:e|s|es|x|e s)\)", re.IGNORECASE)
_MARK_WORDS = {"e", "es", "s", "x"}  # what is left of "retenu·e" or "retenu.e.s" once folded


def fold_label(text: str) -> str:
    """fold() that also forgets French gender and number, to recognise a label.

    "Retenue", "retenu", "retenues", "Retenu(e)", "retenu·e" -> "retenu";
    "proposée", "proposé", "proposées" -> "propos". Only for comparing two
    labels folded alike, never for display.
    """
    words = []
    for word in fold(_GENDER_NUMBER_MARK.sub("", text or "")).split():
        if word in _MARK_WORDS and words:
            continue
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        while len(word) > 3 and word.endswith("e"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


# Intercommunalities are named after their (feminine) kind: "CU du Grand Poitiers",
# "Communauté d'agglomération du Niortais", "Métropole du Grand Paris"...
_FEMININE_KINDS = re.compile(
    r"^(CU|CA|CC|Communauté|Métropole|Eurométropole|Agglomération)\b", re.IGNORECASE
)
_VOWEL_OR_MUTE_H = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœh]", re.IGNORECASE)


def french_of(name: str) -> str:
    """The French complement "of <name>" of a place: "de la CU du Grand Poitiers",
    "du Mans", "des Sables-d’Olonne", "d’Angoulême", "de Poitiers", "de La Rochelle".

    Départements and régions take an article that only a list could tell ("de la
    Vienne", "des Deux-Sèvres"): they get "de", as before."""
    name = (name or "").strip()
    if _FEMININE_KINDS.match(name):
        return f"de la {name}"
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name.startswith("Grand ") or name.startswith("Grand-"):
        return f"du {name}"
    # "h" is mute in most French place names (Hérouville, Hyères), aspirate in a few.
    if _VOWEL_OR_MUTE_H.match(name):
        return f"d’{name}"
    return f"de {name}"
