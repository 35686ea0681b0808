"""What the roadmap documents of the process around the plan, live or as validated.

The roadmap (documents, public page, plan pages) shows facts owned by other
apps: the observatory's diagnostic, the phases and meetings of the method, the
contribution counts of the concertation, and the names of the organisations and
people acting in each action. A frozen plan must read as it was validated, so
these are copied when it is frozen (``Plan.frozen_roadmap`` and
``Action.frozen_labels``) and read from the copy ever after; drafts read the
live data.

Person labels are stored with the person's id ([id, label]) so that erasing a
person (RGPD) can replace the label in validated plans: ``erase_person_labels``.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.utils import timezone

from essor.observatory.diagnostic import DiagnosticError, diagnose
from essor.plans.models import Action, Plan

# A process may cover many communes: the roadmap summarises the largest ones.
MAX_TERRITORIES = 5
# The themes typed on contributions, listed when the synthesis has no lettered themes.
MAX_TYPED_THEMES = 30
# The action fields naming organisations or people of the directory.
LABELLED_FIELDS = ["pilot_organisations", "pilot_people", "partners", "departments"]
ERASED_PERSON = "personne effacée"


def diagnostics(process) -> list[dict]:
    """The observatory's diagnostic of each of the process's (largest) territories;
    empty when no register is imported or the territories are unknown to it."""
    results = []
    for territory in process.territories.order_by("-population", "name")[:MAX_TERRITORIES]:
        try:
            results.append(diagnose(territory))
        except DiagnosticError:
            # No register imported (the same for every territory): no diagnostic at all.
            return []
    # Stored as JSON on a frozen plan: the live and the stored facts must look alike.
    return json.loads(json.dumps(results, cls=DjangoJSONEncoder))


def live_facts(process) -> dict:
    """The facts the roadmap shows, read now from the process and the observatory."""
    contributions = process.contributions.kept()
    kinds = contributions.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    typed = (
        contributions.exclude(theme="")
        .values("theme")
        .annotate(n=Count("id"))
        .order_by("-n", "theme")[:MAX_TYPED_THEMES]
    )
    return {
        "diagnostics": diagnostics(process),
        "phases": [
            {"name": p.name, "start": _iso(p.start_date), "end": _iso(p.end_date)}
            for p in process.phases.all()
        ],
        "meetings": [
            {"date": timezone.localtime(m.starts_at).date().isoformat(), "title": m.title}
            for m in process.meetings.order_by("starts_at")
        ],
        # Members with their person's id, for the RGPD erasure: [id, name, role].
        "governance": [
            {
                "name": body.name,
                "mission": body.mission,
                "members": [[m.person_id, str(m.person), m.role] for m in body.members.all()],
            }
            for body in process.bodies.prefetch_related("members__person")
        ],
        "contributions": contributions.count(),
        "workshops": process.workshops.count(),
        "surveys": process.surveys.count(),
        "kinds": [[k["kind"], k["n"]] for k in kinds],
        "typed_themes": [[t["theme"], t["n"]] for t in typed],
    }


def roadmap_facts(plan) -> dict:
    """As validated for a frozen plan, else live."""
    if plan.frozen_roadmap is not None:
        return plan.frozen_roadmap
    return live_facts(plan.process)


def day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def action_labels(action) -> dict[str, list[list]]:
    """[id, label] of the organisations and people the action names, as shown now
    (prefetch the LABELLED_FIELDS for lists of actions)."""
    return {name: [[o.pk, str(o)] for o in getattr(action, name).all()] for name in LABELLED_FIELDS}


def shown_labels(action, name: str) -> list[str]:
    """The names the action shows in one of LABELLED_FIELDS: as validated once frozen."""
    if action.frozen_labels is not None:
        return [label for _pk, label in action.frozen_labels.get(name, [])]
    return [str(o) for o in getattr(action, name).all()]


def erase_person_labels(person_id: int, workspace_id: int) -> int:
    """Replace the person's name by "personne effacée" wherever the validated plans of the
    workspace store it (action pilots, governance); returns how many rows were changed.
    For the RGPD erasure: call it before the person is deleted or anonymised."""
    plans = Plan.objects.filter(process__workspace_id=workspace_id, frozen_at__isnull=False)
    changed_plans = []
    for plan in plans.exclude(frozen_roadmap__isnull=True):
        bodies = plan.frozen_roadmap.get("governance", [])
        if any(member[0] == person_id for body in bodies for member in body["members"]):
            for body in bodies:
                body["members"] = [
                    [pk, ERASED_PERSON if pk == person_id else name, role]
                    for pk, name, role in body["members"]
                ]
            changed_plans.append(plan)
    Plan.objects.bulk_update(changed_plans, ["frozen_roadmap"])
    changed_actions = []
    for action in Action.objects.filter(plan__in=plans).exclude(frozen_labels__isnull=True):
        rows = action.frozen_labels.get("pilot_people", [])
        if any(pk == person_id for pk, _label in rows):
            action.frozen_labels["pilot_people"] = [
                [pk, ERASED_PERSON if pk == person_id else label] for pk, label in rows
            ]
            changed_actions.append(action)
    Action.objects.bulk_update(changed_actions, ["frozen_labels"])
    return len(changed_plans) + len(changed_actions)
