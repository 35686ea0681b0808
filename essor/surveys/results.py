"""Counts, percentages, means and ranks of a survey's answers (no request code here).

Percentages are of the respondents who answered the question (a skipped or
hidden conditional question does not count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from essor.surveys.models import Answer, Question, QuestionKind, Survey


@dataclass
class Row:
    label: str
    count: int = 0
    percent: float = 0.0
    value: float | None = None  # average rank for rankings


@dataclass
class QuestionResult:
    question: Question
    number: int
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    other_texts: list[str] = field(default_factory=list)
    mean: float | None = None
    texts: list[Answer] = field(default_factory=list)

    @property
    def chart_kind(self) -> str:
        if self.question.kind == QuestionKind.RANKING:
            return "rank"
        return "" if self.question.is_text else "percent"


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def survey_results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """(number of responses, one result per question in order)."""
    respondents = survey.responses.count()
    questions = list(survey.questions.prefetch_related("choices"))
    answers_by_question: dict[int, list[Answer]] = defaultdict(list)
    answers = (
        Answer.objects.filter(response__survey=survey)
        .prefetch_related("choices")
        .order_by("response_id", "id")
    )
    for answer in answers:
        answers_by_question[answer.question_id].append(answer)
    results = []
    for number, question in enumerate(questions, start=1):
        result = QuestionResult(question=question, number=number)
        given = answers_by_question.get(question.pk, [])
        result.answered = len(given)
        if question.is_choice:
            _choice_rows(result, given)
        elif question.kind == QuestionKind.SCALE:
            _scale_rows(result, given)
        elif question.kind == QuestionKind.RANKING:
            _ranking_rows(result, given)
        else:
            result.texts = given
        results.append(result)
    return respondents, results


def _choice_rows(result: QuestionResult, given: list[Answer]) -> None:
    counts = Counter(c.pk for a in given for c in a.choices.all())
    for choice in result.question.choices.all():
        count = counts.get(choice.pk, 0)
        result.rows.append(Row(choice.label, count, _percent(count, result.answered)))
    if result.question.has_other:
        result.other_texts = [a.other_text for a in given if a.other_text]
        count = len(result.other_texts)
        result.rows.append(Row(_("Other"), count, _percent(count, result.answered)))


def _scale_rows(result: QuestionResult, given: list[Answer]) -> None:
    numbers = [a.number for a in given if a.number is not None]
    counts = Counter(numbers)
    question = result.question
    for value in question.scale_values:
        label = str(value)
        if value == question.scale_min and question.scale_min_label:
            label = f"{value} ({question.scale_min_label})"
        elif value == question.scale_max and question.scale_max_label:
            label = f"{value} ({question.scale_max_label})"
        result.rows.append(Row(label, counts.get(value, 0), _percent(counts.get(value, 0),
                                                                     result.answered)))  # fmt: skip
    result.mean = round(sum(numbers) / len(numbers), 2) if numbers else None


def _ranking_rows(result: QuestionResult, given: list[Answer]) -> None:
    positions: dict[int, list[int]] = defaultdict(list)
    for answer in given:
        for rank, choice_id in enumerate(answer.ranking or [], start=1):
            positions[choice_id].append(rank)
    rows = []
    for choice in result.question.choices.all():
        ranks = positions.get(choice.pk, [])
        average = round(sum(ranks) / len(ranks), 2) if ranks else None
        first = sum(1 for r in ranks if r == 1)
        rows.append(Row(choice.label, first, _percent(first, result.answered), average))
    # Best (lowest) average rank first; never-ranked choices last.
    result.rows = sorted(rows, key=lambda r: (r.value is None, r.value or 0))
