"""The French catalogues read as French: the errors a new user's walk found stay fixed,
and the classes of errors they belong to are looked for in every catalogue."""

import re

import polib
import pytest
from django.utils import translation

from essor.core.i18n_tools import po_files


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
