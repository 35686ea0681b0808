"""Cleaning of hurried workshop French before grouping (pure Python, no Django).

Contributions are typed on a phone or copied from a flip chart: abbreviations
("asso", "pb", "qd"), missing accents, "!!", dashes of a list, words glued by
"+" or "/". Grouping must see "assos" and "associations" as one word, and must
not group by the words that only say what kind of contribution it is
("besoin", "il faut", "manque"), which every theme shares.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Shorthands seen in workshop notes, folded (no accents). Expanded before
# stemming so that "asso" and "association" meet.
ABBREVIATIONS: dict[str, str] = {
    "asso": "association",
    "assos": "associations",
    "assoc": "association",
    "ess": "économie sociale et solidaire",
    "coop": "coopérative",
    "coops": "coopératives",
    "scic": "coopérative d'intérêt collectif",
    "scop": "coopérative",
    "cae": "coopérative d'activités et d'emploi",
    "bcp": "beaucoup",
    "pb": "problème",
    "pbs": "problèmes",
    "qd": "quand",
    "tjs": "toujours",
    "pr": "pour",
    "ds": "dans",
    "svp": "",
    "stp": "",
    "subv": "subvention",
    "subvs": "subventions",
    "aap": "appels à projets",
    "cc": "communauté de communes",
    "cdc": "communauté de communes",
    "epci": "intercommunalité",
    "agglo": "agglomération",
    "hlm": "logement social",
    "rdv": "rendez-vous",
    "info": "information",
    "infos": "informations",
    "com": "communication",
    "appart": "appartement",
    "apparts": "appartements",
    "dispo": "disponible",
    "ados": "adolescents",
    "ado": "adolescent",
    "resto": "restaurant",
    "restos": "restaurants",
    "boulot": "travail",
    "boulots": "travail",
    "taf": "travail",
    "fringues": "vêtements",
    "ordis": "ordinateurs",
    "ordi": "ordinateur",
    "transfo": "transformation",
    "eco": "économique",
    "pers": "personnes",
    "env": "environ",
}

# French function words and the words that every theme shares in workshops
# ("besoin", "idee", "manque"...): they describe the kind, not the subject.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a afin ai aie aient ainsi alors apres as au aucun aupres aussi autre autres aux avait
    avaient avant avec avoir ayant bah bcp beaucoup bien bon bref c ca car ce ceci cela celle
    celles celui cependant certain certaines certains ces cet cette ceux chacun chaque chez ci
    comme comment contre cote d dans de deja depuis des deux devant devrait doit doivent donc
    dont du elle elles en encore entre es est et etaient etait etant ete etre eu eux fait faire
    faites faut fois font grand grande grands gros ici il ils j je jusqu l la la le les leur
    leurs lors lui m ma mais me meme memes mes moi moins mon n ne ni non nos notre nous on ont
    ou par parce pas peu peut peuvent plus plupart pour pourquoi pourrait pres puis qu quand
    que quel quelle quelles quels qui quoi s sa sans se sera seront ses si sien sinon soi soit
    son sont sous souvent suis sur t ta tant te tel telle tes toi ton tous tout toute toutes
    tres trop tu un une unes uns va vers via voila vont vos votre vous vraiment y
    besoin besoins idee idees manque manquent manquer faudrait falloir il y avoir plus
    probleme problemes vrai vraie chose choses truc trucs etc ok oui top super svp stp
    mettre place mise creer creation developper developpement renforcer ameliorer aider
    soutenir favoriser permettre trouver aller avoir veut voudrait
    the and of to in for on is are with
    """.split()
)

_TOKEN = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower-case, accent-free text; punctuation, emoji and symbols become spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in without_marks.lower()).split())


# Kept as one word for grouping and key words (shown as written here); the
# word vectors still get their expansion from ABBREVIATIONS.
ACRONYMS: dict[str, str] = {"ess": "ESS"}


def words(text: str) -> list[str]:
    """Content words of a contribution, abbreviations expanded, folded, stop words out."""
    out: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        if token in ACRONYMS:
            out.append(token)
            continue
        expansion = ABBREVIATIONS.get(token)
        for word in fold(expansion).split() if expansion is not None else [token]:
            if len(word) > 1 and not word.isdigit() and word not in STOP_WORDS:
                out.append(word)
    return out


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """``fold`` for one word, cached: the same few thousand words come back all the time."""
    return fold(word)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]
