"""Importing a plan from a CSV or XLSX file: one row per action (exports.COLUMNS).

Every row is checked first; nothing is written unless the whole file is
valid (import_plan runs in one transaction). Errors name the line as
numbered in the file, in French. Unknown pilots, partners and departments
are offered for creation instead of being an error once the user agrees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.core.spreadsheet import FORMULA_STARTS
from essor.core.text import fold
from essor.organisations.models import Organisation, OrganisationKind, Person
from essor.organisations.tabular import Table
from essor.plans import import_labels as labels
from essor.plans import lines, services
from essor.plans.exports import COLUMNS
from essor.plans.models import ActionStatus, Axis, Plan, Priority
from essor.plans.services import ActionData

REQUIRED = ["title"]
AXIS_LABEL = re.compile(r"^(\S{1,10}?)\.\s+(.+)$")


class ImportErrors(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class ParsedRow:
    line: int
    axis: tuple[str, str, str] | None  # (number, title, vision)
    sub_axis: tuple[str, str, str] | None
    parent_title: str
    fields: dict
    children: dict
    pilots: list[str]
    partners: list[str]
    departments: list[str]
    levers: list[str]

    @property
    def status_label(self) -> str:
        status = self.fields.get("status")
        return ActionStatus(status).label if status else ""


@dataclass
class ParsedPlan:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing_organisations: list[str] = field(default_factory=list)
    missing_departments: list[str] = field(default_factory=list)
    new_levers: list[str] = field(default_factory=list)
    # Headers of the file that name no known field: shown, never silently dropped.
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def column_map(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column index of each known field, and the headers naming none.

    French and English names are both recognised whatever the active
    language (import_labels); a second column for the same field is unknown.
    """
    found: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        key = labels.column_key(header)
        if key and key not in found:
            found[key] = index
        else:
            unknown.append(header)
    return found, unknown


def _unescape(cell: str) -> str:
    """Undo the export's protection against formulas (a leading apostrophe)."""
    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _axis(cell: str, vision: str):
    if not cell:
        return None
    match = AXIS_LABEL.match(cell)
    number, title = (match.group(1), match.group(2)) if match else ("", cell)
    return (number, title.strip()[:250], vision)


def parse_table(process, table: Table) -> ParsedPlan:
    parsed = ParsedPlan()
    columns, parsed.unknown_columns = column_map(table.headers)
    missing = [str(label) for key, label in COLUMNS if key in REQUIRED and key not in columns]
    if missing:
        parsed.errors.append(
            _("Missing column: %(columns)s. Download the template to see the expected columns.")
            % {"columns": ", ".join(missing)}
        )
        return parsed
    resolver = Resolver(process)
    seen_titles: dict[tuple, int] = {}
    for line, cells in table.rows:

        def cell(key, cells=cells):
            index = columns.get(key)
            return (
                _unescape(cells[index].strip()) if index is not None and index < len(cells) else ""
            )

        errors = []
        title = cell("title")
        if not title:
            errors.append(_("the title is empty"))
        status = labels.status_code(cell("status") or ActionStatus.PROPOSED)
        if status is None:
            errors.append(
                _("unknown status “%(value)s” (accepted: %(accepted)s)")
                % {"value": cell("status"), "accepted": labels.accepted(labels.STATUS_ALIASES)}
            )
        priority = labels.priority_code(cell("priority") or Priority.MEDIUM)
        if priority is None:
            errors.append(
                _("unknown priority “%(value)s” (accepted: %(accepted)s)")
                % {"value": cell("priority"), "accepted": labels.accepted(labels.PRIORITY_ALIASES)}
            )
        if status == ActionStatus.NOT_RETAINED and not cell("status_reason"):
            errors.append(_("a not-retained action needs its reason"))
        dates = {}
        for key in ("start_date", "end_date"):
            try:
                dates[key] = lines.parse_date(cell(key)) if cell(key) else None
            except ValueError:
                errors.append(
                    _("the date “%(value)s” is not in the DD/MM/YYYY format") % {"value": cell(key)}
                )
        if (
            dates.get("start_date")
            and dates.get("end_date")
            and (dates["end_date"] < dates["start_date"])
        ):
            errors.append(_("the end comes before the start"))
        children = {}
        for key in ("milestones", "budget_lines", "fundings", "indicators"):
            try:
                children[key] = lines.PARSERS[key](cell(key))
            except ValidationError as error:  # one message per bad item
                messages = error.messages
                label = dict(COLUMNS)[key]
                errors += [f"{label}\u00a0: {m}" for m in messages]
        axis = _axis(cell("axis"), cell("axis_vision"))
        sub_axis = _axis(cell("sub_axis"), cell("sub_axis_vision"))
        if sub_axis and not axis:
            errors.append(_("a sub-axis needs its axis"))
        key = (axis and axis[1], sub_axis and sub_axis[1], fold(title))
        if title and key in seen_titles:
            errors.append(
                _("duplicated action: same title and axis as line %(line)s")
                % {"line": seen_titles[key]}
            )
        seen_titles.setdefault(key, line)
        row = ParsedRow(
            line=line,
            axis=axis,
            sub_axis=sub_axis,
            parent_title=cell("parent"),
            fields={
                "title": title[:250],
                "description": cell("description"),
                "objectives": cell("objectives"),
                "expected_effects": cell("expected_effects"),
                "status": status,
                "status_reason": cell("status_reason"),
                "priority": priority,
                "themes": lines.split_list(cell("themes")),
                "audiences": lines.split_list(cell("audiences")),
                "notes": cell("notes"),
                **dates,
            },
            children=children,
            pilots=_names(cell("pilots")),
            partners=_names(cell("partners")),
            departments=_names(cell("departments")),
            levers=_names(cell("levers")),
        )
        for name in row.pilots + row.partners:
            if not resolver.known(name):
                _add_once(parsed.missing_organisations, name)
        for name in row.departments:
            if resolver.organisation(name) is None:
                _add_once(parsed.missing_departments, name)
        for name in row.levers:
            if resolver.lever(name) is None:
                _add_once(parsed.new_levers, name)
        for message in errors:
            parsed.errors.append(
                _("Line %(line)s: %(message)s.") % {"line": line, "message": message.rstrip(".")}
            )
        parsed.rows.append(row)
    titles = {fold(r.fields["title"]) for r in parsed.rows}
    for row in parsed.rows:
        if row.parent_title and fold(row.parent_title) == fold(row.fields["title"]):
            parsed.errors.append(
                _("Line %(line)s: an action cannot be its own parent.") % {"line": row.line}
            )
        elif row.parent_title and fold(row.parent_title) not in titles:
            parsed.errors.append(
                _("Line %(line)s: the parent action “%(title)s” is not in the file.")
                % {"line": row.line, "title": row.parent_title}
            )
    return parsed


def _names(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _add_once(items: list, name: str) -> None:
    if fold(name) not in {fold(i) for i in items}:
        items.append(name)


class Resolver:
    """Finds organisations, people and levers by name (accent- and case-insensitive)."""

    def __init__(self, process):
        self.process = process
        self.organisations = {}
        workspace = process.workspace_id  # never match another workspace's directory
        for org in Organisation.objects.filter(workspace_id=workspace).order_by("id"):
            self.organisations.setdefault(fold(org.name), org)
        self.people = {}
        for person in Person.objects.filter(workspace_id=workspace).order_by("id"):
            self.people.setdefault(fold(str(person)), person)
        self.levers = {fold(lever.name): lever for lever in process.plan_levers.all()}

    def organisation(self, name: str):
        return self.organisations.get(fold(name))

    def person(self, name: str):
        return self.people.get(fold(name))

    def known(self, name: str) -> bool:
        return self.organisation(name) is not None or self.person(name) is not None

    def lever(self, name: str):
        return self.levers.get(fold(name))


def import_errors(parsed: ParsedPlan, *, create_missing: bool) -> list[str]:
    """Why the parsed plan cannot be written as it is (empty: it can)."""
    errors = list(parsed.errors)
    if not create_missing:
        for missing in parsed.missing_organisations:
            errors.append(_("Unknown pilot or partner: “%(name)s”.") % {"name": missing})
        for missing in parsed.missing_departments:
            errors.append(_("Unknown department: “%(name)s”.") % {"name": missing})
    return errors


@transaction.atomic
def import_plan(
    process,
    parsed: ParsedPlan,
    *,
    name: str,
    actor,
    create_missing: bool = False,
    adopted_on: dt.date | None = None,
    progress=None,
) -> Plan:
    """Write the parsed plan as a new plan of ``process``; raise ImportErrors, writing nothing.
    ``progress(done, total)`` is called after each action (the job's progress bar).

    With ``adopted_on``, the plan is one the council already adopted that day: it is
    created validated, frozen and adopted (validation.record_prior_adoption)."""
    errors = import_errors(parsed, create_missing=create_missing)
    if errors:
        raise ImportErrors(errors)
    services.ensure_levers(process)
    resolver = Resolver(process)
    for name_ in parsed.missing_organisations:
        org = Organisation.objects.create(
            workspace_id=process.workspace_id, name=name_[:250], kind=OrganisationKind.ESS
        )
        resolver.organisations[fold(org.name)] = org
    for name_ in parsed.missing_departments:
        org = Organisation.objects.create(
            workspace_id=process.workspace_id, name=name_[:250], kind=OrganisationKind.DEPARTMENT
        )
        resolver.organisations[fold(org.name)] = org
    for name_ in parsed.new_levers:
        if resolver.lever(name_) is None:
            resolver.levers[fold(name_)] = services.add_lever(process, name=name_, actor=actor)
    years = [
        d.year for r in parsed.rows for d in (r.fields["start_date"], r.fields["end_date"]) if d
    ]
    plan = services.create_plan(
        process=process,
        name=name,
        actor=actor,
        mandate_start=min([2026, *years]),
        mandate_end=max([2032, *years]),
    )
    axes: dict = {}

    def axis_for(spec, parent=None):
        if spec is None:
            return parent
        key = (parent.pk if parent else None, fold(spec[1]))
        if key not in axes:
            axes[key] = Axis.objects.create(
                plan=plan, parent=parent, number=spec[0], title=spec[1], vision=spec[2],
                order=len(axes) + 1,
            )  # fmt: skip
        return axes[key]

    used = set()
    by_title = {}
    for order, row in enumerate(parsed.rows, 1):
        axis = axis_for(row.sub_axis, axis_for(row.axis))
        pilots = [resolver.organisation(n) or resolver.person(n) for n in row.pilots]
        fields = {
            **row.fields,
            "axis": axis,
            "pilot_organisations": [p for p in pilots if isinstance(p, Organisation)],
            "pilot_people": [p for p in pilots if isinstance(p, Person)],
            "partners": [
                resolver.organisation(n) or _person_org(resolver, n) for n in row.partners
            ],
            "departments": [resolver.organisation(n) for n in row.departments],
            "levers": [resolver.lever(n) for n in row.levers],
        }
        fields["partners"] = [p for p in fields["partners"] if p is not None]
        used.update(fields["pilot_organisations"] + fields["partners"] + fields["departments"])
        action = services.create_action(
            plan=plan, data=ActionData(fields=fields, children=row.children), actor=actor
        )
        action.order = order
        action.save(update_fields=["order"])
        by_title.setdefault(fold(row.fields["title"]), action)
        if progress is not None:
            progress(order, len(parsed.rows))
    for row in parsed.rows:
        if row.parent_title:
            child = by_title[fold(row.fields["title"])]
            child.parent = by_title[fold(row.parent_title)]
            child.save(update_fields=["parent"])
    process.organisations.add(*used)
    log_action(actor, "plan.imported", plan, process=process.pk, actions=len(parsed.rows))
    if adopted_on is not None:
        from essor.plans.validation import record_prior_adoption  # validation imports bodies

        record_prior_adoption(plan, adopted_on=adopted_on, actor=actor)
    return plan


def _person_org(resolver, name):
    person = resolver.person(name)
    return person.organisation if person else None
