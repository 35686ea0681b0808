"""The concertation part of the demo: workshops with contributions and votes, a survey.

Built through the same services as the interface, so the demo shows what a
facilitator would really get after the first actors' workshop.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from essor.contributions.models import ContributionKind, ContributionSource
from essor.contributions.services import add_contribution
from essor.meetings.models import Attendance
from essor.participation.services import close_vote, join_workshop, open_vote, set_dots
from essor.surveys.answering import AnswerData
from essor.surveys.models import Choice, Question, QuestionKind, Survey, SurveyStatus
from essor.surveys.services import submit_response
from essor.workshops.models import VoteMode
from essor.workshops.services import create_workshop

K = ContributionKind
# question index, kind, text, organisation index (None: anonymous)
ACTORS_WORKSHOP_IDEAS = [
    (0, K.OBSERVATION, "Trop de dispositifs d’accompagnement, on s’y perd !!", 4),
    (0, K.NEED, "besoin d’un guichet unique pour les porteurs de projets ESS", 9),
    (0, K.OBSTACLE, "les appels à projets tombent tous en même temps (sept-oct)", 5),
    (0, K.NEED, "Accompagnement post-création : rien après la 2e année", 6),
    (0, K.LEVER, "La CRESS peut animer un parcours commun avec la CCI et BGE", 3),
    (0, K.WEAKNESS, "Peu de visibilité des structures de l’ESS hors centre-ville", None),
    (0, K.IDEA, "Un annuaire en ligne des accompagnateurs, tenu à jour", 9),
    (1, K.STRENGTH, "Beaucoup de coopérations informelles entre recycleries et tiers-lieux", 4),
    (1, K.NEED, "Un lieu pour se croiser, mutualiser des locaux et du matériel", 9),
    (1, K.OBSTACLE, "Commande publique : lots trop gros pour les petites structures", 5),
    (1, K.IDEA, "Clauses sociales et lots réservés dans les marchés de la ville", 7),
    (1, K.IDEA, "Créer un pôle territorial de coopération économique (PTCE)", 3),
    (1, K.OBSERVATION, "Les SCOP et les assos ne se connaissent pas", 6),
    (1, K.LEVER, "le mois de l’ESS en novembre comme rendez-vous annuel", None),
]
# the contributions a participant puts dots on (indexes in ACTORS_WORKSHOP_IDEAS)
DOTS = [(1, 8, 10), (8, 8, 11), (1, 6, 8), (10, 11, 8), (1, 8, 3), (6, 10, 11)]

SURVEY_QUESTIONS = [
    ("Votre structure est :", QuestionKind.SINGLE,
     ["une association", "une coopérative", "une mutuelle", "une fondation",
      "une entreprise de l’ESS"]),
    ("Qu’attendez-vous en priorité de la collectivité ?", QuestionKind.MULTIPLE,
     ["Des financements pluriannuels", "Un accès facilité à la commande publique",
      "Des locaux", "La co-construction des politiques publiques et leur évaluation",
      "De la visibilité"]),
    ("Votre structure coopère-t-elle déjà avec d’autres acteurs du territoire ?",
     QuestionKind.SCALE, []),
    ("Une idée pour le plan d’action ?", QuestionKind.LONG_TEXT, []),
]  # fmt: skip
SURVEY_IDEAS = [
    "Un fonds de prêts d’honneur pour les créations en SCIC",
    "Former les élus et les agents à l’ESS",
    "Une journée de l’ESS avec les entreprises classiques du territoire",
    "Des conventions pluriannuelles d’objectifs plutôt que des appels à projets",
    "une plateforme des produits et services locaux de l’ESS",
    "Ouvrir la cuisine centrale aux producteurs bio du coin !!",
]


# Sent from the portal between the two workshops.
ONLINE_CONTRIBUTIONS = [
    (K.NEED, "Un lieu pour stocker le matériel des associations de quartier", "Collectif Vélo"),
    (K.IDEA, "Un marché de Noël de l’ESS place du Marché", ""),
    (K.OBSTACLE, "Les appels à projets changent chaque année, on ne peut rien prévoir", ""),
]


def build_concertation(process, *, organisations, people, meetings, facilitator) -> None:
    """Workshops (one held, one to come), their contributions and votes, and a survey."""
    rng = random.Random(86194)  # noqa: S311 — reproducible demo data, not security
    held = create_workshop(
        process=process,
        title="Atelier acteurs 1 : parcours d’accompagnement",
        date=timezone.localdate(meetings[6].starts_at),
        meeting=meetings[6],
        questions=[
            "Quel parcours d’accompagnement pour les structures de l’ESS ?",
            "Quelles coopérations entre acteurs, et avec la collectivité ?",
        ],
        objectives="Partager les besoins des acteurs et faire émerger des pistes d’action.",
        actor=facilitator,
    )
    questions = list(held.questions.all())
    contributions = [
        add_contribution(
            process=process,
            workshop=held,
            question=questions[question],
            kind=kind,
            text=text,
            author_organisation=organisations[org] if org is not None else None,
            source=ContributionSource.CAPTURE,
            created_by=facilitator,
        )
        for question, kind, text, org in ACTORS_WORKSHOP_IDEAS
    ]
    held.vote_mode = VoteMode.DOTS
    held.dots_per_participant = 3
    held.save()
    open_vote(held, actor=facilitator)
    for index, choices in enumerate(DOTS, start=1):
        participant = join_workshop(held, name=f"Participant {index}")
        for target in set(choices):
            set_dots(participant, contributions[target], choices.count(target))
    close_vote(held, actor=facilitator)
    invited = [p for p in people if p.organisation_id and p.organisation.kind == "ess"]
    for person in invited:
        Attendance.objects.update_or_create(
            meeting=meetings[6],
            person=person,
            defaults={
                "status": Attendance.Status.PRESENT,
                "response": Attendance.Response.YES,
                "invited_at": meetings[6].starts_at - dt.timedelta(days=15),
                "responded_at": meetings[6].starts_at - dt.timedelta(days=10),
            },
        )

    create_workshop(
        process=process,
        title="Atelier acteurs 2 : coopérations entre acteurs",
        date=timezone.localdate(meetings[7].starts_at),
        meeting=meetings[7],
        questions=[
            "Que peuvent s’apporter l’ESS et la collectivité ?",
            "Quels outils de coopération (lieu, réseau, plateforme) ?",
        ],
        actor=facilitator,
    )
    _build_survey(process, facilitator, rng)
    _build_online_contributions(process, facilitator)


def _build_online_contributions(process, facilitator) -> None:
    """The portal open to the public's contributions, two awaiting moderation, one accepted."""
    from essor.contributions import online
    from essor.portal.models import PortalSettings

    PortalSettings.objects.update_or_create(
        process=process, defaults={"accept_contributions": True}
    )
    sent = [
        online.submit(process, kind=kind, text=text, organisation_name=organisation)
        for kind, text, organisation in ONLINE_CONTRIBUTIONS
    ]
    online.accept(sent[0], actor=facilitator)


def _build_survey(process, facilitator, rng: random.Random) -> None:
    survey = Survey.objects.create(
        process=process,
        title="Enquête auprès des acteurs de l’ESS du Grand Poitiers",
        introduction="<p>Dix minutes pour nous dire vos besoins et vos idées.</p>",
        status=SurveyStatus.OPEN,
        anonymous=True,
        created_by=facilitator,
    )
    questions = []
    for order, (text, kind, labels) in enumerate(SURVEY_QUESTIONS, start=1):
        question = Question.objects.create(
            survey=survey,
            order=order,
            text=text,
            kind=kind,
            required=kind != QuestionKind.LONG_TEXT,
            scale_min_label="pas du tout" if kind == QuestionKind.SCALE else "",
            scale_max_label="beaucoup" if kind == QuestionKind.SCALE else "",
        )
        Choice.objects.bulk_create(
            Choice(question=question, order=i, label=label) for i, label in enumerate(labels)
        )
        questions.append((question, list(question.choices.all())))
    for index in range(12):
        (family, families), (wishes, wish_choices), (scale, _none), (idea, _none2) = questions
        answers = [
            AnswerData(question=family, choices=[families[rng.randrange(len(families))]]),
            AnswerData(question=wishes, choices=rng.sample(wish_choices, k=rng.randint(1, 3))),
            AnswerData(question=scale, number=rng.randint(1, 5)),
        ]
        if index < len(SURVEY_IDEAS):
            answers.append(AnswerData(question=idea, text=SURVEY_IDEAS[index]))
        submit_response(survey, answers)
