"""CSV and XLSX exports of a survey: every response, and the results summary."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from essor.core.spreadsheet import csv_bytes, workbook_bytes
from essor.surveys.models import QuestionKind, Survey
from essor.surveys.results import survey_results
from essor.surveys.services import answer_display


def response_rows(survey: Survey) -> list[list]:
    """Header then one row per response, one column per question."""
    questions = list(survey.questions.prefetch_related("choices"))
    header = [_("Response"), _("Date")]
    if not survey.anonymous:
        header.append(_("Respondent"))
    header += [f"{number}. {q.text}" for number, q in enumerate(questions, start=1)]
    rows = [header]
    responses = survey.responses.select_related("person").prefetch_related(
        "answers__choices", "answers__question__choices"
    )
    for response in responses:
        by_question = {a.question_id: a for a in response.answers.all()}
        row = [response.pk, response.submitted_on]  # a typed date: DD/MM/YYYY, sortable in XLSX
        if not survey.anonymous:
            person = response.person
            row.append(f"{person.first_name} {person.last_name}".strip() if person else "")
        for question in questions:
            answer = by_question.get(question.pk)
            row.append(answer_display(answer) if answer else "")
        rows.append(row)
    return rows


def summary_rows(survey: Survey) -> list[list]:
    """Question, answer, count, percentage (or average rank), for every row of the results."""
    respondents, results = survey_results(survey)
    rows = [[_("Question"), _("Answer"), _("Count"), _("Percentage of those who answered")]]
    rows.append([_("Responses"), "", respondents, ""])
    for result in results:
        title = f"{result.number}. {result.question.text}"
        rows.append([title, _("Answered the question"), result.answered, ""])
        for row in result.rows:
            if result.question.kind == QuestionKind.RANKING:
                rank = "" if row.value is None else number_format(row.value, 2)
                rows.append([title, _("%(choice)s — average rank") % {"choice": row.label},
                             rank, ""])  # fmt: skip
            else:
                rows.append([title, row.label, row.count, row.percent])
        if result.mean is not None:
            rows.append([title, _("Mean"), result.mean, ""])
        for text in result.other_texts:
            rows.append([title, _("Other: %(text)s") % {"text": text}, "", ""])
        for answer in result.texts:
            rows.append([title, answer.text, "", ""])
    return rows


def to_csv(rows: list[list]) -> bytes:
    """ ";" separated, numbers with a decimal comma, dates in French order, as French
    spreadsheets expect (see essor.core.spreadsheet)."""
    return csv_bytes(rows)


def survey_xlsx(survey: Survey) -> bytes:
    return workbook_bytes(
        {_("Responses"): response_rows(survey), _("Results"): summary_rows(survey)}
    )
