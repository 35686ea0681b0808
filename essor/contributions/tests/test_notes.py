"""Parsing raw notes: text, Markdown, cp1252, real .docx and .odt files, and bad files."""

import io
import os
import zipfile

import pytest

from essor.contributions.notes import MAX_IDEAS, NotesError, parse_notes, parse_text
from essor.contributions.tests.conftest import docx_bytes, odt_bytes

NOTES = """# Quels besoins sur le territoire ?
- b: Un local partagé
* Frein : le coût du foncier
Besoin - des transports le dimanche

c-à-d pas de bus après 20 h
Freins :
  1. La mobilité
  2) Le manque de bénévoles
## Quelles pistes ?
• **Idée** : une monnaie locale
---
Point faible — peu de visibilité
"""


def _summary(notes):
    return [(idea.text, idea.kind, idea.heading) for idea in notes.ideas]


def test_text_lines_bullets_headings_and_kind_prefixes():
    notes = parse_text(NOTES)
    besoins, pistes = "Quels besoins sur le territoire ?", "Quelles pistes ?"
    assert notes.headings == [besoins, pistes]
    assert _summary(notes) == [
        ("Un local partagé", "need", besoins),
        ("le coût du foncier", "obstacle", besoins),
        ("des transports le dimanche", "need", besoins),
        ("c-à-d pas de bus après 20 h", "", besoins),  # "c-à-d" is not the "c" shortcut
        ("La mobilité", "obstacle", besoins),  # under "Freins :"
        ("Le manque de bénévoles", "obstacle", besoins),
        ("une monnaie locale", "idea", pistes),  # heading resets the "Freins :" section
        ("peu de visibilité", "weakness", pistes),
    ]
    assert [idea.line for idea in notes.ideas] == [2, 3, 4, 6, 8, 9, 11, 13]
    assert notes.errors == []


@pytest.mark.parametrize(
    "line,kind,text",
    [
        ("c: beaucoup d'associations", "observation", "beaucoup d'associations"),
        ("L : un réseau actif", "lever", "un réseau actif"),
        ("Atout : des bénévoles", "strength", "des bénévoles"),
        ("Idée d'action : un tiers-lieu", "idea", "un tiers-lieu"),
        ("CONSTAT - peu de coopération", "observation", "peu de coopération"),
        ("Remarque : rien de spécial", "", "Remarque : rien de spécial"),
        ("Horaires: 9h-18h", "", "Horaires: 9h-18h"),
    ],
)
def test_kind_prefix(line, kind, text):
    (idea,) = parse_text(line).ideas
    assert (idea.kind, idea.text) == (kind, text)


def test_markdown_file_and_utf8_bom():
    data = "\ufeff# Question A\n\n- **un** besoin\n".encode()
    notes = parse_notes(data, "notes.md")
    assert notes.headings == ["Question A"]
    assert _summary(notes) == [("un besoin", "", "Question A")]


def test_cp1252_text_file():
    data = "Frein : la cherté du foncier\r\nBesoin : un café associatif\r\n".encode("cp1252")
    notes = parse_notes(data, "compte-rendu.txt")
    assert _summary(notes) == [
        ("la cherté du foncier", "obstacle", ""),
        ("un café associatif", "need", ""),
    ]


def test_docx_headings_bullets_and_soft_line_breaks():
    data = docx_bytes(
        [
            ("heading", "Quels besoins ?"),
            ("bullet", "f: trop cher"),
            ("para", "Un lieu\nb: du temps salarié"),
            ("para", ""),
            ("heading", "Quelles pistes ?"),
            ("bullet", "Une coopérative d'activité"),
        ]
    )
    notes = parse_notes(data, "Atelier.DOCX")
    assert notes.headings == ["Quels besoins ?", "Quelles pistes ?"]
    assert _summary(notes) == [
        ("trop cher", "obstacle", "Quels besoins ?"),
        ("Un lieu", "", "Quels besoins ?"),
        ("du temps salarié", "need", "Quels besoins ?"),
        ("Une coopérative d'activité", "", "Quelles pistes ?"),
    ]


def test_odt_headings_paragraphs_and_lists():
    data = odt_bytes(
        [
            ("heading", "Quels besoins ?"),
            ("para", "Levier : la commande publique"),
            ("bullet", "- un annuaire des structures"),
            ("heading", "Quelles pistes ?"),
            ("bullet", "i: un forum annuel"),
        ]
    )
    notes = parse_notes(data, "atelier.odt")
    assert notes.headings == ["Quels besoins ?", "Quelles pistes ?"]
    assert _summary(notes) == [
        ("la commande publique", "lever", "Quels besoins ?"),
        ("un annuaire des structures", "", "Quels besoins ?"),
        ("un forum annuel", "idea", "Quelles pistes ?"),
    ]


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    return out.getvalue()


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"Ceci est du texte, pas un docx", "notes.docx", "n’est pas un document Word"),
        (_zip_without_document(), "notes.docx", "n’est pas un document Word"),
        (docx_bytes([("para", "x")])[:300], "coupé.docx", "n’est pas un document Word"),
        (b"plain text", "notes.odt", "n’est pas un document OpenDocument"),
        (b"", "vide.txt", "est vide"),
        (b"\n \n\t\n", "blancs.md", "Aucune idée"),
        (os.urandom(4096) + b"\x00\x01\x02", "binaire.txt", "n’est pas un fichier texte"),
        (docx_bytes([("para", "x")]), "deguise.txt", "n’est pas un fichier texte"),
        (b"x", "tableau.pdf", "ne peut pas être importé"),
        (b"x", "ancien.doc", "ancien fichier Word"),
    ],
)
def test_bad_files_give_a_french_message_naming_the_file(data, name, message):
    with pytest.raises(NotesError) as error:
        parse_notes(data, name)
    assert message in str(error.value)
    assert name in str(error.value)


def test_a_10000_character_line_is_an_error_naming_the_line():
    notes = parse_text("Une idée courte\n" + "a" * 10_000 + "\nUne autre")
    assert len(notes.ideas) == 3
    assert notes.errors == [
        "La ligne 2 compte 10000 caractères\u202f; la limite est de 2000. "
        "Raccourcissez-la ou découpez-la en plusieurs idées."
    ]


def test_too_many_ideas_are_refused_before_filling_the_session():
    with pytest.raises(NotesError) as error:
        parse_text("\n".join(f"idée {n}" for n in range(MAX_IDEAS + 1)))
    assert "trop longues" in str(error.value)


def test_empty_pasted_text():
    with pytest.raises(NotesError) as error:
        parse_text("  \n\n")
    assert "Aucune idée" in str(error.value)
