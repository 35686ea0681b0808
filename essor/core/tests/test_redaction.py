"""Finding a person's name and e-mail in stored text, and the erasure registry."""

from essor.core.personal_data import Effect, erasers, erasure_preview, register_eraser
from essor.core.redaction import PersonMatcher


def test_names_match_whatever_the_case_accents_hyphens_and_order():
    matcher = PersonMatcher("Hélène", "Dupré-Roy", "helene.dupre@example.org")
    for text in ["HELENE DUPRE ROY", "Vu avec hélène  dupré-roy hier", "Dupré Roy, Hélène",
                 "d’Hélène Dupré-Roy"]:  # fmt: skip
        assert matcher.found_in(text), text
    for text in ["Hélène", "Dupré-Royer Hélène", "Marie-Hélène Dupré-Roy"[:5], "", None]:
        assert not matcher.found_in(text), text


def test_redact_replaces_only_the_mentions_and_the_email_as_a_whole():
    matcher = PersonMatcher("Hélène", "Dupré", "Helene.Dupre@Example.org")
    text = "Écrire à helene.dupre@example.org (HÉLÈNE DUPRÉ) ou à Bob Durand."
    assert matcher.redact(text) == ("Écrire à personne effacée (personne effacée) ou à Bob Durand.")
    assert matcher.redact("Rien à voir") == "Rien à voir"


def test_redact_json_walks_lists_dicts_and_keys():
    matcher = PersonMatcher("Hélène", "Dupré")
    data = {"people": [{"name": "Dupré Hélène", "n": 3}], "Hélène Dupré": True, "x": None}
    assert matcher.redact_json(data) == {
        "people": [{"name": "personne effacée", "n": 3}], "personne effacée": True, "x": None,
    }  # fmt: skip


def test_a_person_without_names_matches_nothing():
    assert not PersonMatcher("", "", "").found_in("quoi que ce soit")


def test_preview_names_only_visible_processes_and_leaves_out_empty_effects(cast):
    from essor.organisations.models import Person

    person = Person.objects.create(workspace=cast.workspace, last_name="Seule")
    touched = []

    def describe(person):
        return [
            Effect("2 lignes", 2, ((1, "Démarche A"), (2, "Démarche B"))),
            Effect("0 ligne", 0, ((1, "Démarche A"),)),
        ]

    register_eraser("zz-test", "essai", describe, touched.append, order=99)
    try:
        preview = [p for p in erasure_preview(person, {1}) if p["app"] == "essai"]
        assert preview == [
            {"app": "essai", "effects": [
                {"text": "2 lignes", "count": 2, "processes": ["Démarche A"],
                 "hidden_processes": 1},
            ]},
        ]  # fmt: skip
        # A person found nowhere else: only the registered test part has something.
        assert [p["app"] for p in erasure_preview(person)] == ["essai"]
        assert erasers()[-1].app == "essai"
    finally:
        from essor.core import personal_data

        del personal_data._ERASERS["zz-test"]


def test_contributions_are_erased_before_the_survey_responses_lose_their_person():
    keys = [str(e.app) for e in erasers()]
    assert keys.index("contributions") < keys.index("enquêtes")
    assert keys[-1] == "journal des actions"
