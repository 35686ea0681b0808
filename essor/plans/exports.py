"""CSV and XLSX export of the actions of a plan: one row per action, the import's columns."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from essor.core import spreadsheet
from essor.core.spreadsheet import workbook_bytes
from essor.plans import history
from essor.plans.models import Action, BudgetNature, Plan
from essor.plans.roadmap_facts import shown_labels

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


# Export only (the import ignores them): totals typed as numbers, to be summed.
TOTAL_COLUMNS = [
    ("planned_total", _("Total planned budget (€)")),
    ("funding_total", _("Total funding (€)")),
]


def _join(values) -> str:
    return "; ".join(values)


def plan_order(plan: Plan) -> list[Action]:
    """The plan's actions in the plan's order: axis by axis (each axis's own actions, then
    its sub-axes'), sub-actions after their parent, actions with no axis last."""
    actions = list(
        plan.actions.select_related("axis__parent", "parent").prefetch_related(
            *history.M2M_FIELDS, *history.CHILD_FIELDS
        )
    )
    last = (1, 0, 0)

    def axis_key(axis) -> tuple:
        if axis is None:
            return (last, last)
        if axis.parent_id:
            return ((0, axis.parent.order, axis.parent_id), (0, axis.order, axis.pk))
        return ((0, axis.order, axis.pk), (-1, 0, 0))

    def key(action) -> tuple:
        head = action.parent if action.parent_id else action
        own = (1, action.order, action.pk) if action.parent_id else (0, 0, 0)
        return (*axis_key(head.axis), head.order, head.pk, own)

    return sorted(actions, key=key)


def action_rows(plan: Plan) -> list[list]:
    """Header then one row per action, in the plan's order; dates and totals typed."""
    rows = [[str(label) for _key, label in COLUMNS + TOTAL_COLUMNS]]
    for action in plan_order(plan):
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
                shown_labels(action, "pilot_organisations") + shown_labels(action, "pilot_people")
            ),
            "partners": _join(shown_labels(action, "partners")),
            "departments": _join(shown_labels(action, "departments")),
            "levers": _join(str(lever) for lever in action.levers.all()),
            "themes": _join(action.themes),
            "audiences": _join(action.audiences),
            "start_date": action.start_date,
            "end_date": action.end_date,
            "planned_total": sum((b.planned for b in action.budget_lines.all()), Decimal(0)),
            "funding_total": sum((f.amount for f in action.fundings.all()), Decimal(0)),
        }
        for key in ("title", "description", "objectives", "expected_effects", "status",
                    "status_reason", "priority", "notes", "synthesis_themes"):  # fmt: skip
            row[key] = values[key]
        for key in history.CHILD_FIELDS:
            row[key] = values[key].replace("\n", "; ")
        rows.append([row[key] for key, _label in COLUMNS + TOTAL_COLUMNS])
    return rows


def budget_rows(plan: Plan) -> list[list]:
    """One row per budget line, amounts as numbers: the sheet to sum by year or nature."""
    rows = [[str(_("Axis")), str(_("Action")), str(_("Year")), str(_("Nature")),
             str(_("Planned (€)")), str(_("Actual (€)"))]]  # fmt: skip
    for action in plan_order(plan):
        axis = str(action.axis) if action.axis_id else ""
        for line in action.budget_lines.all():
            rows.append([axis, action.title, line.year, str(BudgetNature(line.nature).label),
                         line.planned, line.actual])  # fmt: skip
    return rows


def funding_rows(plan: Plan) -> list[list]:
    rows = [[str(_("Axis")), str(_("Action")), str(_("Funder")), str(_("Amount (€)"))]]
    for action in plan_order(plan):
        axis = str(action.axis) if action.axis_id else ""
        rows += [[axis, action.title, f.funder, f.amount] for f in action.fundings.all()]
    return rows


def plan_xlsx(plan: Plan) -> bytes:
    """The actions, then the budget lines and the funders, each on its own sheet."""
    return workbook_bytes(
        {
            plan.name or "Actions": action_rows(plan),
            _("Budget"): budget_rows(plan),
            _("Funders"): funding_rows(plan),
        }
    )


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
    """Semicolons, so numbers get a decimal comma (French spreadsheets)."""
    return spreadsheet.csv_bytes(rows, delimiter=";")


def xlsx_bytes(rows: list[list], title: str) -> bytes:
    return workbook_bytes({title or "Actions": rows})
