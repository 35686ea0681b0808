"""Suggested theme titles: short readable French phrases, different for each theme."""

from essor.synthesis import engine, evaluation, phrases, textprep, titles


def title_of(texts, keywords=()):
    stems = [textprep.stems(text) for text in texts]
    return titles.Titler(texts, stems).title(texts, stems, keywords)


def test_a_hurried_line_becomes_a_clean_phrase():
    title = title_of(["besoin d'un lieu pour se croiser entre assos !!"])
    assert title.endswith("un lieu pour se croiser entre associations")
    assert "!" not in title and "besoin" not in title


def test_a_clear_domain_goes_in_front_and_shouting_is_lowered():
    assert title_of(["PLUS DE BUS LE DIMANCHE POUR LES VILLAGES\u202f!!!"]) == (
        "Mobilité\u00a0: plus de bus le dimanche pour les villages"
    )
    # No domain word at all: the phrase alone, capitalised.
    assert title_of(["un apéro mensuel entre voisins du quartier"]) == (
        "Un apéro mensuel entre voisins du quartier"
    )


def test_long_lines_are_cut_at_a_word_and_not_on_a_small_word():
    line = (
        "- il faut une vraie politique de covoiturage rural avec des aires aux entrées "
        "des villages et une application commune pour tout le monde svp"
    )
    title = title_of([line])
    assert len(title) <= titles.TITLE_LENGTH
    assert title.startswith("Mobilité\u00a0: une vraie politique de covoiturage rural")
    last = title.split()[-1]
    assert line.find(last) >= 0 and textprep.fold(last) not in titles._DANGLING


def test_a_complaint_is_not_preferred_to_a_proposal():
    texts = [
        "on décide jamais rien en comité",
        "un collège d'habitants dans chaque instance de décision",
    ]
    assert "collège d'habitants" in title_of(texts, ("comité", "habitants"))


def test_accents_come_back_from_the_theme_but_ambiguous_words_stay():
    texts = ["des velos en libre service a la gare", "pistes pour vélos", "vélos cargos"]
    assert "vélos" in title_of(texts)
    assert titles.accented_forms(["aides", "aides", "aidés"]) == {}


def test_no_usable_clause_falls_back_to_the_key_words():
    assert title_of(["🙂🙂"], ("vélo", "bus")) == "Vélo et bus"
    assert title_of(["!!"]) == ""


def test_titles_of_one_suggestion_are_short_phrases_and_all_differ():
    rows = evaluation.load()
    items = [(row.key, row.text) for row in rows]
    for forced in (None, 4, 12):
        themes = engine.suggest(items, forced).themes
        shown = [theme.title for theme in themes]
        assert len({textprep.fold(title) for title in shown}) == len(shown)
        for theme in themes:
            assert 10 <= len(theme.title) <= titles.TITLE_LENGTH, theme.title
            assert theme.title[0].isupper() and "!" not in theme.title
            # Not the old list of key words.
            assert theme.title != ", ".join(theme.keywords[:3]).capitalize()


def test_the_same_phrase_twice_gets_another_title():
    titler = titles.Titler(["un lieu commun pour tous"] * 2, [["lieu", "commun"]] * 2)
    texts = ["un lieu commun pour tous", "un tiers-lieu commun au centre"]
    stems = [textprep.stems(text) for text in texts]
    first, second = titler.title(texts, stems, ()), titler.title(texts, stems, ())
    assert {first, second} == {"Un lieu commun pour tous", "Un tiers-lieu commun au centre"}
    assert titler.title(texts[:1], stems[:1], ()) == "Un lieu commun pour tous (2)"


def test_domain_needs_a_clear_majority():
    assert titles.domain([["velo"], ["bus"], ["cantin"]]) == "Mobilité"
    assert titles.domain([["velo"], ["cantin"]]) is None
    assert titles.domain([["apero"], ["voisin"], ["quarti"], ["velo"]]) == "Mobilité"
    assert titles.domain([]) is None


def test_titles_already_on_the_wall_are_not_given_again():
    rows = evaluation.load()[:120]
    items = [(row.key, row.text) for row in rows]
    first = engine.suggest(items).themes
    again = engine.suggest(items, taken_titles=[first[0].title.upper()]).themes
    assert [t.keys for t in again] == [t.keys for t in first]  # same grouping
    assert textprep.fold(again[0].title) != textprep.fold(first[0].title)
    assert all(textprep.fold(t.title) != textprep.fold(first[0].title) for t in again)


def test_a_fragment_after_a_comma_does_not_become_the_title():
    texts = ["les voisins, se retrouvent le soir", "des jardins partagés au pied des immeubles"]
    assert title_of(texts) == "Des jardins partagés au pied des immeubles"


def test_support_is_the_share_of_lines_holding_a_key_term_by_stem():
    stems = [
        textprep.stems(text)
        for text in ("une épicerie solidaire", "commerce solidaire", "un frigo")
    ]
    assert phrases.support("Épiceries solidaires", stems) == 2 / 3
    assert phrases.support("Vélo", stems) == 0.0
    assert phrases.support("Vélo", []) == 0.0


def test_shared_phrases_are_counted_once_per_line_whatever_their_form():
    found = phrases.shared(
        ["une épicerie solidaire au centre", "Épiceries solidaires !!", "des épiceries solidaires"]
    )
    first = found[0]
    assert first.stems == tuple(textprep.stems("épicerie solidaire"))
    assert first.lines == frozenset({0, 1, 2}) and first.text == "épiceries solidaires"
    # A complaint is not a phrase to name a theme with.
    assert not phrases.shared(["on ne décide jamais", "jamais consultés"])


THEME = [
    "une épicerie solidaire dans le quartier des Tilleuls",
    "épiceries solidaires : mutualiser les commandes",
    "les cantines scolaires en bio et local",
    "cantine solidaire à 1 euro pour les jeunes",
    "frigo solidaire devant la MJC",
    "les restos du coeur sont saturés",
    "un groupement d'achat pour les épiceries",
]
OTHERS = ["plus de bus le dimanche", "une navette vers la gare", "des vélos en libre service"]


def test_a_title_is_made_of_shared_phrases_supported_by_half_its_lines():
    texts = THEME + OTHERS
    titler = titles.Titler(texts, [textprep.stems(text) for text in texts])
    stems = [textprep.stems(text) for text in THEME]
    title = titler.title(THEME, stems, ())
    assert phrases.support(title, stems) >= 0.5, title
    # Made of phrases found in several lines, not the first line.
    assert "Tilleuls" not in title and "epicerie" in textprep.fold(title)
    # The previous titler took the clause of the line closest to the centre.
    before = titles.Titler(texts, [textprep.stems(t) for t in texts], shared=False)
    assert "quartier" in before.title(THEME, stems, ()) and "quartier" not in title


def test_suggested_titles_are_supported_by_their_lines_on_the_evaluation_set():
    rows = evaluation.load()
    text_of = {row.key: row.text for row in rows}
    themes = engine.suggest([(row.key, row.text) for row in rows]).themes
    values = [
        phrases.support(theme.title, [textprep.stems(text_of[key]) for key in theme.keys])
        for theme in themes
    ]
    # Titles taken from one line: mean 0.43, 6 of 9 themes under half (bench).
    assert sum(values) / len(values) >= 0.55, values
    assert min(values) >= 0.5, values  # themes fitted to their titles (coherence)
