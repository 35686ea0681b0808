"""The French spacing fixer: what it changes, what it leaves alone, and that it rewrites a
.po file without touching anything else than the spaces of its msgstrs."""

import polib
import pytest
from django.core.management import CommandError, call_command

from essor.core import french_typography
from essor.core.french_typography import NBSP, NNBSP, fix_po, fix_text
from essor.core.i18n_tools import po_files
from essor.core.management.commands import french_typography as command


@pytest.mark.parametrize(
    "text, expected",
    [
        # An ordinary space before the sign becomes the right no-break space.
        ("Statut : ouvert", f"Statut{NBSP}: ouvert"),
        ("a ; b", f"a{NNBSP}; b"),
        ("Merci !", f"Merci{NNBSP}!"),
        ("Mot de passe oublié ?", f"Mot de passe oublié{NNBSP}?"),
        ("« Frein »", f"«{NBSP}Frein{NBSP}»"),
        # None stands: one is added, also after a placeholder or a closing tag.
        ("Statut: ouvert", f"Statut{NBSP}: ouvert"),
        ("Vraiment?", f"Vraiment{NNBSP}?"),
        ("%(name)s: %(value)s", f"%(name)s{NBSP}: %(value)s"),
        ("<strong>Note</strong>: lire", f"<strong>Note</strong>{NBSP}: lire"),
        ("«Frein»", f"«{NBSP}Frein{NBSP}»"),
        ("oublié ?»", f"oublié{NNBSP}?{NBSP}»"),
        # The wrong no-break space is replaced by the right one.
        (f"a{NBSP}; b", f"a{NNBSP}; b"),
        (f"a{NNBSP}: b", f"a{NBSP}: b"),
        # Only the first of two signs takes the space.
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ],
)
def test_french_spacing_is_set(text, expected):
    assert fix_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rendez-vous à 10:30, format hh:mm",
        "par exemple commune:86194 ou epci:200069854",
        "voir https://example.org/page?x=1: ou mailto:a@b.fr",
        'le code <a href="/aide?page=2">ici</a>',
        "{{ name }}{% if a %}?{% endif %}",
        "%(count)s:%(total)s",
        # Typed syntax shown as an example: the user writes « b: » literally.
        f"Commencez une ligne par «{NBSP}b:{NBSP}» ou «{NBSP}format: %(format)s{NBSP}».",
        f"Une ligne «{NBSP}?{NBSP}» ne compte pas.",
        "(?) inconnu",
        "",
    ],
)
def test_what_is_not_french_punctuation_is_left_alone(text):
    assert fix_text(text) == text


def test_fixing_twice_changes_nothing_more():
    text = "Statut: ouvert ; « Frein» ? oui !"
    assert fix_text(fix_text(text)) == fix_text(text)


PO = r"""# A comment : kept as it is.
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"

msgid "Status: %(status)s"
msgstr "Statut : %(status)s"

#, python-format
msgid "A long text that is wrapped: here"
msgstr ""
"Un texte assez long pour être coupé en deux lignes par gettext, ici avant le "
"? et après lui ; puis un \"guillemet\" : fin"

msgctxt "vote"
msgid "Closed?"
msgid_plural "Closed?"
msgstr[0] "Clos ?"
msgstr[1] "Clos ?"
"""


def test_a_po_file_keeps_everything_but_the_spaces_of_its_msgstrs():
    fixed = fix_po(PO)
    assert fixed.splitlines()[:6] == PO.splitlines()[:6]  # header and comments
    assert f'msgstr "Statut{NBSP}: %(status)s"' in fixed
    assert f'ici avant le{NNBSP}"\n"? et' in fixed  # a space at the end of a line too
    assert f'"? et après lui{NNBSP}; puis un \\"guillemet\\"{NBSP}: fin"' in fixed
    assert f'msgstr[1] "Clos{NNBSP}?"' in fixed
    assert 'msgid "Status: %(status)s"' in fixed  # msgids are never changed
    assert len(fixed.splitlines()) == len(PO.splitlines())
    assert fix_po(fixed) == fixed


@pytest.mark.parametrize("path", po_files("fr"), ids=lambda path: path.parts[-5])
def test_rewriting_a_catalogue_changes_only_its_french_texts(path):
    """The file diff only changes the intended characters: reading the rewritten file
    gives the same entries, each msgstr fixed as fix_text fixes it."""
    source = path.read_text(encoding="utf-8")
    fixed = fix_po(source)
    before, after = polib.pofile(source), polib.pofile(fixed)
    assert before.metadata == after.metadata
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        assert (new.msgctxt, new.msgid, new.msgid_plural) == (
            old.msgctxt,
            old.msgid,
            old.msgid_plural,
        )
        assert new.msgstr == fix_text(old.msgstr)
        assert new.msgstr_plural == {n: fix_text(t) for n, t in old.msgstr_plural.items()}
        assert new.flags == old.flags and new.comment == old.comment
    assert fix_po(fixed) == fixed


def test_the_command_rewrites_then_checks(tmp_path, monkeypatch):
    catalogue = tmp_path / "django.po"
    catalogue.write_text(PO, encoding="utf-8")
    monkeypatch.setattr(command, "po_files", lambda language: [catalogue])

    with pytest.raises(CommandError, match="5 line"):
        call_command("french_typography", "--check")
    assert catalogue.read_text(encoding="utf-8") == PO  # --check changes nothing

    call_command("french_typography")
    assert catalogue.read_text(encoding="utf-8") == fix_po(PO)
    call_command("french_typography", "--check")


def test_offenders_name_the_file_and_line(tmp_path):
    catalogue = tmp_path / "django.po"
    catalogue.write_text(PO, encoding="utf-8")
    assert french_typography.offenders(catalogue)[0] == (
        f'{catalogue}:9: msgstr "Statut : %(status)s"'
    )
