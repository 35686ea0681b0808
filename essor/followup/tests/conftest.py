"""A plan the council adopted in 2024, followed: two axes, retained actions with planned
dates, milestones, budget lines and indicators, and one action not retained."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from essor.plans import services, validation
from essor.plans.models import Axis
from essor.plans.services import ActionData


@dataclass
class Followed:
    plan: object
    place: object  # retained, 2024-2025: late unless done
    network: object  # retained, starts 2027, has a sub-axis
    training: object  # retained, no dates: planned through its milestones
    dropped: object  # not retained: not followed
    jobs: object  # indicator of ``place``: up, 10 -> 50 in 2028
    waste: object  # indicator of ``network``: down, 100 -> 60 in 2028


def _action(plan, actor, title, axis, status="retained", **children):
    fields = {"title": title, "axis": axis, "status": status}
    fields.update(children.pop("fields", {}))
    if status == "not_retained":
        fields["status_reason"] = "Hors compétence"
    return services.create_action(
        plan=plan, data=ActionData(fields=fields, children=children), actor=actor
    )


@pytest.fixture
def followed(cast):
    actor = cast.facilitator
    plan = services.create_plan(
        process=cast.process, name="Plan adopté", actor=actor, mandate_start=2024, mandate_end=2030
    )
    first = services.save_axis(Axis(plan=plan, number="1", title="Coopérer", order=1), actor=actor)
    second = services.save_axis(
        Axis(plan=plan, number="2", title="Acheter responsable", order=2), actor=actor
    )
    sub = services.save_axis(
        Axis(plan=plan, parent=second, number="2.1", title="Clauses", order=3), actor=actor
    )
    place = _action(
        plan, actor, "Un tiers-lieu de l'ESS", first,
        fields={"start_date": dt.date(2024, 9, 1), "end_date": dt.date(2025, 12, 31)},
        budget_lines=[
            {"year": 2025, "nature": "operating", "planned": Decimal("20000")},
            {"year": 2025, "nature": "investment", "planned": Decimal("150000")},
        ],
        indicators=[{"name": "Emplois créés", "unit": "emplois", "baseline": Decimal(10),
                     "target": Decimal(50), "target_year": 2028}],
    )  # fmt: skip
    network = _action(
        plan, actor, "Un réseau des recycleries", sub,
        fields={"start_date": dt.date(2027, 1, 1), "end_date": dt.date(2029, 12, 31)},
        budget_lines=[{"year": 2025, "nature": "operating", "planned": Decimal("5000.50")}],
        indicators=[{"name": "Déchets enfouis", "unit": "t", "baseline": Decimal(100),
                     "target": Decimal(60), "target_year": 2028}],
    )  # fmt: skip
    training = _action(
        plan, actor, "Former les élus", first,
        milestones=[{"date": dt.date(2024, 10, 1), "label": "Première session"},
                    {"date": dt.date(2025, 3, 1), "label": "Dernière session"}],
    )  # fmt: skip
    dropped = _action(plan, actor, "Une monnaie locale", second, status="not_retained")
    validation.record_prior_adoption(plan, adopted_on=dt.date(2024, 6, 20), actor=actor)
    waste = network.indicators.get()
    waste.direction = "down"
    waste.baseline_year = 2024
    waste.save()
    jobs = place.indicators.get()
    jobs.baseline_year = 2024
    jobs.save()
    plan.refresh_from_db()
    for action in (place, network, training, dropped):
        action.refresh_from_db()
    return Followed(plan, place, network, training, dropped, jobs, waste)
