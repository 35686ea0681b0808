"""The demo plan of the demo process: axes, actions, sources, a scenario, a submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from essor.bodies.models import BodyKind
from essor.organisations.models import Organisation, Person
from essor.plans import scenarios, services, validation
from essor.plans.models import Axis, PlanKind
from essor.plans.services import ActionData
from essor.surveys.models import Answer
from essor.synthesis.models import Theme

AXES = [
    # number, title, vision, parent number
    ("1", "Structurer et animer l’écosystème de l’ESS",
     "Des acteurs qui se connaissent, coopèrent et sont visibles sur tout le territoire.", None),
    ("1.1", "Mettre en réseau les acteurs", "", "1"),
    ("1.2", "Observer et faire connaître l’ESS", "", "1"),
    ("2", "Mobiliser la commande publique et les financements",
     "La collectivité achète et finance autrement, dans la durée.", None),
    ("3", "Accompagner les transitions par l’ESS",
     "L’ESS au service de l’alimentation, du réemploi et des mobilités.", None),
]  # fmt: skip

# axis, title, status, reason, priority, start, end, pilots, partners, departments, levers,
# themes, words of the contributions it comes from, description
ACTIONS = [
    ("1.1", "Créer un pôle territorial de coopération économique (PTCE)", "retained", "",
     "high", "2027-04-01", "2029-12-31", ["Chambre régionale de l’ESS (fictive)"],
     ["Recyclerie du Clain", "Tiers-lieu des Couronneries"],
     ["Direction du développement économique"], ["Un réseau d’acteurs"],
     ["coopération"], ["PTCE", "connaissent"],
     "Préfigurer puis lancer un PTCE réunissant recycleries, tiers-lieux et coopératives."),
    ("1.1", "Un guichet unique d’accompagnement des porteurs de projets", "in_progress", "",
     "high", "2026-10-01", "2028-06-30", ["Chambre régionale de l’ESS (fictive)"],
     ["Club des entreprises du Grand Poitiers"], ["Direction du développement économique"],
     ["Une plateforme numérique"], ["accompagnement"], ["guichet", "accompagnateurs"],
     "Un parcours commun CRESS, CCI et BGE, avec un annuaire en ligne tenu à jour."),
    ("1.2", "Le mois de l’ESS comme rendez-vous annuel", "retained", "", "medium",
     "2027-11-01", "2032-11-30", ["Direction du développement économique"], [],
     ["Direction du développement économique"], ["Un événement"], ["visibilité"],
     ["mois de l’ESS"], "Chaque novembre, un programme porté par les acteurs et la ville."),
    ("1.2", "Former les élus et les agents à l’ESS", "retained", "", "medium", "2027-09-01",
     "2028-06-30", ["Direction des solidarités et de la vie associative"],
     ["Chambre régionale de l’ESS (fictive)"],
     ["Direction des solidarités et de la vie associative",
      "Direction de la commande publique"],
     ["Formation des élus et des agents"], ["sensibilisation"], ["Former"],
     "Deux sessions par an pour les élus et les agents des directions."),
    ("2", "Clauses sociales et lots réservés dans les marchés", "retained", "", "high",
     "2027-03-01", "2030-12-31", ["Direction de la commande publique"],
     ["Recyclerie du Clain", "SCIC Alimentation Vienne"],
     ["Direction de la commande publique", "Direction du développement économique"],
     ["Commande publique responsable"], ["commande publique"], ["Clauses", "lots trop gros"],
     "Un schéma de promotion des achats socialement et écologiquement responsables."),
    ("2", "Des conventions pluriannuelles d’objectifs", "proposed", "", "medium", "", "",
     [], [], ["Direction des solidarités et de la vie associative"],
     ["Convention pluriannuelle d’objectifs"], ["financement"], ["pluriannuelles"],
     "Remplacer une partie des appels à projets par des conventions de trois ans."),
    ("3", "Ouvrir la cuisine centrale aux producteurs locaux", "retained", "", "medium",
     "2028-01-01", "2030-12-31", ["SCIC Alimentation Vienne"], [],
     ["Direction de la commande publique"], ["Prise de participation au capital d’une SCIC"],
     ["alimentation"], ["cuisine centrale"],
     "Entrée de la collectivité au capital de la SCIC et approvisionnement de la cuisine."),
    ("1", "Une maison de l’ESS", "not_retained",
     "Option non retenue : pas de local disponible avant 2029 ; le PTCE et le tiers-lieu "
     "existant jouent ce rôle.", "low", "", "", [], [], [], ["Un lieu ou tiers-lieu"],
     ["coopération"], ["lieu pour se croiser"], "Un lieu totem des acteurs de l’ESS."),
]  # fmt: skip


def _orgs(names):
    return list(Organisation.objects.filter(name__in=names))


def _themes_of(contributions, limit: int = 2) -> list:
    """The synthesis themes holding most of the action's source contributions (issue 6)."""
    return list(
        Theme.objects.lettered()
        .filter(placements__contribution__in=contributions)
        .annotate(n=Count("placements"))
        .order_by("-n", "order")[:limit]
    )


def build_demo_plan(
    process, *, facilitator, shift: dt.timedelta = dt.timedelta(0), today: dt.date | None = None
) -> None:
    """A draft plan submitted to the COTECH, with sources, comments, and a named scenario.

    The dates of ``ACTIONS`` are those of the demo's story; ``shift`` moves them with the
    rest of the demo's calendar, and milestones before ``today`` are reached.
    """
    today = today or timezone.localdate()
    # The mandate moves with the story, far enough to hold the latest action's end.
    first_year = (dt.date(2026, 9, 7) + shift).year
    last_year = (dt.date(2032, 12, 31) + shift).year
    plan = services.create_plan(
        process=process,
        name=f"Feuille de route ESS {first_year + 1}-{last_year}",
        actor=facilitator,
        mandate_start=first_year,
        mandate_end=last_year,
        introduction="Premier plan d’action, à deux échelles : la Ville et la communauté urbaine.",
        follow_up="Un groupe de travail par axe ; un comité de suivi annuel en juin, qui revoit "
        "chaque action et ses indicateurs.",
    )
    axes = {}
    for number, title, vision, parent in AXES:
        axes[number] = services.save_axis(
            Axis(plan=plan, parent=axes.get(parent), number=number, title=title, vision=vision),
            actor=facilitator,
        )
    levers = {lever.name: lever for lever in process.plan_levers.all()}
    nadia = Person.objects.filter(user=facilitator).first()
    contributions = list(process.contributions.all())
    answers = list(Answer.objects.filter(response__survey__process=process).exclude(text=""))
    for row in ACTIONS:
        (axis, title, status, reason, priority, start, end, pilots, partners, departments,
         lever_names, themes, words, description) = row  # fmt: skip
        start_date = dt.date.fromisoformat(start) + shift if start else None
        linked = [c for c in contributions if any(w.lower() in c.text.lower() for w in words)]
        action = services.create_action(
            plan=plan,
            data=ActionData(
                fields={
                    "title": title,
                    "axis": axes[axis],
                    "status": status,
                    "status_reason": reason,
                    "priority": priority,
                    "description": description,
                    "start_date": start_date,
                    "end_date": dt.date.fromisoformat(end) + shift if end else None,
                    "pilot_organisations": _orgs(pilots),
                    "pilot_people": [nadia] if nadia and axis.startswith("1.2") else [],
                    "partners": _orgs(partners),
                    "departments": _orgs(departments),
                    "levers": [levers[name] for name in lever_names if name in levers],
                    "themes": themes,
                    "audiences": ["structures de l’ESS"] if status != "not_retained" else [],
                    "synthesis_themes": _themes_of(linked),
                },
                children=_children(title, start_date, today),
            ),
            actor=facilitator,
        )
        services.link_sources(
            action,
            contributions=linked,
            answers=[a for a in answers if any(w.lower() in a.text.lower() for w in words)],
            actor=facilitator,
        )
    first = plan.actions.get(title__startswith="Créer un pôle")
    copil_member = process.memberships.filter(role="committee_member").first()
    if copil_member:
        services.add_comment(
            first, text="Bien articuler le PTCE avec le tiers-lieu existant.",
            actor=copil_member.user,
        )  # fmt: skip
        services.propose_reorientation(
            plan.actions.get(title__startswith="Des conventions"),
            proposal="Commencer par les cinq associations les plus dépendantes des appels à "
            "projets, puis élargir.",
            actor=copil_member.user,
        )
    scenario = scenarios.duplicate_plan(
        plan, name="Scénario ambitieux", kind=PlanKind.SCENARIO, actor=facilitator
    )
    services.create_action(
        plan=scenario,
        data=ActionData(fields={"title": "Un fonds de prêts d’honneur pour les SCIC",
                                "axis": scenario.axes.get(number="2"), "status": "retained",
                                "priority": "medium"}),
        actor=facilitator,
    )  # fmt: skip
    cotech = process.bodies.filter(kind=BodyKind.TECHNICAL).first()
    if cotech is not None:  # awaiting the COTECH's decision, to be recorded in the demo
        validation.submit_plan(plan, body=cotech, actor=facilitator)


# Per action (by the start of its title): budget lines (year from the start, nature,
# planned, actual), funders, indicators (name, unit, baseline, target, years to target)
# and milestones (months from the start, label). Actual spending only where it began.
CHILDREN = {
    "Créer un pôle": (
        [(0, "operating", "25000", None), (1, "operating", "42000", None),
         (1, "investment", "15000", None), (2, "operating", "38500", None)],
        [("Région Nouvelle-Aquitaine", "30000"), ("Banque des Territoires", "20000"),
         ("Fonds social européen (FSE+)", "12500")],
        [("Structures membres du PTCE", "structures", "0", "25", 2),
         ("Emplois créés ou consolidés", "emplois", "0", "40", 3)],
        [(0, "Étude de préfiguration"), (9, "Assemblée constitutive du PTCE")],
    ),
    "Un guichet unique": (
        [(0, "operating", "18000", "6450.80"), (1, "operating", "22000", None)],
        [("Ville de Poitiers", "12000"), ("CCI de la Vienne", "5000")],
        [("Porteurs de projets accompagnés", "porteurs", "35", "120", 2),
         ("Délai moyen avant un premier rendez-vous", "jours", "30", "10", 1)],
        [(0, "Ouverture du guichet"), (8, "Annuaire en ligne des accompagnateurs")],
    ),
    "Le mois de l’ESS": (
        [(0, "operating", "8000", None), (1, "operating", "9500", None)],
        [("Ville de Poitiers", "6000"), ("Crédit Coopératif (mécénat)", "2500")],
        [("Participants aux événements", "personnes", "400", "1500", 3),
         ("Structures organisatrices", "structures", "12", "40", 3)],
        [(0, "Première édition")],
    ),
    "Former les élus": (
        [(0, "operating", "6500", None), (1, "operating", "4200", None)],
        [("CNFPT", "3000")],
        [("Élus et agents formés", "personnes", "0", "80", 1),
         ("Satisfaction des participants", "note sur 10", "7.5", "8.5", 1)],
        [(0, "Première session"), (6, "Seconde session")],
    ),
    "Clauses sociales": (
        [(0, "operating", "12000", None), (1, "operating", "12000", None)],
        [("Plan local pour l’insertion et l’emploi (PLIE)", "6000")],
        [("Heures d’insertion réalisées", "heures", "8000", "25000", 3),
         ("Part des marchés avec une clause sociale", "%", "4.5", "15", 3)],
        [(0, "Schéma des achats responsables adopté"), (12, "Premiers lots réservés")],
    ),
    "Ouvrir la cuisine centrale": (
        [(0, "investment", "150000", None), (0, "operating", "10000", None),
         (1, "operating", "12500", None)],
        [("Banque des Territoires", "50000"), ("État : projet alimentaire territorial", "30000")],
        [("Part de produits locaux dans les repas", "%", "18", "45", 3),
         ("Producteurs fournisseurs", "producteurs", "3", "25", 3)],
        [(0, "Entrée au capital de la SCIC"), (12, "Premiers repas approvisionnés")],
    ),
}  # fmt: skip


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _children(title: str, start: dt.date | None, today: dt.date) -> dict:
    row = next((value for key, value in CHILDREN.items() if title.startswith(key)), None)
    if start is None or row is None:
        return {}
    budget, fundings, indicators, milestones = row
    year = start.year
    return {
        "milestones": [
            {"date": day, "label": label, "done": day <= today}
            for day, label in ((_months_later(start, m), label) for m, label in milestones)
        ],
        "budget_lines": [
            {
                "year": year + offset,
                "nature": nature,
                "planned": Decimal(planned),
                "actual": Decimal(actual) if actual else None,
            }
            for offset, nature, planned, actual in budget
        ],  # fmt: skip
        "fundings": [{"funder": f, "amount": Decimal(amount)} for f, amount in fundings],
        "indicators": [
            {
                "name": name,
                "unit": unit,
                "baseline": Decimal(baseline),
                "target": Decimal(target),
                "target_year": year + years,
            }
            for name, unit, baseline, target, years in indicators
        ],  # fmt: skip
    }
