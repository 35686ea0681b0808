"""Readable suggested titles for themes (pure Python, no Django).

Facilitators title a theme with a short French phrase ("Mobilité : se
déplacer sans voiture", "Un lieu commun pour se rencontrer"), not with a
list of key words. The title is built from the theme itself:

1. a phrase: the best short clause of the contributions closest to the
   theme's centre, the one that holds most of the theme's key words, cleaned
   (list dashes, "!!", brackets and fillers such as "il faut" or "besoin d'"
   removed, abbreviations expanded, first letter capitalised) and cut at a
   word boundary so that the whole title stays under TITLE_LENGTH characters;
2. a domain label in front ("Mobilité : ..."), only when one ESS domain is
   clearly the theme's: its words appear in a large share of the lines and
   far more than those of any other domain.

Deterministic (no randomness, ties broken by order), and the titles of the
themes of one suggestion all differ.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from essor.synthesis import phrases, textprep

TITLE_LENGTH = 60
CANDIDATE_LINES = 25  # only the lines closest to the centre speak for the theme
SHARED_MIN_LINES = 3  # from this many lines, a title is made of phrases shared by the lines
SUPPORT_GOAL = 0.5  # share of the theme's lines that should hold one of the title's key terms
DOMAIN_SHARE = 0.25  # share of the theme's lines using the domain's words
DOMAIN_MARGIN = 1.5  # ... and that many times more lines than the next domain

# Domains of a territory's social and solidarity economy, each with words
# that name it (any form: they are folded and stemmed below). Written from
# the domains of BRIEF.md and of issue 6, not from the evaluation lines.
# Words whose stem is shared with common words are left out ("communiquer"
# and "commune" both stem to "commun", "loyers" to "loi").
_DOMAIN_WORDS: dict[str, str] = {
    "Alimentation": "alimentation alimentaire nourriture manger repas cantine cantines "
    "producteur producteurs maraîcher maraîchers agriculteur agriculture paysan légumes "
    "épicerie épiceries amap bio restauration cuisine",
    "Mobilité": "mobilité mobilités transport transports déplacer déplacement vélo vélos "
    "voiture voitures covoiturage autopartage bus navette train permis trajet",
    "Logement": "logement logements loger habitat hébergement loyer appartement "
    "colocation locataire propriétaire habitat",
    "Réemploi": "réemploi réemployer recyclerie ressourcerie réparer réparation "
    "recycler recyclage déchets occasion vêtements objets troc donnerie",
    "Financement": "financement financer financeur subvention subventions argent fonds "
    "prêt prêts épargne banque mécénat crowdfunding budget financière",
    "Formation": "formation formations former formé formés école apprendre apprentissage "
    "université diplôme stage stages enseignement",
    "Gouvernance": "gouvernance décision décisions décider décide citoyens consulter "
    "consultation concertation participatif participative élus vote comité",
    "Visibilité": "visibilité visible connaître annuaire "
    "carte site newsletter journal promouvoir valoriser médias affiches",
    "Coopération": "coopération coopérer mutualiser mutualisation réseau réseaux rencontre "
    "rencontres rencontrer partenariat partenariats ensemble croiser",
    "Emploi et insertion": "emploi emplois chômage chômeurs chômeur insertion embauche "
    "embaucher recruter recrutement salariés travail",
    "Santé": "santé soin soins médecin médecins hôpital",
    "Culture": "culture culturel culturelle spectacle musique artistes",
    "Énergie": "énergie énergies solaire photovoltaïque éolien chauffage",
    "Numérique": "numérique internet ordinateur ordinateurs informatique",
}


def _stem(word: str) -> str:
    return textprep.stem(textprep.fold_word(word))


DOMAINS: dict[str, frozenset[str]] = {
    label: frozenset(_stem(word) for word in words.split())
    for label, words in _DOMAIN_WORDS.items()
}

# Openings that say what kind of contribution a line is, not its subject.
_FILLER = re.compile(
    r"^(?:(?:il\s+)?(?:nous\s+)?(?:faut|faudrait|manque|manquerait)\s+"
    r"|(?:on\s+)?(?:a\s+|aurait\s+)?besoin\s+(?:de\s+|d['’]\s*)"
    r"|on\s+(?:pourrait|devrait|doit|veut|voudrait)\s+"
    r"|(?:et\s+)?pourquoi\s+pas\s+|et\s+si\s+on\s+|id[ée]e\s*:?\s*|svp\s+|stp\s+)",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[.!?;:\n]+|\s[+/&]\s|\s[-–—]\s|,\s+(?:et\s+)?(?=[a-zà-ÿ]+\s)")
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]?")
_BULLET = re.compile(r"^[\s\-–—*•·>]+")
_NEGATION = re.compile(r"\b(?:ne|n['’]|pas|jamais|personne|aucun|aucune|rien)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# Words a clause cut from its sentence starts with ("..., se prennent en
# off", "..., mais personne ne vient"): a fragment, not a title.
_FRAGMENT_START = frozenset(
    "se s qui que qu mais car donc ou et ils elles il elle on ca c y en ne n dont lui leur".split()
)
# Words a title must not end on once cut ("Un lieu pour les").
_DANGLING = frozenset(
    "a au aux avec d de des du en et l la le les ou par pour sur un une dans sans son sa ses "
    "leur leurs nos notre qui que qu se ce cet cette entre chez vers plus tres".split()
)


# Shorthands written out in titles only (grouping already treats them well).
_TITLE_ABBREVIATIONS = {"comm": "communication", "collec": "collectivité", "dev": "développement"}


def _expand(clause: str, accents: dict[str, str]) -> str:
    """Shorthands written out ("asso" -> "association"), accents put back ("decide" ->
    "décide" when the theme writes it so elsewhere), other words kept as typed."""

    def replace(match: re.Match) -> str:
        word = match.group(0)
        folded = textprep.fold_word(word)
        if folded in textprep.ACRONYMS:
            return textprep.ACRONYMS[folded]
        expansion = textprep.ABBREVIATIONS.get(folded) or _TITLE_ABBREVIATIONS.get(folded)
        if expansion is not None:
            return expansion
        if word.islower() and word.isascii():
            return accents.get(word, word)
        return word

    return _WORD.sub(replace, clause)


def accented_forms(texts: Sequence[str]) -> dict[str, str]:
    """Unaccented lower-case word -> its accented spelling in ``texts``.

    Only when the theme writes the word with one accented spelling, and more
    often than without: "decide" stays as typed when both "décide" and
    "décidé" occur, and "aides" is not turned into "aidés".
    """
    forms: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            forms[textprep.fold_word(word)][word] += 1
    accents = {}
    for folded, counter in forms.items():
        accented = [form for form in counter if not form.isascii()]
        if len(accented) == 1 and counter[accented[0]] > counter.get(folded, 0):
            accents[folded] = accented[0]
    return accents


def _tidy(clause: str, accents: dict[str, str]) -> str:
    clause = _BRACKETS.sub("", clause)
    clause = "".join(c for c in clause if c.isalnum() or c.isspace() or c in "'’-,%€")
    clause = _BULLET.sub("", " ".join(clause.split()))
    previous = None
    while previous != clause:
        previous, clause = clause, _FILLER.sub("", clause).strip()
    letters = [c for c in clause if c.isalpha()]
    if len(letters) > 8 and all(c.isupper() for c in letters):  # SHOUTED LINES
        clause = clause.lower()
    return " ".join(_expand(clause, accents).split()).strip(" ,-'’")


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word and not on "de", "pour les"..."""
    if len(text) > limit:
        text = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    words = text.split()
    while len(words) > 1 and textprep.fold_word(words[-1]) in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,-'’")


def _join(parts: Sequence[str]) -> str:
    """ "a", "a et b", "a, b et c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if sum(c.isupper() for c in first) > 1:  # an acronym: AMAP, ESS
        return text
    return text[:1].lower() + text[1:]


def domain(stems_per_line: Sequence[Sequence[str]]) -> str | None:
    """The ESS domain clearly shared by the lines, or None."""
    if not stems_per_line:
        return None
    counts = []
    for label, triggers in DOMAINS.items():
        count = sum(1 for stems in stems_per_line if triggers.intersection(stems))
        counts.append((count, label))
    counts.sort(key=lambda item: -item[0])  # stable: ties keep the order of DOMAINS
    (best, label), (second, _other) = counts[0], counts[1]
    if best >= DOMAIN_SHARE * len(stems_per_line) and best >= DOMAIN_MARGIN * second:
        return label
    return None


class Titler:
    """Titles the themes of one suggestion, each different from the others.

    A clause is scored by the words it shares with its theme: each word
    weighs its share of the theme's lines minus its share of all lines (the
    words that set this theme apart), so that a generic "projet" or
    "association" does not name every theme.
    """

    def __init__(
        self,
        texts: Sequence[str],
        stems_per_line: Sequence[Sequence[str]],
        taken: Iterable[str] = (),
        *,
        shared: bool = True,
    ):
        self.shared = shared
        counts = Counter(term for stems in stems_per_line for term in phrases.terms(stems))
        total = max(len(stems_per_line), 1)
        self.background = {stem: count / total for stem, count in counts.items()}
        self.accents = accented_forms(texts)
        self.taken: set[str] = {textprep.fold(title) for title in taken}

    def _weights(self, stems_per_line: Sequence[Sequence[str]]) -> dict[str, float]:
        counts = Counter(term for stems in stems_per_line for term in phrases.terms(stems))
        total = max(len(stems_per_line), 1)
        return {
            stem: count / total - self.background.get(stem, 0.0) for stem, count in counts.items()
        }

    def _candidates(self, texts: Sequence[str], limit: int):
        """(rank, whole clause, clause cut to ``limit``) for the lines closest to the centre."""
        for rank, text in enumerate(texts[:CANDIDATE_LINES]):
            for clause in _CLAUSES.split(text or ""):
                phrase = _tidy(clause, self.accents)
                if phrase:
                    yield rank, phrase, _cut(phrase, limit)

    def _shared_titles(self, texts, stems_per_line, weights, limit: int) -> list[str]:
        """Titles made of the theme's shared phrases, best first (see ``phrases``).

        Greedy: each step adds the phrase that brings most lines not yet
        holding a key term, with a bonus for phrases said in many lines and
        for terms that set the theme apart; it stops once the title is
        supported by SUPPORT_GOAL of the lines and long enough to read.
        The variants start from each of the five best first phrases, so that
        a title already taken by another theme has a supported replacement.
        """
        count = len(texts)
        line_stems = [phrases.terms(stems) for stems in stems_per_line]
        candidates, singles = [], []
        for phrase in phrases.shared(texts, minimum_lines=1):
            lift = [max(weights.get(stem, 0.0), 0.0) for stem in phrase.stems]
            if not any(lift):
                continue  # only words every theme uses ("projet", "quartier")
            cover = frozenset(i for i, stems in enumerate(line_stems) if stems & set(phrase.stems))
            text = _cut(_expand(phrase.text, self.accents), limit)
            # Phrases of one line only complete a title that shared ones leave short.
            (candidates if len(phrase.lines) > 1 else singles).append(
                (phrase, cover, sum(lift) / len(lift), text)
            )

        def value(candidate, covered) -> float:
            phrase, cover, lift, _text = candidate
            short = len(covered) < SUPPORT_GOAL * count  # lines still to reach come first
            return (
                (2.0 if short else 1.0) * len(cover - covered) / count
                + 0.5 * len(phrase.lines) / count
                + 1.5 * lift
                + 0.15 * (len(phrase.stems) - 1)
            )

        def fits(c, chosen, covered, used, short_ok: bool) -> bool:
            """New words, room left, and new lines covered (or a title still short)."""
            return (
                not used.intersection(c[0].stems)
                and len(_join([*(x[3] for x in chosen), c[3]])) <= limit
                and bool(c[1] - covered or short_ok)
            )

        def build(first, pool, extra) -> str:
            chosen, covered, used = [first], set(first[1]), set(first[0].stems)
            while len(chosen) < 4:
                text = _join([c[3] for c in chosen])
                if len(covered) >= SUPPORT_GOAL * count and len(text) >= 15:
                    break

                short = len(text) < 15
                fitting = [c for c in pool if fits(c, chosen, covered, used, short)]
                if not fitting and len(covered) < SUPPORT_GOAL * count:
                    fitting = [c for c in extra if fits(c, chosen, covered, used, False)]
                if not fitting:
                    break
                best = max(fitting, key=lambda c: value(c, covered))
                chosen.append(best)
                covered |= best[1]
                used |= set(best[0].stems)
            return _join([c[3] for c in chosen])

        # Each first phrase, then with single words only: shorter, they leave room
        # for more of them under the length limit when the phrases fall short.
        words = [c for c in candidates if len(c[0].stems) == 1]
        single_words = [c for c in singles if len(c[0].stems) == 1]
        firsts = sorted(candidates or singles, key=lambda c: -value(c, set()))[:5]
        built = list(
            dict.fromkeys(
                [build(first, candidates, singles) for first in firsts]
                + [build(first, words, single_words) for first in firsts]
            )
        )
        # Supported titles first (in the order of their first phrase), then the others.
        supported = [t for t in built if phrases.support(t, stems_per_line) >= SUPPORT_GOAL]
        rest = sorted(
            set(built) - set(supported), key=lambda t: -phrases.support(t, stems_per_line)
        )
        return supported + rest

    @staticmethod
    def _score(rank: int, full: str, phrase: str, weights, keyword_stems, lines: int) -> float:
        stems = phrases.key_stems(phrase)
        if len(stems) < 2 or len(phrase.split()) < 3:
            return -math.inf  # "Vélo !" says too little to name a theme
        specific = sum(max(weights.get(stem, 0.0), 0.0) for stem in stems) / math.sqrt(len(stems))
        keywords = sum(1 for stem in keyword_stems if stem in stems)
        score = 4.0 * specific + 0.5 * keywords - 1.0 * rank / max(lines, 1)
        if _NEGATION.search(phrase):
            score -= 2.0  # "les jeunes partent, pas de travail": an observation, not a title
        if textprep.fold_word(phrase.split()[0]) in _FRAGMENT_START:
            score -= 1.0
        if phrase != full:
            score -= 0.4  # cut: prefer a clause that fits whole
        if len(phrase) < 15:
            score -= 0.3
        return score

    def title(
        self, texts: Sequence[str], stems_per_line: Sequence[Sequence[str]], keywords: Sequence[str]
    ) -> str:
        """A title for one theme whose lines are ``texts``, closest to its centre first."""
        return self.pick(self.choices(texts, stems_per_line, keywords))

    def choices(
        self, texts: Sequence[str], stems_per_line: Sequence[Sequence[str]], keywords: Sequence[str]
    ) -> list[tuple[str, float]]:
        """Possible titles for one theme with their support, best first; none is taken yet.

        The titles that SUPPORT_GOAL of the lines support come first, in the
        titler's order of preference; then the others, best supported first.
        """
        keyword_stems = [phrases.term(_stem(word)) for word in keywords]
        weights = self._weights(stems_per_line)
        label = domain(stems_per_line)
        limit = TITLE_LENGTH - (len(label) + 3 if label else 0)
        lines = min(len(texts), CANDIDATE_LINES)
        scored = sorted(
            (-self._score(rank, full, phrase, weights, keyword_stems, lines), index, phrase)
            for index, (rank, full, phrase) in enumerate(self._candidates(texts, limit))
        )
        choices = [phrase for score, _index, phrase in scored if score != math.inf]
        if self.shared and len(texts) >= SHARED_MIN_LINES:
            choices = self._shared_titles(texts, stems_per_line, weights, limit) + choices
        if not choices and keywords:  # no usable clause: the key words, as a phrase
            words = list(keywords[:3])
            text = ", ".join(words[:-1]) + " et " + words[-1] if len(words) > 1 else words[0]
            choices = [_cut(text, limit)]
        titles = []
        for phrase in choices:
            if label and _stem(label.split()[0]) not in textprep.stems(phrase):
                titles.append(f"{label}\u00a0: {_lower_first(phrase)}")
            else:  # no clear domain, or the phrase already names it
                titles.append(_capitalise(phrase))
        if not titles and label:
            titles.append(label)
        support = {title: phrases.support(title, stems_per_line) for title in titles}
        titles = list(dict.fromkeys(titles))
        titles.sort(key=lambda t: 0.0 if support[t] >= SUPPORT_GOAL else 1.0 - support[t])
        return [(title, support[title]) for title in titles]

    def pick(self, choices: Sequence[tuple[str, float]]) -> str:
        """The first of ``choices`` no other theme has, marked "(2)" if all are taken."""
        titles = [title for title, _support in choices]
        for title in titles:
            if textprep.fold(title) not in self.taken:
                self.taken.add(textprep.fold(title))
                return title
        if not titles:
            return ""
        number = 2
        while textprep.fold(f"{titles[0]} ({number})") in self.taken:
            number += 1
        self.taken.add(textprep.fold(f"{titles[0]} ({number})"))
        return f"{titles[0]} ({number})"
