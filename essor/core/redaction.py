"""Finding and removing a person's name and e-mail in stored text (right to erasure).

Names are typed by people, so they are matched as fold() compares them: case,
accents, hyphens and apostrophes aside ("ALICE  martin", "Hélène Dupré-Roy" and
"helene dupre roy" match each other), on word boundaries ("Martine" does not
hold "Martin"). Only what matched is replaced, the rest of the text stays.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from essor.core.text import fold


def erased_label() -> str:
    """What replaces the person in stored text: stored data, hence in the site's language
    whatever the language of the request that erased them."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("erased person")


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    lowered = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "".join(c if c.isalnum() else " " for c in lowered)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """fold(text) and, for each of its characters, the index of the original character."""
    folded: list[str] = []
    positions: list[int] = []
    after_space = True
    for index, char in enumerate(text):
        for c in _fold_char(char):
            if c == " ":
                if after_space:
                    continue
                after_space = True
            else:
                after_space = False
            folded.append(c)
            positions.append(index)
    return "".join(folded), positions


class PersonMatcher:
    """The forms under which a person may appear in text: e-mail, "First Last", "Last First"."""

    def __init__(self, first_name: str, last_name: str, email: str = ""):
        names = (f"{first_name} {last_name}", f"{last_name} {first_name}")
        needles = [fold(email), *(fold(name) for name in names)]
        # The e-mail first: it holds the name ("alice.martin@..."), and goes as a whole.
        self.needles = list(dict.fromkeys(n for n in needles if n))
        alternatives = "|".join(re.escape(n) for n in self.needles)
        self._pattern = (
            re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])") if self.needles else None
        )

    @classmethod
    def of(cls, person) -> PersonMatcher:
        return cls(person.first_name, person.last_name, person.email)

    def found_in(self, text: str | None) -> bool:
        return bool(text) and self._pattern is not None and bool(self._pattern.search(fold(text)))

    def redact(self, text: str, replacement: str | None = None) -> str:
        """``text`` with every mention of the person replaced (by "personne effacée")."""
        if not self.found_in(text):
            return text
        replacement = erased_label() if replacement is None else replacement
        folded, positions = _folded_with_positions(text)
        spans = [
            (positions[m.start()], positions[m.end() - 1] + 1)
            for m in self._pattern.finditer(folded)
        ]
        for start, end in reversed(spans):
            text = text[:start] + replacement + text[end:]
        return text

    def redact_json(self, value: Any) -> Any:
        """A copy of JSON data with the person redacted from every string (keys included)."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, list):
            return [self.redact_json(v) for v in value]
        if isinstance(value, dict):
            return {self.redact(k): self.redact_json(v) for k, v in value.items()}
        return value

    def mentioned_in(self, rows: Iterable, fields: list[str]) -> list:
        """The rows (model instances) one of whose ``fields`` mentions the person."""
        return [row for row in rows if any(self.found_in(getattr(row, f)) for f in fields)]


def redact_rows(matcher: PersonMatcher, queryset, fields: list[str]) -> int:
    """Redact the person from ``fields`` of the rows of ``queryset``; returns how many rows
    changed. Saved one by one through save() so that derived fields follow (search text)."""
    changed = 0
    for row in matcher.mentioned_in(queryset.only("pk", *fields).iterator(), fields):
        for field in fields:
            setattr(row, field, matcher.redact(getattr(row, field)))
        row.save(update_fields=fields)
        changed += 1
    return changed
