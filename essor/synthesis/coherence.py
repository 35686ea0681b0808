"""Themes that their title describes (issue 13, pure Python + scikit-learn).

A theme is suggested with a title made of the phrases its lines share
(``titles``); the goal is a title that at least half of the theme's lines
support (``phrases.support``). Three steps, each measured on the project's
set only (bench/README.md), the blind set being only measured:

1. ``split_loose``: when no title reaches half the lines, the theme is a
   loose one, its lines sharing too few words for a title to speak for them.
   It is split in two by k-means on the same vectors that grouped it, and
   each part is judged again, as long as each part keeps SPLIT_MIN lines.
   Not when the facilitator asked for a number of themes.
2. ``move_unsupported``: in a theme still under half, a line holding none of
   its title's key terms but some of another title's goes to that theme.
3. ``set_aside``: if it is still under half, the lines its title misses,
   farthest from its centre first, go to "To sort" until half the lines hold
   a key term, but never more than ASIDE_SHARE of the theme. Not either when
   a number of themes was asked for: few themes are loose by choice.

Titles are chosen once, before steps 2 and 3, and no line leaves a theme
whose title it holds: every title's support can only rise.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sklearn.cluster import KMeans

from essor.synthesis import titles

SPLIT_MIN = 5  # lines in each part of a split theme
ASIDE_SHARE = 1 / 3  # at most this share of a theme's lines set aside


def split_loose(
    groups: list[np.ndarray],
    vectors: np.ndarray,
    weights: np.ndarray,
    seed: int,
    best_support: Callable[[np.ndarray], float],
) -> list[np.ndarray]:
    """``groups`` (arrays of rows) with each loose one split until its parts are titled.

    ``best_support(rows)`` is the support of the best title the rows would get.
    """
    done: list[np.ndarray] = []
    pending = list(groups)
    while pending:
        rows = pending.pop()
        if len(rows) >= 2 * SPLIT_MIN and best_support(rows) < titles.SUPPORT_GOAL:
            model = KMeans(n_clusters=2, n_init=4, random_state=seed)
            labels = model.fit_predict(vectors[rows], sample_weight=weights[rows])
            parts = [rows[labels == label] for label in (0, 1)]
            if min(len(part) for part in parts) >= SPLIT_MIN:
                pending += parts
                continue
        done.append(rows)
    return done


def _support(rows, terms_of, keys, counts) -> float:
    """Share of the contributions of ``rows`` (repeats counted) holding one of ``keys``."""
    total = sum(counts[row] for row in rows)
    held = sum(counts[row] for row in rows if terms_of[row] & keys)
    return held / total if total else 0.0


def move_unsupported(
    groups: list[np.ndarray],
    title_terms: list[frozenset[str]],
    terms_of: list[frozenset[str]],
    vectors: np.ndarray,
    counts: np.ndarray,
) -> list[np.ndarray]:
    """Lines of a theme under the goal that its title misses, moved to a theme whose
    title they hold (the one with the closest centre).

    Only lines holding none of their theme's key terms move, and only to a theme
    whose title holds one of theirs: the support of every title can only rise.
    A theme keeps the lines its title holds, so none is left empty.
    """
    members = [list(rows.tolist()) for rows in groups]
    centres = [vectors[rows].mean(axis=0) for rows in groups]
    for index in range(len(groups)):
        support = _support(members[index], terms_of, title_terms[index], counts)
        if support >= titles.SUPPORT_GOAL or support == 0.0:  # 0: it would lose every line
            continue
        for row in list(members[index]):
            if terms_of[row] & title_terms[index]:
                continue
            hosts = [
                other
                for other, keys in enumerate(title_terms)
                if other != index and terms_of[row] & keys
            ]
            if hosts:
                host = max(hosts, key=lambda other: (float(vectors[row] @ centres[other]), -other))
                members[index].remove(row)
                members[host].append(row)
    return [np.array(sorted(rows), dtype=int) for rows in members]


def set_aside(
    groups: list[np.ndarray],
    title_terms: list[frozenset[str]],
    terms_of: list[frozenset[str]],
    vectors: np.ndarray,
    counts: np.ndarray,
) -> tuple[list[np.ndarray], list[int]]:
    """Themes still under the goal lose the lines their title misses, farthest from
    their centre first, until half the lines hold a key term of the title.

    Returns the themes and the rows set aside (for "To sort"). A theme none of
    whose lines holds a key term of its title, or that would lose more than
    ASIDE_SHARE of its lines, is kept whole.
    """
    kept, aside = [], []
    for rows, keys in zip(groups, title_terms, strict=True):
        rows = rows.tolist()
        support = _support(rows, terms_of, keys, counts)
        if support >= titles.SUPPORT_GOAL or support == 0.0:
            kept.append(np.array(rows, dtype=int))
            continue
        centre = vectors[rows].mean(axis=0)
        missed = sorted(
            (row for row in rows if not terms_of[row] & keys),
            key=lambda row: (float(vectors[row] @ centre), row),
        )
        removed: list[int] = []
        remaining = list(rows)
        while missed and _support(remaining, terms_of, keys, counts) < titles.SUPPORT_GOAL:
            row = missed.pop(0)
            remaining.remove(row)
            removed.append(row)
        total = counts[rows].sum()
        if counts[removed].sum() > ASIDE_SHARE * total:
            kept.append(np.array(rows, dtype=int))
            continue
        kept.append(np.array(sorted(remaining), dtype=int))
        aside += removed
    return kept, sorted(aside)
