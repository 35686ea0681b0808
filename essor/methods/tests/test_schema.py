"""The essor-method/1 format: shipped files, round trip, and every kind of malformed input."""

import copy

import pytest
import yaml

from essor.core.tests.french import plain
from essor.methods.schema import (
    FORMAT,
    MAX_FILE_BYTES,
    TemplateFormatError,
    dump_template_file,
    parse_template_file,
    validate_structure,
)
from essor.methods.services import DATA_DIR
from essor.methods.tests.data import MINIMAL, structure

SHIPPED = sorted(DATA_DIR.glob("*.yaml"))


def test_two_templates_are_shipped():
    assert [p.name for p in SHIPPED] == [
        "methode-cabinet-3-phases.yaml",
        "methode-regionale-4-phases.yaml",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_files_validate_and_round_trip(path):
    parsed = parse_template_file(path.read_bytes())
    assert parsed["slug"] == path.stem
    assert parse_template_file(dump_template_file(parsed)) == parsed
    assert validate_structure(parsed) == parsed
    assert all(workshop["questions"] for workshop in parsed["workshops"])


def test_consultancy_method_follows_the_brief():
    parsed = parse_template_file((DATA_DIR / "methode-cabinet-3-phases.yaml").read_bytes())
    assert [p["key"] for p in parsed["phases"]] == [
        "dynamique-interne", "dynamique-externe", "plan-action",
    ]  # fmt: skip
    assert 22 <= sum(p["duration_weeks"] for p in parsed["phases"]) <= 30  # about six months
    assert [(b["kind"], b["short_name"]) for b in parsed["bodies"]] == [
        ("steering", "COPIL"), ("technical", "COTECH"),
    ]  # fmt: skip
    audiences = {w["audience"] for w in parsed["workshops"]}
    assert audiences == {"departments", "actors", "joint"}
    names = [d["name"] for d in parsed["deliverables"]]
    assert "Note de diagnostic" in names and "Feuille de route" in names


def test_regional_method_follows_the_brief():
    parsed = parse_template_file((DATA_DIR / "methode-regionale-4-phases.yaml").read_bytes())
    assert [p["duration_weeks"] for p in parsed["phases"]] == [26, 13, 13, 104]
    assert [b["kind"] for b in parsed["bodies"]] == [
        "steering", "technical", "follow_up", "working_group",
    ]  # fmt: skip


def test_every_optional_key_gets_its_default():
    result = validate_structure(copy.deepcopy(MINIMAL))
    assert result == {
        "slug": "ma-methode",
        "name": "Ma méthode",
        "description": "",
        "phases": [
            {"key": "p1", "name": "Diagnostic", "description": "", "expected_result": "",
             "duration_weeks": None},
        ],
        "bodies": [],
        "workshops": [],
        "deliverables": [],
    }  # fmt: skip
    full = validate_structure(structure())
    assert full["workshops"][1] == {
        "title": "Atelier libre", "phase": None, "audience": "joint", "objectives": "",
        "questions": [], "themes": [],
    }  # fmt: skip
    assert full["deliverables"][1] == {"name": "Annexe", "phase": None, "description": ""}


def test_missing_slug_and_phase_keys_are_derived_from_names():
    result = validate_structure(
        {
            "name": "Méthode « Été 2030 »",
            "phases": [
                {"name": "Écouter les acteurs"},
                {"name": "Plan", "key": "ecouter-les-acteurs"},
            ],
        }
    )
    assert result["slug"] == "methode-ete-2030"
    assert [p["key"] for p in result["phases"]] == ["ecouter-les-acteurs-2", "ecouter-les-acteurs"]
    assert validate_structure({"name": "2030", "phases": [{"name": "A"}]})["slug"] == "methode-2030"


def test_numbers_written_as_text_are_kept_as_text():
    result = validate_structure(structure(name=2030))
    assert result["name"] == "2030"
    assert result["workshops"][0]["questions"] == ["Quelles actions ?", "yes", "2030"]


def test_round_trip_keeps_tricky_texts():
    tricky = structure(
        description="  Première ligne\n  indentée\n\n- pas une liste\nnull: non  ",
        phases=[
            {"key": "p-1", "name": "yes", "description": "# pas un commentaire",
             "expected_result": "Texte avec : deux-points et 'apostrophes' \"guillemets\"",
             "duration_weeks": 520},
            {"key": "p_2", "name": "null", "description": "ligne avec espaces   \nfin"},
        ],
        workshops=[{"title": "@atelier", "audience": "actors", "phase": "p_2",
                    "questions": ["- tiret", "true", "1.5"], "themes": ["ŒUVRE ✦"]}],
        deliverables=[],
    )  # fmt: skip
    validated = validate_structure(tricky)
    text = dump_template_file(validated)
    assert text.splitlines()[1] == f"format: {FORMAT}"
    assert parse_template_file(text) == validated
    assert parse_template_file(text.encode()) == validated


def test_dump_is_readable_yaml():
    text = dump_template_file(validate_structure(structure()))
    assert "Plan d’action" in text  # not escaped
    assert "description: |-\n  Une méthode\n  sur deux lignes." in text
    assert text.index("slug:") < text.index("name:") < text.index("phases:")
    assert "duration_weeks: null" not in text  # defaults are left out
    assert yaml.safe_load(text)["format"] == FORMAT


def _set(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()

MALFORMED = [
    # (path to change, new value, expected French message)
    (("phases", 1, "name"), _DELETE, "phases[1].name : ce champ est obligatoire"),
    (("phases", 0, "name"), "   ", "phases[0].name : ce champ est obligatoire"),
    (("name",), _DELETE, "name : ce champ est obligatoire"),
    (("workshops", 0, "audience"), "tous",
     "workshops[0].audience : « tous » n’est pas une valeur permise (departments, actors, joint)"),
    (("workshops", 1, "audience"), _DELETE, "workshops[1].audience : ce champ est obligatoire"),
    (("bodies", 0, "kind"), "copil",
     "bodies[0].kind : « copil » n’est pas une valeur permise (steering, technical, follow_up"),
    (("bodies", 0, "membres"), ["Alice"], "bodies[0] : clé inconnue « membres »"),
    (("phases", 0, "durée"), 3, "phases[0] : clé inconnue « durée »"),
    (("instances",), [], "fichier : clé inconnue « instances »"),
    (("workshops", 0, "phase"), "synthese",
     "workshops[0].phase : phase inconnue « synthese » (clés des phases : diag, plan)"),
    (("deliverables", 0, "phase"), "bilan", "deliverables[0].phase : phase inconnue « bilan »"),
    (("phases", 1, "key"), "diag",
     "phases[1].key : la clé « diag » est déjà utilisée par phases[0]"),
    (("phases", 1, "key"), "Plan Action",
     "phases[1].key : « Plan Action » n’est pas une clé valide"),
    (("phases",), "diagnostic", "phases : il faut une liste (ici : un texte)"),
    (("phases",), [], "phases : au moins une phase est obligatoire"),
    (("phases", 0), "Diagnostic", "phases[0] : il faut un ensemble de clés (ici : un texte)"),
    (("phases", 0, "duration_weeks"), "six",
     "phases[0].duration_weeks : il faut un nombre entier de semaines (ici : un texte)"),
    (("phases", 0, "duration_weeks"), 2.5, "phases[0].duration_weeks : il faut un nombre entier"),
    (("phases", 0, "duration_weeks"), True, "(ici : une valeur oui/non)"),
    (("phases", 0, "duration_weeks"), 0, "phases[0].duration_weeks : entre 1 et 520 semaines"),
    (("phases", 0, "duration_weeks"), 521, "phases[0].duration_weeks : entre 1 et 520 semaines"),
    (("workshops", 0, "questions"), "Quelles actions ?",
     "workshops[0].questions : il faut une liste (ici : un texte)"),
    (("workshops", 0, "questions", 1), {"q": "?"},
     "workshops[0].questions[1] : il faut un texte (ici : un ensemble de clés)"),
    (("workshops", 0, "themes"), {"a": 1}, "workshops[0].themes : il faut une liste"),
    (("name",), ["Méthode"], "name : il faut un texte (ici : une liste)"),
    (("name",), "x" * 201, "name : 200 caractères au maximum (ici 201)"),
    (("bodies", 0, "short_name"), "C" * 31, "bodies[0].short_name : 30 caractères au maximum"),
    (("slug",), "Ma Méthode", "slug : « Ma Méthode » n’est pas un identifiant valide"),
    (("slug",), "2030", "slug : « 2030 » n’est pas un identifiant valide"),
    (("format",), "essor-method/2",
     "format : « essor-method/2 » n’est pas un format connu (essor-method/1 attendu)"),
    (("bodies",), {"kind": "steering"}, "bodies : il faut une liste"),
]  # fmt: skip


@pytest.mark.parametrize(
    "path,value,message",
    MALFORMED,
    ids=[f"{'.'.join(map(str, c[0]))}={c[1]!r}"[:60] for c in MALFORMED],
)
def test_malformed_structure_names_the_key_path(path, value, message):
    data = structure()
    _set(data, path, value)
    with pytest.raises(TemplateFormatError) as info:
        validate_structure(data)
    assert message in plain(str(info.value))
    # The same error comes out of a file, whatever the way it was written.
    text = yaml.safe_dump({"format": FORMAT, **data}, allow_unicode=True, sort_keys=False)
    with pytest.raises(TemplateFormatError) as from_file:
        parse_template_file(text.encode())
    assert str(from_file.value) == str(info.value)


def test_error_carries_path_and_reason_for_forms():
    data = structure()
    del data["phases"][1]["name"]
    with pytest.raises(TemplateFormatError) as info:
        validate_structure(data)
    assert info.value.path == ("phases", 1, "name")
    assert info.value.reason == "ce champ est obligatoire"


GOOD_FILE = "format: essor-method/1\nname: Test\nphases:\n  - name: A\n"

BROKEN_FILES = [
    (b"", "fichier : le fichier est vide"),
    (b"  \n# un commentaire\n", "fichier : le fichier est vide"),
    (b"name: M\xe9thode\n",
     "fichier : le fichier n’est pas encodé en UTF-8 (octet invalide en position 7)"),
    (b"format: essor-method/1\nname: Test\nphases:\n  - name: A\n   key: b\n",
     "fichier : ligne 5 : YAML mal formé"),
    (b"format: essor-method/1\nname: [Test\n", "fichier : ligne 3 : YAML mal formé"),
    (b"- name: Test\n",
     "fichier : il faut un ensemble de clés comme format, name et phases (ici : une liste)"),
    (b"Juste du texte",
     "fichier : il faut un ensemble de clés comme format, name et phases (ici : un texte)"),
    (b"name: Test\nphases:\n  - name: A\n",
     "format : ce champ est obligatoire (écrivez « format: essor-method/1 »)"),
    (b"format: essor-method/1\nname: Test\nname: Autre\nphases: []\n",
     "fichier : ligne 3 : la clé « name » est écrite deux fois"),
    (b"format: essor-method/1\nname: Test\nphases:\n  - name: A\n    name: B\n",
     "fichier : ligne 5 : la clé « name » est écrite deux fois"),
    (b"format: essor-method/1\nname: !!python/object:os.system ls\nphases: []\n",
     "fichier : ligne 2 : YAML mal formé"),
    (b"#" * (MAX_FILE_BYTES + 1), "fichier : le fichier est trop volumineux (512 ko au maximum)"),
]  # fmt: skip


@pytest.mark.parametrize("data,message", BROKEN_FILES, ids=range(len(BROKEN_FILES)))
def test_broken_files_give_a_french_message(data, message):
    with pytest.raises(TemplateFormatError) as info:
        parse_template_file(data)
    assert message in plain(str(info.value))


def test_file_with_bom_and_str_input_are_read():
    expected = parse_template_file(GOOD_FILE)
    assert parse_template_file(b"\xef\xbb\xbf" + GOOD_FILE.encode()) == expected
    assert expected["phases"][0]["key"] == "a"
    assert expected["slug"] == "test"
