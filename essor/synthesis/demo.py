"""The synthesis part of the demo: a residents' workshop, survey ideas, a shaped wall.

After the concertation part (the actors' workshop and the survey), the demo
adds a residents' workshop whose hurried notes come from the labelled
evaluation set, turns the survey's free-text ideas into contributions, then
asks for suggested themes and does what a facilitator does first: rename
the first theme, write its summary, set a line aside.
"""

from __future__ import annotations

import datetime as dt

from essor.contributions.models import ContributionKind, ContributionSource
from essor.contributions.services import add_contribution
from essor.surveys.models import Answer
from essor.surveys.services import convert_answer
from essor.synthesis import evaluation, services
from essor.workshops.services import create_workshop

KINDS = {
    "observation": ContributionKind.OBSERVATION,
    "need": ContributionKind.NEED,
    "obstacle": ContributionKind.OBSTACLE,
    "lever": ContributionKind.LEVER,
    "strength": ContributionKind.STRENGTH,
    "idea": ContributionKind.IDEA,
}
WORKSHOP = "Atelier Centre-ville"


def build_synthesis(process, *, facilitator, held_on: dt.date | None = None) -> None:
    workshop = create_workshop(
        process=process,
        title="Atelier habitants : vivre l’ESS au quotidien",
        date=held_on or dt.date(2026, 10, 15),
        questions=["Qu’est-ce qui manque au quotidien ?", "Quelles idées pour le territoire ?"],
        actor=facilitator,
    )
    lacks, ideas = workshop.questions.order_by("order")
    for row in evaluation.load():
        if row.workshop != WORKSHOP:
            continue
        add_contribution(
            process=process,
            workshop=workshop,
            question=ideas if row.kind == "idea" else lacks,
            text=row.text,
            kind=KINDS.get(row.kind, ContributionKind.IDEA),
            source=ContributionSource.CAPTURE,
            created_by=facilitator,
        )
    answers = Answer.objects.filter(
        question__survey__process=process, contribution__isnull=True
    ).exclude(text="")
    for answer in answers.select_related("question"):
        if answer.question.is_text:
            convert_answer(answer, kind=ContributionKind.IDEA, actor=facilitator)

    synthesis = services.synthesis_for(process)
    services.set_sources(
        synthesis,
        workshops=list(process.workshops.all()),
        surveys=list(process.surveys.all()),
        include_other=False,
        actor=facilitator,
    )
    services.suggest(synthesis, n_themes=None, replace=True, actor=facilitator)
    first = synthesis.themes.order_by("order").first()
    services.update_theme(
        first,
        title=first.title,
        summary=(
            "Premier regroupement proposé par Essor, relu en COTECH : "
            "à confirmer avec les participants de l’atelier suivant."
        ),
        actor=facilitator,
    )
    # The line farthest from the centre of the largest theme: the usual "off topic".
    largest = max(synthesis.themes.all(), key=lambda theme: theme.placements.count())
    line = largest.placements.order_by("-order").first()
    services.place(synthesis, line.contribution_id, None, actor=facilitator)
