"""Reading a line typed on the capture board, and grouping ideas by question."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from essor.contributions.models import KIND_SHORTCUTS

# "b: il manque un lieu", "B : ..." (French typography puts a space before the colon).
SHORTCUT = re.compile(r"^\s*([A-Za-z])\s*:\s*(.*)$", re.DOTALL)


def parse_capture_line(line: str) -> tuple[str | None, str]:
    """(kind or None, text) from a typed line; an unknown letter is left in the text."""
    match = SHORTCUT.match(line or "")
    if match:
        kind = KIND_SHORTCUTS.get(match.group(1).lower())
        if kind is not None:
            return kind.value, match.group(2)
    return None, line or ""


@dataclass
class QuestionGroup:
    """The contributions under one guiding question (``question`` None: not attached)."""

    question: object | None
    contributions: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"question-{self.question.pk}" if self.question is not None else "question-none"


def group_by_question(questions, contributions) -> list[QuestionGroup]:
    """One group per question in order, then the ideas attached to no question (if any)."""
    groups = {q.pk: QuestionGroup(q) for q in questions}
    loose = QuestionGroup(None)
    for contribution in contributions:
        groups.get(contribution.question_id, loose).contributions.append(contribution)
    result = list(groups.values())
    if loose.contributions or not result:
        result.append(loose)
    return result
