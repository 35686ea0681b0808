"""The labelled evaluation set: 300+ workshop contributions with a facilitator's theme."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from essor.synthesis import engine

DATA = Path(__file__).resolve().parent / "data" / "evaluation_fr.tsv"
TITLES = DATA.with_name("evaluation_titles_fr.tsv")
# Written blind (by someone who never saw the method), grouped by purpose the
# way facilitators group: kept apart from anything the method was tuned on.
BLIND = DATA.with_name("blind_fr.tsv")
BLIND_TITLES = DATA.with_name("blind_titles_fr.tsv")


@dataclass(frozen=True)
class LabelledContribution:
    key: int
    text: str
    label: str
    workshop: str
    kind: str


def load(path: Path = DATA) -> list[LabelledContribution]:
    """Rows of data/evaluation_fr.tsv (or ``path``); a literal "\\n" in a text is a line break."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        LabelledContribution(
            key=index,
            text=row["text"].replace("\\n", "\n"),
            label=row["label"],
            workshop=row["workshop"],
            kind=row["kind"],
        )
        for index, row in enumerate(rows, start=1)
    ]


def load_titles(path: Path = TITLES) -> dict[str, str]:
    """For each label of the set, the title a facilitator would give its theme."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row["label"]: row["title"] for row in rows}


def baseline(
    items: Iterable[tuple[int, str]], n_themes: int, seed: int = engine.SEED
) -> list[list[int]]:
    """The yardstick: TF-IDF of raw words + k-means with the true number of themes."""
    items = sorted(items)
    matrix = TfidfVectorizer().fit_transform([text for _, text in items])
    with threadpool_limits(limits=1):
        labels = KMeans(n_clusters=n_themes, n_init=4, random_state=seed).fit_predict(matrix)
    groups: dict[int, list[int]] = defaultdict(list)
    for (key, _), label in zip(items, labels.tolist(), strict=True):
        groups[label].append(key)
    return list(groups.values())
