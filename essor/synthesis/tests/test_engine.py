"""The suggestion engine alone (no database): mess, edge cases, reproducibility, quality."""

import random

import pytest
from sklearn.metrics import v_measure_score

from essor.synthesis import engine, evaluation, textprep


def keys_of(suggestion):
    return [key for theme in suggestion.themes for key in theme.keys]


def test_normalisation_expands_abbreviations_and_drops_kind_words():
    assert textprep.words("Besoin d'un local pour les assos !!") == ["local", "associations"]
    assert textprep.stems("association") == textprep.stems("assos")
    assert textprep.words("🙂🙂 !!! ...") == []


def test_no_contribution():
    suggestion = engine.suggest([])
    assert suggestion.themes == [] and suggestion.unsorted == [] and suggestion.duplicates == []


def test_single_contribution_makes_one_theme():
    suggestion = engine.suggest([(7, "Créer une épicerie solidaire dans le quartier")])
    assert [theme.keys for theme in suggestion.themes] == [(7,)]
    assert "épicerie" in suggestion.themes[0].keywords
    assert suggestion.themes[0].title


def test_empty_and_emoji_lines_are_left_unsorted_not_lost():
    items = [(1, ""), (2, "🙂🙂🚲"), (3, "!!!"), (4, "Un garage solidaire"), (5, "vélo-école")]
    suggestion = engine.suggest(items)
    assert suggestion.unsorted == [1, 2, 3]
    assert sorted(keys_of(suggestion)) == [4, 5]


def test_ten_thousand_identical_lines_are_one_idea():
    items = [(key, "Trop de dispositifs, on s'y perd !!") for key in range(10_000)]
    suggestion = engine.suggest(items)
    assert len(suggestion.themes) == 1
    assert sorted(keys_of(suggestion)) == list(range(10_000))
    assert suggestion.duplicates == [tuple(range(10_000))]


def test_non_french_and_mixed_lines_get_a_place():
    rows = evaluation.load()[:60]
    items = [(row.key, row.text) for row in rows] + [
        (1001, "We need more bike lanes"),
        (1002, "Necesitamos más viviendas"),
    ]
    suggestion = engine.suggest(items)
    assert sorted(keys_of(suggestion) + suggestion.unsorted) == sorted(k for k, _ in items)


def test_every_line_is_in_exactly_one_theme_and_the_number_can_be_forced():
    rows = evaluation.load()
    items = [(row.key, row.text) for row in rows]
    for forced in (3, 7):
        suggestion = engine.suggest(items, forced)
        assert len(suggestion.themes) == forced
        placed = keys_of(suggestion)
        assert len(placed) == len(set(placed)) == len(items)
    automatic = engine.suggest(items)
    assert 5 <= len(automatic.themes) <= engine.MAX_THEMES
    assert all(theme.title and theme.keywords for theme in automatic.themes)


def test_same_input_same_output_whatever_the_order():
    rows = evaluation.load()[:150]
    items = [(row.key, row.text) for row in rows]
    shuffled = items[:]
    random.Random(3).shuffle(shuffled)
    assert engine.suggest(items).as_dict() == engine.suggest(shuffled).as_dict()


def test_near_duplicates_across_workshops_are_flagged():
    items = [
        (1, "Besoin d'un lieu pour se croiser entre assos"),
        (2, "besoin d un lieu pour se croiser entre associations !!"),
        (3, "Une ressourcerie dans l'ancien supermarché"),
        (4, "Gratuité des transports pour les jeunes"),
    ]
    suggestion = engine.suggest(items)
    assert (1, 2) in suggestion.duplicates
    assert not any(3 in group or 4 in group for group in suggestion.duplicates)


def test_the_closest_line_to_the_centre_comes_first():
    items = [
        (1, "vélo"),
        (2, "atelier vélo participatif"),
        (3, "réparer son vélo à l'atelier vélo"),
    ]
    theme = engine.suggest(items, 1).themes[0]
    assert set(theme.keys) == {1, 2, 3}
    assert theme.keywords[0] == "vélo"


@pytest.mark.parametrize("forced", [False, True])
def test_shipped_method_beats_the_baseline_on_the_labelled_set(forced):
    """The measure of bench/synthesis_quality.py, as a floor that a regression would break."""
    rows = evaluation.load()
    items = [(row.key, row.text) for row in rows]
    truth = {row.key: row.label for row in rows}
    true_k = len(set(truth.values()))

    def v_measure(groups):
        found = {key: index for index, keys in enumerate(groups) for key in keys}
        return v_measure_score([truth[k] for k, _ in items], [found.get(k, -1) for k, _ in items])

    baseline = v_measure(evaluation.baseline(items, true_k))
    shipped = engine.suggest(items, true_k if forced else None)
    assert v_measure([theme.keys for theme in shipped.themes]) > baseline + 0.1


# Workshops that each had their own subject, made from the labelled set: a
# facilitator synthesises them workshop by workshop (issue 13).
THEMATIC_WORKSHOPS = {
    "food": "W1", "reuse": "W1", "housing": "W1",
    "mobility": "W2", "employment": "W2", "training": "W2",
    "financing": "W3", "cooperation": "W3",
    "governance": "W4", "visibility": "W4",
}  # fmt: skip


def test_by_workshop_every_theme_stays_in_one_workshop_and_forced_number_is_shared():
    rows = evaluation.load()
    items = [(row.key, row.text) for row in rows] + [(9001, "🙂"), (9002, "")]
    sources = {row.key: row.workshop for row in rows} | {9001: "Atelier Nord"}  # 9002: none
    workshop_of = sources.get
    suggestion = engine.suggest(items, sources=sources)
    assert sorted(keys_of(suggestion) + suggestion.unsorted) == sorted(k for k, _ in items)
    assert sorted(suggestion.unsorted) == [9001, 9002]
    assert all(len({workshop_of(k) for k in theme.keys}) == 1 for theme in suggestion.themes)
    # The themes of a workshop follow each other.
    order = [workshop_of(theme.keys[0]) for theme in suggestion.themes]
    assert order == sorted(order, key=order.index) and len(set(order)) == 5
    assert len({textprep.fold(theme.title) for theme in suggestion.themes}) == len(order)
    forced = engine.suggest(items, 12, sources=sources)
    assert len(forced.themes) == 12
    # Fewer themes than workshops: grouped across workshops.
    assert len(engine.suggest(items, 3, sources=sources).themes) == 3


def test_by_workshop_near_duplicates_are_still_found_across_workshops():
    items = [(1, "un tiers-lieu pour les assos"), (2, "un tiers-lieu pour les assos !!"),
             (3, "du covoiturage vers la gare"), (4, "des cours de cuisine")]  # fmt: skip
    suggestion = engine.suggest(items, sources={1: "a", 2: "b", 3: "a", 4: "b"})
    assert suggestion.duplicates == [(1, 2)]
    same = engine.suggest([(1, "Vélo !"), (2, "vélo")], sources={1: "a", 2: "b"})
    assert same.duplicates == [(1, 2)] and len(same.themes) == 2


def test_by_workshop_beats_grouping_across_workshops_when_each_had_its_subject():
    rows = evaluation.load()
    items = [(row.key, row.text) for row in rows]
    truth = [row.label for row in rows]

    def v_measure(suggestion):
        found = {key: index for index, theme in enumerate(suggestion.themes) for key in theme.keys}
        return v_measure_score(truth, [found.get(row.key, -1) for row in rows])

    sources = {row.key: THEMATIC_WORKSHOPS[row.label] for row in rows}
    across = v_measure(engine.suggest(items))
    assert v_measure(engine.suggest(items, sources=sources)) > across + 0.1
