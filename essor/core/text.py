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


# How départements and régions take their article, from INSEE's Code officiel géographique
# ("TNCC", type de nom en clair: 0 "de", 1 "d’", 2 "du", 3 "de la", 4 "des", 5 "de l’").
# The shipped reference (@etalab/decoupage-administratif) does not carry it, nor does
# anything offline: this is INSEE's column for the 101 départements, the 18 régions and the
# overseas collectivities of the reference, copied as a table keyed by name within its kind.
_TNCC_PREFIX = {0: "de ", 1: "d’", 2: "du ", 3: "de la ", 4: "des ", 5: "de l’"}
_TNCC_NAMES = {
    0: "Maine-et-Loire|Meurthe-et-Moselle|Saône-et-Loire|Paris|Seine-et-Marne|La Réunion|Mayotte"
    "|Bourgogne-Franche-Comté|Normandie|Bretagne|Provence-Alpes-Côte d'Azur"
    "|Saint-Pierre-et-Miquelon|Saint-Barthélemy|Saint-Martin|Wallis et Futuna",
    1: "Eure-et-Loir|Ille-et-Vilaine|Indre-et-Loire|Île-de-France|Occitanie|Auvergne-Rhône-Alpes",
    2: "Calvados|Cantal|Cher|Doubs|Finistère|Gard|Gers|Jura|Loir-et-Cher|Loiret|Lot"
    "|Lot-et-Garonne|Morbihan|Nord|Pas-de-Calais|Puy-de-Dôme|Bas-Rhin|Haut-Rhin|Rhône|Tarn"
    "|Tarn-et-Garonne|Var|Vaucluse|Territoire de Belfort|Val-de-Marne|Val-d'Oise"
    "|Centre-Val de Loire|Grand Est",
    3: "Charente|Charente-Maritime|Corrèze|Côte-d'Or|Creuse|Dordogne|Drôme|Corse-du-Sud"
    "|Haute-Corse|Haute-Garonne|Gironde|Loire|Haute-Loire|Loire-Atlantique|Lozère|Manche|Marne"
    "|Haute-Marne|Mayenne|Meuse|Moselle|Nièvre|Haute-Saône|Sarthe|Savoie|Haute-Savoie"
    "|Seine-Maritime|Somme|Vendée|Vienne|Haute-Vienne|Seine-Saint-Denis|Guadeloupe|Martinique"
    "|Guyane|Nouvelle-Aquitaine|Corse|Polynésie française|Nouvelle-Calédonie",
    4: "Alpes-de-Haute-Provence|Hautes-Alpes|Alpes-Maritimes|Ardennes|Bouches-du-Rhône"
    "|Côtes-d'Armor|Landes|Pyrénées-Atlantiques|Hautes-Pyrénées|Pyrénées-Orientales|Yvelines"
    "|Deux-Sèvres|Vosges|Hauts-de-Seine|Hauts-de-France|Pays de la Loire"
    "|Terres australes et antarctiques françaises",
    5: "Ain|Aisne|Allier|Ardèche|Ariège|Aube|Aude|Aveyron|Eure|Hérault|Indre|Isère|Oise|Orne"
    "|Yonne|Essonne|Île de Clipperton",
}
_TNCC = {name: tncc for tncc, names in _TNCC_NAMES.items() for name in names.split("|")}
# The kinds of territory named with INSEE's article (territories.models.TerritoryKind values).
ARTICLED_KINDS = ("departement", "region")


def french_of(name: str, kind: str = "") -> str:
    """The French complement "of <name>" of a place: "de la CU du Grand Poitiers",
    "du Mans", "des Sables-d’Olonne", "d’Angoulême", "de Poitiers", "de La Rochelle";
    for a département or a région (``kind``), INSEE's article: "de la Vienne", "du
    Calvados", "des Deux-Sèvres", "de l’Ain", "d’Ille-et-Vilaine", "du Grand Est"."""
    name = (name or "").strip()
    if kind in ARTICLED_KINDS and name in _TNCC:
        return _TNCC_PREFIX[_TNCC[name]] + name
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
