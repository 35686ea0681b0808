"""A survey with every kind of question, on top of the cast."""

from __future__ import annotations

from types import SimpleNamespace

from essor.surveys.models import Choice, Question, QuestionKind, Survey, SurveyStatus


def _question(survey, order, kind, text, choices=(), **extra):
    question = Question.objects.create(survey=survey, order=order, kind=kind, text=text, **extra)
    for position, label in enumerate(choices, start=1):
        Choice.objects.create(question=question, order=position, label=label)
    return question


def make_survey(cast, *, anonymous=True, status=SurveyStatus.OPEN) -> SimpleNamespace:
    from essor.organisations.models import Organisation, OrganisationKind, Person

    process = cast.process
    survey = Survey.objects.create(
        process=process, title="Enquête acteurs ESS", introduction="<p>Merci !</p>",
        anonymous=anonymous, status=status,
    )  # fmt: skip
    family = _question(
        survey, 1, QuestionKind.SINGLE, "Votre structure est-elle…",
        ["Association", "Coopérative", "Entreprise"], required=True, has_other=True,
    )  # fmt: skip
    levers = _question(
        survey, 2, QuestionKind.MULTIPLE, "Quels leviers attendez-vous ?",
        ["Commande publique", "Financement", "Formation"], has_other=True,
    )  # fmt: skip
    coop = family.choices.get(label="Coopérative")
    coop_kind = _question(
        survey, 3, QuestionKind.SHORT_TEXT, "Quelle forme de coopérative ?",
        required=True, condition_choice=coop,
    )  # fmt: skip
    scale = _question(
        survey, 4, QuestionKind.SCALE, "Co-construction des politiques publiques",
        required=True, scale_min_label="pas du tout", scale_max_label="tout à fait",
    )  # fmt: skip
    ranking = _question(
        survey, 5, QuestionKind.RANKING, "Classez ces priorités",
        ["Mobilité", "Alimentation", "Logement"],
    )  # fmt: skip
    free = _question(survey, 6, QuestionKind.LONG_TEXT, "Une idée pour le territoire ?")
    org = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    process.organisations.add(org)
    alice = Person.objects.create(
        workspace=cast.workspace,
        first_name="Alice",
        last_name="Martin",
        email="alice@example.org",
        organisation=org,
    )
    bob = Person.objects.create(
        workspace=cast.workspace, first_name="Bob", last_name="Durand", organisation=org
    )
    return SimpleNamespace(
        process=process, survey=survey, family=family, levers=levers, coop=coop,
        coop_kind=coop_kind, scale=scale, ranking=ranking, free=free, org=org,
        alice=alice, bob=bob,
    )  # fmt: skip


def choice(question, label) -> str:
    return str(question.choices.get(label=label).pk)


def answers(s, *, family="Association", levers=(), coop_kind="", scale="4", ranking=None,
            free="", other="") -> dict:  # fmt: skip
    """POST data of the answer form."""
    data = {
        f"q{s.family.pk}": "other" if family == "other" else choice(s.family, family),
        f"q{s.family.pk}_other": other,
        f"q{s.levers.pk}": [choice(s.levers, label) for label in levers],
        f"q{s.coop_kind.pk}": coop_kind,
        f"q{s.scale.pk}": scale,
        f"q{s.free.pk}": free,
    }
    for label, rank in (ranking or {}).items():
        data[f"q{s.ranking.pk}_r{choice(s.ranking, label)}"] = str(rank)
    return data


def invite(survey, person):
    """A personal link for ``person``: (invitation, token). Only the token's hash is
    stored, so the tests keep the token as the person's e-mail would."""
    from essor.surveys.models import Invitation

    invitation = Invitation(survey=survey, person=person)
    token = invitation.issue_token()
    invitation.save()
    return invitation, token
