"""The French catalogues read as French: the errors a new user's walk found stay fixed,
and the classes of errors they belong to are looked for in every catalogue."""

import re

import polib
import pytest
from django.utils import translation

from essor.core.french_typography import offenders
from essor.core.i18n_tools import ESSOR_DIR, po_files


def _entries():
    for path in po_files("fr"):
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                yield path.parts[-5], entry


def _french(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


# Typed syntax shown as an example ("b: ", "format: ...") is not prose.
_EXAMPLES = re.compile(r"«[^»]*»|https?://\S+|%\(\w+\)[sd]")


def test_a_space_precedes_french_double_punctuation():
    glued = [
        (app, text)
        for app, entry in _entries()
        for text in _french(entry)
        if re.search(r"[^\s\u00a0\u202f][:;?!](\s|$)", _EXAMPLES.sub("", text))
    ]
    assert glued == []


def test_french_double_punctuation_takes_a_no_break_space():
    """No ordinary space before « : ; ? ! » nor inside « »: the line would break there.
    `manage.py french_typography` fixes what this finds."""
    assert [line for path in po_files("fr") for line in offenders(path)] == []


# Counts that are never 1: limits and alert thresholds (at least 5 participants).
NEVER_ONE = {
    "These notes have more than %(lines)s lines, blank lines included: remove the empty "
    "lines or split them into several imports.",
    "The file holds %(count)s parts (at most %(max)s): it is not a usual document.",
    "%(count)s participants joined from the same address",
}


# A count (by its placeholder's name) followed by a plural noun: "%(count)s lignes".
COUNTED = r"%\((count|counter|taken|aside|lines|themes|units|actions|indicators)\)s \w+s\b"


def test_counts_agree_with_their_noun():
    """A count followed by a plural noun must come from ngettext ("1 mise de côté")."""
    singular_only = [
        (app, entry.msgid)
        for app, entry in _entries()
        if not entry.msgid_plural
        and re.search(COUNTED, entry.msgid)
        and entry.msgid not in NEVER_ONE
    ]
    assert singular_only == []


def test_a_text_shared_by_several_apps_has_one_french_translation():
    """Django merges the apps' catalogues: for a msgid found in several, only one French
    text is ever shown (the first app's). Two translations mean one of them is a lie (the
    vote showed "close", the process's word): give such a word a context instead."""
    found: dict = {}
    for app, entry in _entries():
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        found.setdefault(key, {})[app] = tuple(_french(entry))
    conflicts = {key[1]: apps for key, apps in found.items() if len(set(apps.values())) > 1}
    assert conflicts == {}


def test_no_english_word_left_as_a_status():
    from essor.processes.models import ProcessStatus
    from essor.surveys.models import SurveyStatus
    from essor.workshops.models import VoteStatus

    with translation.override("fr"):
        labels = [str(ProcessStatus.CLOSED.label), str(SurveyStatus.CLOSED.label)]
        assert [label.capitalize() for label in labels] == ["Clôturée", "Clôturée"]
        assert str(VoteStatus.CLOSED.label) == "clos"


@pytest.mark.parametrize(
    "msgid, number, french",
    [
        # "Clos"/"close": the status a process or survey shows is "clôturée".
        ("To take it out of use, give it the status “closed” and stop publishing it: "
         "everything stays readable by its members.", None, "statut « clôturée »"),
        ("This survey is closed: it no longer accepts answers.", None, "clôturée"),
        # A second count cannot follow the first one's plural: "1 votant sur 1 participants".
        ("%(voters)s voter out of %(participants)s participants.", 1,
         "%(voters)s votant (participants : %(participants)s)."),
        # The indicators' count is a phrase of its own ("1 indicateur", "2 indicateurs").
        ("%(actions)s action is retained, followed by %(indicators)s.", 1,
         "%(actions)s action est retenue, suivie par %(indicators)s."),
        ("%(added)s organisation added to the process directory (%(created)s new).", 1,
         "fiches créées : %(created)s"),
        # Agreement, grammar and anglicisms found by the review.
        ("Nobody present at the last meeting (%(title)s, %(date)s)", None,
         "Aucune personne présente"),
        ("Export the template first if you may need it again.", None, "s’il peut encore"),
        ("QR code to join the workshop: %(url)s", None, "Code QR"),
        ("For example: chair, member, guest.", None, "président·e, membre, invité·e"),
        # "Membres de Grand Poitiers": a name after "de" needs its article; none is known.
        ("Members of %(name)s", None, "Membres : %(name)s"),
    ],
)  # fmt: skip
def test_review_of_the_french_texts(msgid, number, french):
    from django.utils.translation import gettext, ngettext

    with translation.override("fr"):
        text = gettext(msgid) if number is None else ngettext(msgid, msgid, number)
    assert french in text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("app", ["plans", "synthesis", "decisions"])
def test_no_untranslated_english_sentence(app):
    same = [
        entry.msgid
        for found_app, entry in _entries()
        if found_app == app
        and not entry.msgid_plural
        and entry.msgstr == entry.msgid
        and re.search(r"[a-z]{3,} [a-z]{3,}", entry.msgid)
    ]
    assert same == []


# Template syntax, scripts and styles are not text; what is left is shown as it is written.
_NOT_TEXT = re.compile(
    r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<script.*?</script>|<style.*?</style>", re.S
)


def test_templates_write_french_punctuation_with_a_no_break_space():
    """Text written in templates (" : " between a label and a value, « » around a name)
    follows the same rule as the catalogues: no ordinary space before « : ; ? ! »."""
    found = []
    for path in sorted(ESSOR_DIR.glob("*/templates/**/*")):
        if path.suffix not in (".html", ".txt"):
            continue
        text = _NOT_TEXT.sub(lambda match: "x" * len(match.group()), path.read_text())
        for match in re.finditer(r" [:;?!](?=[\s<\"&]|$)|« | »", text, re.M):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ESSOR_DIR)}:{line}")
    assert found == []


def test_essor_wording_wins_over_the_libraries_catalogues():
    """A library's French catalogue loaded before Essor's would change its words (Django
    REST framework translates "Search" as "Recherche"): what the pages show is Essor's."""
    overridden = []
    with translation.override("fr"):
        for app, entry in _entries():
            if entry.msgid_plural or not entry.msgstr or "fuzzy" in entry.flags:
                continue
            if entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            if shown != entry.msgstr:
                overridden.append((app, entry.msgid, shown))
    assert overridden == []
