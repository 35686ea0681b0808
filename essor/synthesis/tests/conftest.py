from dataclasses import dataclass

import pytest

from essor.contributions.models import ContributionKind
from essor.contributions.services import add_contribution
from essor.synthesis import evaluation

ROLES_THAT_READ = ("admin", "facilitator", "committee_member")


@dataclass
class World:
    process: object
    workshops: list
    survey: object
    contributions: list  # every contribution, in creation order
    labels: dict  # contribution id -> facilitator theme of the evaluation set


def _survey_contribution(process, survey, question, text):
    """A free-text answer turned into a contribution, as the surveys app does it."""
    from datetime import date

    from essor.surveys.models import Answer, Response

    contribution = add_contribution(
        process=process,
        text=text,
        kind=ContributionKind.IDEA,
        source="survey",
        survey_answer_label=f"{survey.title} — {question.text}",
    )
    response = Response.objects.create(survey=survey, submitted_on=date(2026, 11, 2))
    Answer.objects.create(
        response=response, question=question, text=text, contribution=contribution
    )
    return contribution


def build_world(process, per_workshop: int = 12) -> World:
    """Two workshops and a survey of the process, with lines of the evaluation set."""
    from essor.surveys.models import Question, Survey
    from essor.workshops.services import create_workshop

    rows = evaluation.load()
    workshops = [
        create_workshop(process=process, title=title, questions=["Constats ?", "Pistes ?"])
        for title in ("Atelier Nord", "Atelier rural")
    ]
    survey = Survey.objects.create(process=process, title="Enquête acteurs")
    question = Question.objects.create(survey=survey, text="Une idée ?", kind="long_text")
    contributions, labels = [], {}
    picked = rows[:: max(1, len(rows) // (per_workshop * 3))][: per_workshop * 3]
    for index, row in enumerate(picked):
        if index % 3 == 2:
            contribution = _survey_contribution(process, survey, question, row.text)
        else:
            workshop = workshops[index % 3]
            contribution = add_contribution(
                process=process,
                workshop=workshop,
                question=workshop.questions.order_by("order")[index % 2],
                text=row.text,
                kind=ContributionKind.NEED if row.kind == "need" else ContributionKind.IDEA,
            )
        contributions.append(contribution)
        labels[contribution.pk] = row.label
    return World(process, workshops, survey, contributions, labels)


@pytest.fixture
def world(cast):
    return build_world(cast.process)
