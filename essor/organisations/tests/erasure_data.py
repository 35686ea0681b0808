"""A person of the directory who appears everywhere Essor may hold them, and a colleague
who appears in the same places; shared by the erasers' tests of every app."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
NAME = "Hélène Dupré"
EMAIL = "helene.dupre@example.org"


def make_everywhere(cast) -> SimpleNamespace:
    from essor.bodies.models import Body, BodyKind, BodyMember
    from essor.contributions.services import add_contribution
    from essor.core.audit import log_action
    from essor.decisions.models import Decision, Outcome
    from essor.meetings.models import Attendance, Meeting, MeetingKind
    from essor.organisations.models import Organisation, OrganisationKind, Person
    from essor.participation.services import join_workshop
    from essor.plans import services as plans
    from essor.plans.freezing import freeze
    from essor.plans.models import Axis
    from essor.plans.services import ActionData
    from essor.surveys.answering import AnswerData
    from essor.surveys.models import Invitation, Question, QuestionKind, Survey, SurveyStatus
    from essor.surveys.services import convert_answer, submit_response
    from essor.workshops.services import create_workshop

    process, actor = cast.process, cast.facilitator
    org = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    # Her account (Camille Copil, copil@example.org) is another matter: not erased here.
    helene = Person.objects.create(
        workspace=cast.workspace, first_name="Hélène", last_name="Dupré", email=EMAIL,
        role_title="Présidente", organisation=org, user=cast.committee_member,
    )  # fmt: skip
    bob = Person.objects.create(
        workspace=cast.workspace, first_name="Bob", last_name="Durand", email="bob@example.org"
    )
    # Governance: a seat, a meeting list, minutes that name her.
    copil = Body.objects.create(process=process, kind=BodyKind.STEERING, name="Comité de pilotage")
    seats = [BodyMember.objects.create(body=copil, person=p, role="Membre") for p in (helene, bob)]
    meeting = Meeting.objects.create(
        process=process, body=copil, kind=MeetingKind.BODY_MEETING, title="COPIL n°1",
        starts_at=dt.datetime(2026, 1, 15, 14, tzinfo=PARIS),
        minutes="<p>Présents : HELENE DUPRE, Bob Durand.</p>",
    )  # fmt: skip
    attendances = [Attendance.objects.create(meeting=meeting, person=p) for p in (helene, bob)]
    decision = Decision.objects.create(
        body=copil, meeting=meeting, decided_on=dt.date(2026, 1, 15), outcome=Outcome.VALIDATED,
        summary="Présidence confiée à Hélène Dupré", comment="Bob Durand s’abstient",
    )  # fmt: skip
    # A named survey: her response, one answer of which became a contribution.
    survey = Survey.objects.create(
        process=process, title="Enquête acteurs", anonymous=False, status=SurveyStatus.OPEN
    )
    idea = Question.objects.create(
        survey=survey, order=1, kind=QuestionKind.LONG_TEXT, text="Une idée ?"
    )
    responses = {}
    for person, text in (
        (helene, f"Un tiers-lieu. Écrivez-moi : {EMAIL} (Hélène Dupré)"),
        (bob, "Une monnaie locale, Bob Durand"),
    ):
        invitation = Invitation.objects.create(survey=survey, person=person)
        responses[person.pk] = submit_response(
            survey, [AnswerData(question=idea, text=text)], invitation=invitation
        )
    answer = responses[helene.pk].answers.get()
    from_survey = convert_answer(answer, kind="idea", actor=actor)
    # Contributions: hers, one naming her, and a workshop participant who typed her name.
    authored = add_contribution(process=process, text="Mutualiser les locaux", author_person=helene)
    naming = add_contribution(process=process, text="Voir avec dupré hélène pour le local")
    bobs = add_contribution(process=process, text="Un marché de Noël", author_person=bob)
    workshop = create_workshop(
        process=process, title="Atelier acteurs", date=dt.date(2026, 6, 4), questions=["Besoins ?"]
    )
    participant = join_workshop(workshop, name="helene DUPRE")
    first_name_only = join_workshop(workshop, name="Hélène")
    bob_participant = join_workshop(workshop, name="Bob Durand")
    said = add_contribution(
        process=process, workshop=workshop, text="Des achats groupés", participant=participant
    )
    # A plan: she pilots an action (its history names her), comments and proposes from her
    # account; a validated (frozen) plan where she pilots too.
    plan = plans.create_plan(process=process, name="Plan d'action", actor=actor)
    axis = plans.save_axis(Axis(plan=plan, number="1", title="Coopérer"), actor=actor)
    action = plans.create_action(
        plan=plan,
        data=ActionData(fields={"title": "Créer un club", "axis": axis,
                                "description": "Proposée par Hélène Dupré"}),
        actor=actor,
    )  # fmt: skip
    plans.update_action(
        action, ActionData(fields={"pilot_people": [helene, bob]}),
        expected_version=action.version, actor=actor,
    )  # fmt: skip
    action.refresh_from_db()
    plans.update_action(
        action, ActionData(fields={"notes": "Relancer Bob Durand"}),
        expected_version=action.version, actor=actor,
    )  # fmt: skip
    comment = plans.add_comment(
        action, text="Je m'en occupe. Hélène Dupré", actor=cast.committee_member
    )
    bob_comment = plans.add_comment(action, text="Vu avec Bob Durand", actor=actor)
    reorientation = plans.propose_reorientation(
        action, proposal=f"Élargir le club (contact : {EMAIL})", actor=cast.committee_member
    )
    frozen_plan = plans.create_plan(process=process, name="Plan validé", actor=actor)
    frozen_axis = plans.save_axis(Axis(plan=frozen_plan, number="1", title="Agir"), actor=actor)
    frozen_action = plans.create_action(
        plan=frozen_plan,
        data=ActionData(fields={"title": "Acheter", "axis": frozen_axis,
                                "pilot_people": [helene, bob]}),
        actor=actor,
    )  # fmt: skip
    freeze(frozen_plan)
    frozen_plan.save()
    # Its follow-up: a report and an indicator value that name her (entries as stored).
    from essor.followup.models import IndicatorValue, ProgressReport
    from essor.plans.models import Indicator

    ProgressReport.objects.create(
        process=process, lineage=frozen_action.lineage, action=frozen_action, year=2026,
        status="in_progress", note=f"Point fait avec {NAME} en mairie", author_label=NAME,
    )  # fmt: skip
    indicator = Indicator.objects.create(action=frozen_action, name="Clubs créés")
    IndicatorValue.objects.create(
        indicator=indicator, year=2026, value=1, comment=f"Compté par {EMAIL}",
        source="Tableau de Dupré Hélène", author_label="Hélène Dupré",
    )  # fmt: skip
    # Audit entries that a past version of the code, or a script, filled with her name.
    log_action(actor, "person.imported", helene, name=NAME, email=EMAIL.upper())
    log_action(actor, "note", None, people=[{"name": "Dupré Hélène"}, {"name": "Bob Durand"}])
    return SimpleNamespace(
        process=process, org=org, helene=helene, bob=bob, copil=copil, seats=seats,
        meeting=meeting, attendances=attendances, decision=decision, survey=survey,
        responses=responses, answer=answer, from_survey=from_survey, authored=authored,
        naming=naming, bobs=bobs,
        workshop=workshop, participant=participant, first_name_only=first_name_only,
        bob_participant=bob_participant, said=said, plan=plan, action=action, comment=comment,
        bob_comment=bob_comment, reorientation=reorientation, frozen_plan=frozen_plan,
        frozen_action=frozen_action,
    )  # fmt: skip
