"""The follow-up demo: a plan the council adopted two years before the day the demo is
loaded, followed since then (reports, indicator values), with its follow-up committee,
one working group per axis, a committee decision that reoriented two actions and the
amended version it made. Loaded by `make run` beside the demo process under way.

Every date is counted back from the day of loading, so the story holds on any day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from essor.bodies.models import Body, BodyKind, BodyMember
from essor.decisions.models import Outcome
from essor.decisions.services import record_decision
from essor.followup import campaigns, services
from essor.followup.campaign_models import Campaign, CampaignLink
from essor.followup.models import IndicatorValue, ProgressReport
from essor.meetings.models import Audience, Meeting, MeetingKind
from essor.plans import history, scenarios, validation
from essor.plans import services as plan_services
from essor.plans.models import Axis, PlanKind
from essor.plans.services import ActionData
from essor.processes.models import Membership, ProcessStatus, Role
from essor.processes.services import create_process_from_template

PARIS = ZoneInfo("Europe/Paris")
FOLLOWUP_TITLE = "Plan ESS de la Ville de Poitiers — suivi de la mise en œuvre"

AXES = [
    ("1", "Structurer et animer l’écosystème de l’ESS"),
    ("2", "Mobiliser la commande publique responsable"),
    ("3", "Soutenir la création et le développement des entreprises de l’ESS"),
]

# axis, title, pilot (index in the demo's people), planned start and end (months after the
# adoption; before it for actions the plan took in, never before the mandate), budget each
# year it runs (operating, investment), indicator (name, unit, baseline, target at the end
# of the mandate, direction), and the report of each year from the adoption's to this one:
# status, progress, note (None: the pilot did not answer). A year before the action starts
# has no report.
ACTIONS = [
    ("1", "Animer un réseau des acteurs de l’ESS", 5, -10, 30, (15000, 0),
     [("Structures membres du réseau", "structures", 20, 60, "up")],
     [("in_progress", 30, "Trois rencontres du réseau, 34 structures inscrites."),
      ("in_progress", 60, "Annuaire en ligne publié ; 48 structures."),
      ("in_progress", 75, "Rencontre annuelle préparée avec la CRESS.")]),
    ("1", "Organiser le Mois de l’ESS chaque novembre", 2, -3, 70, (8000, 0),
     [("Participants aux événements", "personnes", 400, 1500, "up")],
     [("done", 100, "Première édition : 12 événements, 650 participants."),
      ("in_progress", 50, "Deuxième édition en préparation avec 20 structures."),
      ("in_progress", 80, "Programme bouclé, 18 événements annoncés.")]),
    ("1", "Créer un pôle territorial de coopération économique", 7, 12, 36, (20000, 50000),
     [("Emplois créés par le pôle", "ETP", 0, 25, "up")],
     [None,
      ("blocked", 10, "Le portage juridique du pôle n’est pas arrêté : la SCIC est "
                      "envisagée, l’association aussi."),
      ("paused", 20, "En attente de l’étude de préfiguration.")]),
    ("2", "Adopter le schéma des achats responsables (SPASER)", 4, -8, 18, (5000, 0),
     [("Part des marchés avec une clause sociale", "%", 8, 20, "up")],
     [("in_progress", 50, "Diagnostic des achats réalisé."),
      ("done", 100, "Schéma adopté en conseil."),
      ("done", 100, "Premier bilan annuel présenté aux élus.")]),
    ("2", "Réserver des lots aux structures d’insertion", 4, 10, 56, (0, 0),
     [("Heures d’insertion dans les marchés", "heures", 40000, 70000, "up")],
     [None,
      ("in_progress", 40, "Deux marchés de nettoyage réservés."),
      ("in_progress", 55, "Lot espaces verts réservé ; le marché de restauration a "
                          "pris du retard.")]),
    ("2", "Former les acheteurs aux clauses sociales et environnementales", 4, -2, 20, (6000, 0),
     [("Acheteurs formés", "personnes", 0, 40, "up")],
     [("in_progress", 40, "Deux sessions, 16 acheteurs."),
      ("in_progress", 70, "28 acheteurs formés."),
      None]),
    ("3", "Ouvrir un incubateur de l’ESS", 9, 8, 40, (30000, 120000),
     [("Projets incubés", "projets", 0, 30, "up")],
     [None,
      ("in_progress", 25, "Locaux trouvés au tiers-lieu ; premier appel à projets."),
      ("in_progress", 45, "Huit projets accompagnés.")]),
    ("3", "Accompagner la reprise d’entreprises en SCOP", 8, -1, 54, (10000, 0),
     [("Reprises en SCOP accompagnées", "reprises", 0, 8, "up")],
     [("not_started", 0, "Convention avec l’Union régionale des SCOP en cours."),
      ("in_progress", 20, "Une reprise accompagnée (imprimerie)."),
      ("in_progress", 35, "Deux reprises à l’étude.")]),
    ("3", "Créer un fonds de prêts d’honneur pour l’ESS", 5, 0, 30, (0, 100000),
     [("Prêts d’honneur accordés", "prêts", 0, 40, "up")],
     [("in_progress", 20, "Fonds constitué avec France Active."),
      ("in_progress", 45, "14 prêts accordés."),
      ("in_progress", 60, "22 prêts accordés ; le rythme ralentit.")]),
]  # fmt: skip

# Measured values of each action's indicator, one per year since the adoption.
VALUES = [
    [34, 48, 55],
    [650, 820, None],
    [None, 0, 2],
    [9, 13, 15],
    [41000, 46000, 52000],
    [16, 28, None],
    [None, 3, 8],
    [0, 1, 1],
    [None, 14, 22],
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def _months_later(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def build_followup_demo(*, workspace, users, people, organisations, territories, template,
                        today: dt.date) -> object:  # fmt: skip
    """The followed process; ``users`` maps the demo e-mails to accounts."""
    facilitator = users["animatrice@essor.demo"]
    adopted_on = today.replace(year=today.year - 2, day=min(today.day, 28))
    first = adopted_on.year
    process = create_process_from_template(
        workspace=workspace,
        template=template,
        title=FOLLOWUP_TITLE,
        territories=territories,
        created_by=facilitator,
        start_date=dt.date(first - 1, 1, 15),
        end_date=dt.date(first + 5, 12, 31),
        ambition="<p>Le plan adopté par le conseil municipal, suivi action par action "
        "avec les pilotes, les partenaires et le comité de suivi.</p>",
    )
    process.status = ProcessStatus.FOLLOW_UP
    process.is_published = True
    process.save()
    process.organisations.set(organisations)
    for email, role in [("animatrice@essor.demo", Role.FACILITATOR),
                        ("copil@essor.demo", Role.COMMITTEE_MEMBER),
                        ("contributeur@essor.demo", Role.CONTRIBUTOR)]:  # fmt: skip
        Membership.objects.update_or_create(
            process=process, user=users[email], defaults={"role": role}
        )
    plan = plan_services.create_plan(
        process=process,
        name=f"Plan d’action ESS {first}-{first + 5}",
        actor=facilitator,
        mandate_start=first,
        mandate_end=first + 5,
        introduction="Neuf actions en trois axes, adoptées en conseil municipal.",
        follow_up="Un point d’avancement par an et par action, un comité de suivi annuel "
        "en juin, un groupe de travail par axe.",
    )
    axes = {
        number: plan_services.save_axis(
            Axis(plan=plan, number=number, title=title, order=index), actor=facilitator
        )
        for index, (number, title) in enumerate(AXES, 1)
    }
    actions = []
    for order, row in enumerate(ACTIONS, 1):
        axis, title, pilot, start, end, (operating, investment), indicators, _reports = row
        # Some actions were under way before the vote (the plan took them in).
        start_date = max(_months_later(adopted_on, start), dt.date(first, 1, 1))
        end_date = min(
            _months_later(adopted_on, end + 1) - dt.timedelta(days=1), dt.date(first + 5, 12, 31)
        )
        budget = [
            {"year": year, "nature": nature, "planned": Decimal(amount)}
            for year in range(start_date.year, end_date.year + 1)
            for nature, amount in (("operating", operating), ("investment", investment))
            if amount
        ]
        action = plan_services.create_action(
            plan=plan,
            data=ActionData(
                fields={
                    "title": title,
                    "axis": axes[axis],
                    "status": "retained",
                    "order": order,
                    "start_date": start_date,
                    "end_date": end_date,
                    "pilot_people": [people[pilot]],
                },
                children={
                    "budget_lines": budget,
                    "indicators": [
                        {
                            "name": name,
                            "unit": unit,
                            "baseline": Decimal(baseline),
                            "baseline_year": first,
                            "target": Decimal(target),
                            "target_year": first + 5,
                            "direction": direction,
                            "source": "",
                        }
                        for name, unit, baseline, target, direction in indicators
                    ],  # fmt: skip
                },
            ),
            actor=facilitator,
        )
        actions.append(action)
    validation.record_prior_adoption(plan, adopted_on=adopted_on, actor=facilitator)
    _report(actions, first, today, facilitator)
    committee, meeting = _governance(process, axes, people, adopted_on, today, facilitator)
    amended = _amend(plan, actions, committee, meeting, facilitator)
    _campaigns(plan, amended, timezone.localtime(meeting.starts_at).date(), today, facilitator)
    return process


def _report(actions, first: int, today: dt.date, facilitator) -> None:
    """The pilots' reports and the measured values of each year since the adoption, dated
    in their year (the current year's on the days before loading)."""
    for action, row, values in zip(actions, ACTIONS, VALUES, strict=True):
        indicator = action.indicators.get()
        pilot = row[2]
        for offset, report in enumerate(row[-1]):
            year = first + offset
            if year < action.start_date.year or year > today.year:
                continue
            when = _at(min(dt.date(year, 12, 10), today - dt.timedelta(days=3)), 10)
            if report is not None:
                status, progress, note = report
                budget = {b.nature: b.planned for b in action.budget_lines.all() if b.year == year}
                entry, _others = services.record_report(
                    action,
                    year=year,
                    status=status,
                    progress=progress,
                    note=note,
                    note_is_public=offset != 1 or pilot != 7,
                    spent_operating=(budget.get("operating") or 0) * 8 // 10,
                    spent_investment=(budget.get("investment") or 0) * 6 // 10,
                    actor=facilitator,
                    author_label=str(action.pilot_people.first()),
                )
                ProgressReport.objects.filter(pk=entry.pk).update(created_at=when)
            if values[offset] is not None:
                value = services.record_indicator_value(
                    indicator,
                    year=year,
                    value=Decimal(values[offset]),
                    actor=facilitator,
                    kind="estimate" if year == today.year else "result",
                    source="Tableau de bord de la direction du développement économique",
                )
                IndicatorValue.objects.filter(pk=value.pk).update(created_at=when)


def _governance(process, axes, people, adopted_on: dt.date, today: dt.date, facilitator):
    committee = Body.objects.create(
        process=process, kind=BodyKind.FOLLOW_UP, name="Comité de suivi du plan ESS",
        short_name="Comité de suivi", order=1,
    )  # fmt: skip
    for person, role in [(people[0], "Présidente"), (people[1], "Membre"),
                         (people[2], "Animatrice"), (people[5], "Membre")]:  # fmt: skip
        BodyMember.objects.create(body=committee, person=person, role=role)
    for index, (number, axis) in enumerate(axes.items(), 2):
        group = Body.objects.create(
            process=process, kind=BodyKind.WORKING_GROUP, axis=axis, order=index,
            name=f"Groupe de travail de l’axe {number}", short_name=f"GT {number}",
        )  # fmt: skip
        for person in (people[2], people[3 + index]):
            BodyMember.objects.get_or_create(body=group, person=person)
    # Last June's committee (this year's if June has passed), and next year's.
    june = dt.date(today.year if today.month > 6 else today.year - 1, 6, 18)
    held = Meeting.objects.create(
        process=process, body=committee, kind=MeetingKind.FOLLOW_UP,
        title="Comité de suivi annuel", starts_at=_at(june, 14), ends_at=_at(june, 16),
        place="Hôtel de ville de Poitiers, salle du conseil", audience=Audience.JOINT,
        minutes="<p>Bilan de l’année écoulée ; deux actions réorientées.</p>",
    )  # fmt: skip
    Meeting.objects.create(
        process=process, body=committee, kind=MeetingKind.FOLLOW_UP,
        title="Comité de suivi annuel", starts_at=_at(june.replace(year=june.year + 1), 14),
        ends_at=_at(june.replace(year=june.year + 1), 16),
        place="Hôtel de ville de Poitiers, salle du conseil", audience=Audience.JOINT,
    )  # fmt: skip
    return committee, held


def _amend(plan, actions, committee, meeting, facilitator) -> None:
    """The committee reoriented two actions: the amended version, validated, is followed
    from then on (the reports and values carry over by identity)."""
    pole, incubator = actions[2], actions[6]
    decided_on = timezone.localtime(meeting.starts_at).date()
    for action, proposal in [
        (pole, "Reporter le pôle d’un an et le porter en SCIC, après l’étude de préfiguration."),
        (incubator, "Porter l’objectif à 40 projets incubés : la demande dépasse l’offre."),
    ]:
        item = plan_services.propose_reorientation(action, proposal=proposal, actor=facilitator)
        plan_services.decide_reorientation(
            item, accept=True, response="Retenu par le comité de suivi.", actor=facilitator
        )
    record_decision(
        body=committee,
        meeting=meeting,
        decided_on=decided_on,
        summary="Le comité de suivi réoriente deux actions : le pôle territorial de "
        "coopération est reporté d’un an, l’objectif de l’incubateur est relevé.",
        outcome=Outcome.VALIDATED,
        subject=plan,
        recorded_by=facilitator,
    )
    amended = scenarios.duplicate_plan(
        plan, name=f"{plan.name} — version amendée", kind=PlanKind.VERSION, actor=facilitator
    )
    pole = amended.actions.get(lineage=pole.lineage)
    plan_services.update_action(
        pole,
        ActionData(fields={"end_date": pole.end_date.replace(year=pole.end_date.year + 1)}),
        expected_version=pole.version,
        actor=facilitator,
    )
    incubator = amended.actions.get(lineage=incubator.lineage)
    (indicator,) = history.children_of(incubator)["indicators"]
    plan_services.update_action(
        incubator,
        ActionData(children={"indicators": [{**indicator, "target": Decimal(40)}]}),
        expected_version=incubator.version,
        actor=facilitator,
    )
    validation.record_prior_adoption(amended, adopted_on=decided_on, actor=facilitator)
    return amended


def _campaigns(voted, amended, amended_on: dt.date, today: dt.date, facilitator) -> None:
    """The reporting campaigns of the two years since the adoption, closed (their figures
    kept), and this year's, open, its deadline passed a few days ago: some pilots are late.
    No e-mail leaves while the demo loads: the links are marked as sent."""
    first = voted.mandate_start
    for year in (first, first + 1):
        opened = min(dt.date(year + 1, 1, 10), today - dt.timedelta(days=45))
        plan = voted if opened < amended_on else amended
        campaign = campaigns.open_campaign(
            plan, year=year, deadline=opened + dt.timedelta(days=30), actor=facilitator,
            message=f"Merci de faire le point {year} de vos actions avant le comité de suivi.",
            today=opened,
        )  # fmt: skip
        _sent(campaign, opened)
        closed = campaigns.close_campaign(
            campaign, facilitator, today=opened + dt.timedelta(days=40)
        )
        Campaign.objects.filter(pk=closed.pk).update(
            opened_at=_at(opened, 9), closed_at=_at(opened + dt.timedelta(days=40), 9)
        )
    opened = today - dt.timedelta(days=25)
    campaign = campaigns.open_campaign(
        amended, year=today.year, deadline=today - dt.timedelta(days=4), actor=facilitator,
        message="Point d’étape de l’année : statut, avancement, dépenses et indicateurs.",
        today=opened,
    )  # fmt: skip
    _sent(campaign, opened)
    Campaign.objects.filter(pk=campaign.pk).update(opened_at=_at(opened, 9))


def _sent(campaign, day: dt.date) -> None:
    links = list(campaign.links.all())
    for link in links:
        link.issue_token()  # the token is dropped: nobody received it
        link.issued_at = link.sent_at = _at(day, 9)
    CampaignLink.objects.bulk_update(links, ["token_hash", "issued_at", "sent_at"])
