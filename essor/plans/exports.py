"""CSV and XLSX export of the actions of a plan: one row per action, the import's columns."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

from essor.core.spreadsheet import safe_cell, workbook_bytes
from essor.plans import history
from essor.plans.models import Plan

# (key, French header) — the import reads the same headers (essor.plans.importing).
COLUMNS = [
    ("axis", _("Axis")),
    ("axis_vision", _("Vision of the axis")),
    ("sub_axis", _("Sub-axis")),
    ("sub_axis_vision", _("Vision of the sub-axis")),
    ("title", _("Title")),
    ("parent", _("Parent action")),
    ("description", _("Description")),
    ("objectives", _("Objectives")),
    ("expected_effects", _("Expected effects")),
    ("status", _("Status")),
    ("status_reason", _("Reason")),
    ("priority", _("Priority")),
    ("start_date", _("Start")),
    ("end_date", _("End")),
    ("pilots", _("Pilots")),
    ("partners", _("Partners")),
    ("departments", _("Departments")),
    ("levers", _("Levers")),
    ("themes", _("Themes")),
    # Read-only: links to the synthesis are made on the action sheet (the import skips it).
    ("synthesis_themes", _("Synthesis themes taken up")),
    ("audiences", _("Target audiences")),
    ("milestones", _("Milestones")),
    ("budget_lines", _("Budget")),
    ("fundings", _("Funders")),
    ("indicators", _("Indicators")),
    ("notes", _("Notes")),
]


def _join(values) -> str:
    return "; ".join(values)


def action_rows(plan: Plan) -> list[list]:
    """Header then one row per action (sub-actions after their parent's position order)."""
    actions = (
        plan.actions.select_related("axis__parent", "parent")
        .prefetch_related(*history.M2M_FIELDS, *history.CHILD_FIELDS)
        .order_by("axis__parent__order", "axis__order", "order", "id")
    )
    rows = [[str(label) for _key, label in COLUMNS]]
    for action in actions:
        values = history.snapshot(action)
        axis, sub_axis = action.axis, None
        if axis is not None and axis.parent_id:
            axis, sub_axis = axis.parent, axis
        row = {
            "axis": str(axis) if axis else "",
            "axis_vision": axis.vision if axis else "",
            "sub_axis": str(sub_axis) if sub_axis else "",
            "sub_axis_vision": sub_axis.vision if sub_axis else "",
            "parent": action.parent.title if action.parent_id else "",
            "pilots": _join(
                [str(o) for o in action.pilot_organisations.all()]
                + [str(p) for p in action.pilot_people.all()]
            ),
            "partners": _join(str(o) for o in action.partners.all()),
            "departments": _join(str(o) for o in action.departments.all()),
            "levers": _join(str(lever) for lever in action.levers.all()),
            "themes": _join(action.themes),
            "audiences": _join(action.audiences),
        }
        for key in ("title", "description", "objectives", "expected_effects", "status",
                    "status_reason", "priority", "start_date", "end_date", "notes",
                    "synthesis_themes"):  # fmt: skip
            row[key] = values[key]
        for key in history.CHILD_FIELDS:
            row[key] = values[key].replace("\n", "; ")
        rows.append([row[key] for key, _label in COLUMNS])
    return rows


def template_rows() -> list[list]:
    """The import template: headers and one example row."""
    example = {
        "axis": "1. Coopérer et se structurer",
        "axis_vision": "Un écosystème ESS qui se connaît et coopère.",
        "sub_axis": "1.1. Animer le réseau",
        "title": "Créer un club des entreprises de l'ESS",
        "description": "Réunir les structures de l'ESS quatre fois par an.",
        "status": "Retenue",
        "priority": "Haute",
        "start_date": "01/03/2027",
        "end_date": "31/12/2028",
        "pilots": "Chambre régionale de l’ESS",
        "departments": "Direction du développement économique",
        "levers": "Un réseau d’acteurs",
        "themes": "coopération; emploi",
        "milestones": "15/03/2027 Première rencontre",
        "budget_lines": "2027 fonctionnement 10000 / 0; 2028 fonctionnement 12000",
        "fundings": "Région: 5000",
        "indicators": "Structures membres [nombre] 0 -> 40 (2028)",
    }
    return [[str(label) for _k, label in COLUMNS], [example.get(k, "") for k, _l in COLUMNS]]


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list], title: str) -> bytes:
    return workbook_bytes({title or "Actions": rows})
