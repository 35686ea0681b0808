"""Field-level history of actions and the values shown for each field.

An action is compared as a snapshot: each tracked field rendered as the text
people read (names, not ids; French dates). Changes are the fields whose text
differs; the same rendering serves the history, the conflict (merge) page and
the comparison of scenarios.
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from essor.core.french_numbers import format_money, format_number
from essor.plans.freezing import shown_themes
from essor.plans.models import Action, ActionChange, ActionStatus, BudgetNature, Priority
from essor.plans.roadmap_facts import LABELLED_FIELDS, shown_labels

SCALAR_FIELDS = [
    "title", "axis", "parent", "description", "objectives", "expected_effects", "status",
    "status_reason", "priority", "start_date", "end_date", "themes", "audiences", "notes",
]  # fmt: skip
M2M_FIELDS = [
    "pilot_organisations", "pilot_people", "partners", "departments", "levers", "synthesis_themes",
]  # fmt: skip
CHILD_FIELDS = ["milestones", "budget_lines", "fundings", "indicators"]
TRACKED_FIELDS = SCALAR_FIELDS + M2M_FIELDS + CHILD_FIELDS

FIELD_LABELS = {
    "attachments": _("attachments"),
    "milestones": _("milestones"),
    "budget_lines": _("budget"),
    "fundings": _("funders"),
    "indicators": _("indicators"),
}


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return str(Action._meta.get_field(name).verbose_name)


money = format_money
number = format_number


def day(value) -> str:
    return date_format(value, "d/m/Y") if value else ""


def milestone_text(m: dict) -> str:
    return f"{day(m['date'])} {m['label']}" + (" ✓" if m.get("done") else "")


def budget_text(b: dict) -> str:
    nature = str(BudgetNature(b["nature"]).label)
    actual = money(b.get("actual"))
    return f"{b['year']} {nature} {money(b['planned'])}" + (f" / {actual}" if actual else "")


def funding_text(f: dict) -> str:
    return f"{f['funder']}\u00a0: {money(f['amount'])}"


def indicator_text(i: dict) -> str:
    """The line typed in the action sheet (essor.plans.lines reads it back)."""
    unit = f" [{i['unit']}]" if i.get("unit") else ""
    baseline_year = f" ({i['baseline_year']})" if i.get("baseline_year") else ""
    year = f" ({i['target_year']})" if i.get("target_year") else ""
    text = (
        f"{i['name']}{unit} {number(i.get('baseline'))}{baseline_year} -> "
        f"{number(i.get('target'))}{year}"
    )
    if i.get("direction") == "down":
        text += " | " + pgettext("indicator line", "falling")
    if i.get("yearly_targets"):
        targets = sorted(i["yearly_targets"].items())
        text += (
            " | "
            + pgettext("indicator line", "milestones")
            + " "
            + " / ".join(f"{year} = {number(value)}" for year, value in targets)
        )
    if i.get("source"):
        text += " | " + pgettext("indicator line", "source: %(source)s") % {"source": i["source"]}
    return text


CHILD_TEXT = {
    "milestones": milestone_text,
    "budget_lines": budget_text,
    "fundings": funding_text,
    "indicators": indicator_text,
}
CHILD_KEYS = {
    "milestones": ["date", "label", "done"],
    "budget_lines": ["year", "nature", "planned", "actual"],
    "fundings": ["funder", "amount"],
    # The follow-up's fields too: an amended version keeps how its indicators are measured.
    "indicators": ["name", "unit", "baseline", "target", "target_year", "direction",
                   "baseline_year", "yearly_targets", "source"],
}  # fmt: skip


def scalar_text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "status":
        return str(ActionStatus(value).label)
    if name == "priority":
        return str(Priority(value).label)
    if name in ("start_date", "end_date"):
        return day(value)
    if name in ("themes", "audiences"):
        return ", ".join(value)
    return str(value)


def children_of(action: Action) -> dict[str, list[dict]]:
    """The action's milestones, budget lines, funders and indicators as plain dicts."""
    return {
        name: [
            {key: getattr(obj, key) for key in CHILD_KEYS[name]}
            for obj in getattr(action, name).all()
        ]
        for name in CHILD_FIELDS
    }


def snapshot(action: Action) -> dict[str, str]:
    """Each tracked field of a saved action as displayed text."""
    values = {name: scalar_text(name, getattr(action, name)) for name in SCALAR_FIELDS}
    for name in M2M_FIELDS:
        # A frozen plan's actions show their themes, organisations and people as
        # validated, not as renamed since.
        if name == "synthesis_themes":
            related = shown_themes(action)
        elif name in LABELLED_FIELDS:
            related = shown_labels(action, name)
        else:
            related = getattr(action, name).all()
        values[name] = ", ".join(sorted(str(obj) for obj in related))
    for name, rows in children_of(action).items():
        values[name] = "\n".join(CHILD_TEXT[name](row) for row in rows)
    return values


def snapshot_of_data(data: dict, children: dict[str, list[dict]]) -> dict[str, str]:
    """The same texts for submitted (not yet saved) values, to show them beside the saved ones."""
    values = {}
    for name in SCALAR_FIELDS:
        if name in data:
            values[name] = scalar_text(name, data[name])
    for name in M2M_FIELDS:
        if name in data:
            values[name] = ", ".join(sorted(str(obj) for obj in data[name]))
    for name, rows in children.items():
        values[name] = "\n".join(CHILD_TEXT[name](row) for row in rows)
    return values


def diff(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field, old, new) for every field whose displayed value changed, in a stable order."""
    return [
        (name, before.get(name, ""), after.get(name, ""))
        for name in TRACKED_FIELDS
        if name in after and before.get(name, "") != after.get(name, "")
    ]


def record_changes(action: Action, changes, *, version: int, actor) -> list[ActionChange]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ActionChange.objects.bulk_create(
        ActionChange(
            action=action,
            changed_by=user,
            version=version,
            field=name,
            old_value=old,
            new_value=new,
        )
        for name, old, new in changes
    )


def changed_since(action: Action, version: int) -> set[str]:
    """Fields of ``action`` changed by edits saved after ``version``."""
    return set(action.changes.filter(version__gt=version).values_list("field", flat=True))
