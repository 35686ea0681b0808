"""A template's content arranged for reading: phases in order with their workshops."""

from __future__ import annotations

from essor.bodies.models import BodyKind
from essor.processes.models import WorkshopTemplate


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def outline(structure: dict) -> dict:
    """``groups``: each phase with its workshops and deliverables, then a group
    without phase (``phase`` None) when some are not attached; ``bodies`` with
    the label of their kind."""
    structure = structure or {}
    groups = [
        {"phase": phase, "workshops": [], "deliverables": []}
        for phase in structure.get("phases") or []
    ]
    by_key = {group["phase"].get("key"): group for group in groups}
    loose = {"phase": None, "workshops": [], "deliverables": []}
    for workshop in structure.get("workshops") or []:
        item = {
            **workshop,
            "audience_label": _label(WorkshopTemplate.Audience, workshop.get("audience")),
        }
        by_key.get(workshop.get("phase"), loose)["workshops"].append(item)
    for deliverable in structure.get("deliverables") or []:
        by_key.get(deliverable.get("phase"), loose)["deliverables"].append(deliverable)
    if loose["workshops"] or loose["deliverables"]:
        groups.append(loose)
    bodies = [
        {**body, "kind_label": _label(BodyKind, body.get("kind"))}
        for body in structure.get("bodies") or []
    ]
    return {"groups": groups, "bodies": bodies}
