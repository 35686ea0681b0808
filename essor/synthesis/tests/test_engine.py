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

    baseline = v_measure(engine.baseline(items, true_k))
    shipped = engine.suggest(items, true_k if forced else None)
    assert v_measure([theme.keys for theme in shipped.themes]) > baseline + 0.1
