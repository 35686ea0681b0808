"""Phrases shared by a theme's lines, and how well a title is supported by them.

Title support (issue 13): the share of a theme's lines that contain at least
one of the title's key terms, compared by stem with Essor's stop words out
(``textprep.stems``): "Épiceries solidaires" is supported by "une épicerie
solidaire" and by "un commerce solidaire" alike, not by "un frigo".

Key terms are the stems with a plural "-s" or "-x" after a vowel taken off
(``term``): the French Snowball stemmer leaves "lieux", "vélos", "élus" and
"emplois" apart from "lieu", "vélo", "élu" and "emploi". Only titles compare
terms; grouping keeps the stems as they are (folding plurals there moved the
automatic number of themes, bench/README.md).

Shared phrases: spans of one to four words of the lines, that start and end
on a content word ("épicerie solidaire", "lieu de rencontre"), counted once
per line by their sequence of stems, so that "épiceries solidaires" and
"épicerie solidaire" are one phrase. A title is made of the phrases that
together cover most lines (see ``titles.Titler``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from essor.synthesis import textprep

MAX_SPAN = 4
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# Complaints, not names of a theme ("jamais", "rien").
_NEGATIONS = frozenset({"jam", "rien", "aucun", "pas", "manqu"})
# A span never crosses these: "vélo, bus" is two phrases.
_BREAK = re.compile(r"[.!?;:,()\[\]\n/+|]+|\s[-–—]\s")


_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=100_000)
def term(stem: str) -> str:
    """A stem with its plural mark off: "lieux" -> "lieu", "velos" -> "velo", "bus" -> "bu"."""
    if len(stem) > 3 and stem[-1] in "sx" and stem[-2] in _VOWELS:
        return stem[:-1]
    return stem


def terms(stems: Iterable[str]) -> frozenset[str]:
    return frozenset(term(stem) for stem in stems)


def key_stems(title: str) -> frozenset[str]:
    """The title's key terms: its content-word stems, plural marks off."""
    return terms(textprep.stems(title))


def support(title: str, stems_per_line: Sequence[Sequence[str]]) -> float:
    """Share of the lines that contain at least one of the title's key terms (0 to 1)."""
    if not stems_per_line:
        return 0.0
    keys = key_stems(title)
    covered = sum(1 for stems in stems_per_line if keys.intersection(terms(stems)))
    return covered / len(stems_per_line)


@dataclass(frozen=True)
class Phrase:
    stems: tuple[str, ...]  # content-word terms (stems, plural marks off), in order
    text: str  # the most frequent written form
    lines: frozenset[int]  # lines where the whole phrase occurs


def _content(token: str) -> str | None:
    """The term of a content word, None for a stop word or a lone letter."""
    words = textprep.words(token)
    if len(words) != 1:
        return None
    return term(textprep.stem(words[0]))


def shared(texts: Sequence[str], minimum_lines: int = 2) -> list[Phrase]:
    """Phrases found in at least ``minimum_lines`` lines, most lines first."""
    lines_of: dict[tuple[str, ...], set[int]] = defaultdict(set)
    forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for index, text in enumerate(texts):
        for part in _BREAK.split(text or ""):
            tokens = list(_WORD.finditer(part))
            content = [_content(token.group(0)) for token in tokens]
            for start, first in enumerate(content):
                if first is None:
                    continue
                for end in range(start, min(start + MAX_SPAN, len(tokens))):
                    if content[end] is None:
                        continue
                    key = tuple(s for s in content[start : end + 1] if s is not None)
                    if len(set(key)) != len(key):  # "vélo vélo"
                        continue
                    lines_of[key].add(index)
                    forms[key][part[tokens[start].start() : tokens[end].end()]] += 1
    phrases = [
        Phrase(key, _written(forms[key]), frozenset(lines))
        for key, lines in lines_of.items()
        if len(lines) >= minimum_lines and not any(stem in _NEGATIONS for stem in key)
    ]
    phrases.sort(key=lambda phrase: (-len(phrase.lines), -len(phrase.stems), phrase.stems))
    return phrases


def _written(counter: Counter) -> str:
    """The form written most often, lower-case unless it is an acronym (AMAP)."""
    best = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[0][0]
    words = best.split()
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in words)
