"""Importing progress from a filled-in follow-up XLSX (or CSV): check everything, then write.

``parse_progress`` reads the tables (``progress_files``) against the plan and checks every
line; ``import_progress`` writes nothing unless the whole file is valid, then records in
one transaction through ``services.record_report`` and ``services.record_indicator_value``:
new entries, nothing overwritten.

What a line means (decided here, shown in the preview):

- An action is found by its reference ("2.1.3", from the export) or its title (case and
  accents aside); a reference wins over the title, and a title that two actions share
  must be given with its reference.
- An empty status or progress keeps the current one; an empty amount or note records none
  (the year's current amount and note stay those of the earlier reports).
- A line that changes nothing (same status and progress as the year's current state, no
  new amount nor note) records nothing: exporting then importing the file untouched
  writes nothing. Otherwise it records one new report for that action and year.
- An indicator value equal to that year's current value records nothing; an empty value
  is a slot left blank, not an error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from essor.core.french_numbers import NumberError, parse_number
from essor.core.spreadsheet import unsafe_cell
from essor.core.text import fold
from essor.followup import services
from essor.followup.forms import MONEY_LIMIT, VALUE_LIMIT
from essor.followup.models import NOTE_MAX_LENGTH, ProgressStatus
from essor.followup.progress_files import accepted_statuses, column_map, status_code
from essor.followup.spreadsheet import action_references, year_notes
from essor.followup.state import ActionYear
from essor.followup.summary import PlanFollowup, latest_values
from essor.organisations.tabular import Table
from essor.plans.exports import plan_order
from essor.plans.models import Indicator, Plan

CENT = Decimal("0.01")
AMOUNTS = ("spent_operating", "spent_investment")


class ProgressImportErrors(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class ReportLine:
    line: int
    action: object
    reference: str
    year: int
    status: str
    progress: int | None
    note: str
    spent_operating: Decimal | None
    spent_investment: Decimal | None
    current: ActionYear

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label)

    @property
    def status_changed(self) -> bool:
        return self.status != self.current.status


@dataclass
class ValueLine:
    line: int
    indicator: Indicator
    year: int
    value: Decimal
    previous: Decimal | None


@dataclass
class ParsedProgress:
    reports: list[ReportLine] = field(default_factory=list)
    values: list[ValueLine] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def is_empty(self) -> bool:
        return not self.reports and not self.values

    def by_action(self) -> list[dict]:
        """What will be recorded, action by action (the preview)."""
        groups: dict = {}
        for report in self.reports:
            group = groups.setdefault(report.action.pk, _group(report.action, report.reference))
            group["reports"].append(report)
        for value in self.values:
            action = value.indicator.action
            group = groups.setdefault(action.pk, _group(action, ""))
            group["values"].append(value)
        return list(groups.values())


def _group(action, reference: str) -> dict:
    return {"action": action, "reference": reference, "reports": [], "values": []}


def _line_error(line: int, message: str, sheet: str = "") -> str:
    values = {"line": line, "message": message.rstrip("."), "sheet": sheet}
    if sheet:
        return _("%(sheet)s, line %(line)s: %(message)s.") % values
    return _("Line %(line)s: %(message)s.") % values


class Finder:
    """The plan's actions by reference and by folded title; its indicators by action."""

    def __init__(self, plan: Plan):
        self.plan = plan
        actions = plan_order(plan)
        references = action_references(actions)
        self.reference_of = references
        self.by_reference: dict = defaultdict(list)
        self.by_title: dict = defaultdict(list)
        for action in actions:
            action.plan = plan
            self.by_reference[references[action.pk].casefold()].append(action)
            self.by_title[fold(action.title)].append(action)
        self.indicators: dict = defaultdict(dict)
        for indicator in Indicator.objects.filter(action__plan=plan).order_by("id"):
            self.indicators[indicator.action_id].setdefault(fold(indicator.name), indicator)

    def action(self, reference: str, title: str):
        """(action, error message); the reference wins, the title must then agree."""
        if reference:
            found = self.by_reference.get(reference.casefold(), [])
            if not found:
                return None, _("no action of the plan has the reference “%(ref)s”") % {
                    "ref": reference
                }
            if len(found) > 1:
                return None, _("several actions have the reference “%(ref)s”") % {"ref": reference}
            action = found[0]
            if (
                title
                and fold(title) != fold(action.title)
                and title.casefold() != reference.casefold()
            ):
                return None, _(
                    "the reference “%(ref)s” is the action “%(action)s”, not “%(title)s”"
                ) % {"ref": reference, "action": action.title, "title": title}
            return action, ""
        if not title:
            return None, _("the action is missing (its title or reference)")
        found = self.by_reference.get(title.casefold()) or self.by_title.get(fold(title), [])
        if not found:
            return None, _("the action “%(title)s” is not in the plan") % {"title": title}
        if len(found) > 1:
            references = ", ".join(self.reference_of[a.pk] for a in found)
            return None, _(
                "several actions are called “%(title)s”: give the reference of the one meant "
                "(%(references)s)"
            ) % {"title": title, "references": references}
        return found[0], ""


def _year(text: str, plan: Plan, errors: list[str]) -> int | None:
    if not text:
        errors.append(_("the year is missing"))
        return None
    try:
        year = int(text)
    except ValueError:
        errors.append(_("“%(value)s” is not a year") % {"value": text})
        return None
    if not plan.mandate_start <= year <= plan.mandate_end:
        errors.append(
            _("the year %(year)s is outside the mandate (%(start)s to %(end)s)")
            % {"year": year, "start": plan.mandate_start, "end": plan.mandate_end}
        )
        return None
    return year


def _number(text: str, label: str, errors: list[str], **options) -> Decimal | None:
    if not text:
        return None
    try:
        value = parse_number(text, **options)
    except NumberError as error:
        errors.append(
            _("%(column)s: “%(value)s”: %(error)s")
            % {"column": label, "value": text, "error": str(error).rstrip(".")}
        )
        return None
    if value != value.quantize(CENT):
        errors.append(_("%(column)s: two decimals at most") % {"column": label})
        return None
    return value


def _progress(text: str, errors: list[str]) -> int | None:
    value = _number(text, _("Progress (%)"), errors, percent=True, limit=Decimal(10**6))
    if value is None:
        return None
    if not 0 <= value <= 100:
        errors.append(_("the progress is %(value)s %%: a percentage goes from 0 to 100") % {
            "value": text.rstrip(" %\u00a0\u202f")})  # fmt: skip
        return None
    if value != value.to_integral():
        errors.append(_("the progress must be a whole percentage"))
        return None
    return int(value)


def _amount(text: str, label: str, errors: list[str]) -> Decimal | None:
    value = _number(text, label, errors, limit=MONEY_LIMIT)
    if value is not None and value < 0:
        errors.append(_("%(column)s: an amount cannot be negative") % {"column": label})
        return None
    return value


def _cells(columns: dict[str, int], cells: list[str]):
    def cell(key: str) -> str:
        index = columns.get(key)
        return unsafe_cell(cells[index].strip()) if index is not None and index < len(cells) else ""

    return cell


def _missing_columns(columns: dict, required: dict[str, str], sheet: str) -> list[str]:
    missing = [label for key, label in required.items() if key not in columns]
    if missing:
        return [
            _("%(sheet)s: missing column: %(columns)s.")
            % {"sheet": sheet, "columns": ", ".join(missing)}
        ]
    return []


def _parse_reports(table: Table, plan, finder, followup, notes, parsed: ParsedProgress):
    columns, unknown = column_map(table.headers)
    parsed.unknown_columns += unknown
    sheet = _("Actions")
    required = {"year": _("Year")}
    if "reference" not in columns:
        required["action"] = _("Action")
    errors = _missing_columns(columns, required, sheet)
    if errors:
        parsed.errors += errors
        return
    seen: dict = {}
    for line, cells in table.rows:
        cell = _cells(columns, cells)
        errors: list[str] = []
        action, problem = finder.action(cell("reference"), cell("action"))
        if problem:
            errors.append(problem)
        elif not action.is_committed:
            errors.append(
                _("the action “%(title)s” is not followed: the plan did not retain it")
                % {"title": action.title}
            )
            action = None
        year = _year(cell("year"), plan, errors)
        status = None
        if cell("status"):
            status = status_code(cell("status"))
            if status is None:
                errors.append(
                    _("unknown status “%(value)s” (accepted: %(accepted)s)")
                    % {"value": cell("status"), "accepted": accepted_statuses()}
                )
        progress = _progress(cell("progress"), errors)
        note = cell("note")
        if len(note) > NOTE_MAX_LENGTH:
            errors.append(
                _("the progress note has %(length)s characters, at most %(max)s")
                % {"length": len(note), "max": NOTE_MAX_LENGTH}
            )
        amounts = {
            "spent_operating": _amount(cell("spent_operating"), _("Operating spending"), errors),
            "spent_investment": _amount(cell("spent_investment"), _("Investment spending"), errors),
        }
        if action is not None and year is not None:
            key = (action.pk, year)
            if key in seen:
                errors.append(
                    _("the action “%(title)s” for %(year)s is already on line %(line)s")
                    % {"title": action.title, "year": year, "line": seen[key]}
                )
            seen.setdefault(key, line)
        if errors:
            parsed.errors += [_line_error(line, message) for message in errors]
            continue
        current = followup.histories[action.lineage].state(year, followup.today)
        current_note = notes.get((action.lineage, year), "").strip()  # cells are read stripped
        status = status or current.status
        progress = current.progress if progress is None else progress
        note = note if note != current_note else ""
        unchanged = (
            status == current.status
            and progress == current.progress
            and not note
            and all(amounts[k] is None or amounts[k] == getattr(current, k) for k in AMOUNTS)
        )
        if unchanged:
            parsed.unchanged += 1
            continue
        parsed.reports.append(
            ReportLine(line, action, finder.reference_of[action.pk], year, status, progress,
                       note, current=current, **amounts)
        )  # fmt: skip


def _parse_values(table: Table, plan, finder, parsed: ParsedProgress):
    columns, unknown = column_map(table.headers)
    parsed.unknown_columns += unknown
    sheet = _("Indicators")
    required = {"indicator": _("Indicator"), "year": _("Year"), "value": _("Value")}
    if "reference" not in columns:
        required["action"] = _("Action")
    errors = _missing_columns(columns, required, sheet)
    if errors:
        parsed.errors += errors
        return
    indicators = [i for by_name in finder.indicators.values() for i in by_name.values()]
    current = latest_values([i.pk for i in indicators])
    seen: dict = {}
    for line, cells in table.rows:
        cell = _cells(columns, cells)
        if not cell("value"):
            continue  # a year left to fill in
        errors: list[str] = []
        action, problem = finder.action(cell("reference"), cell("action"))
        indicator = None
        if problem:
            errors.append(problem)
        elif not cell("indicator"):
            errors.append(_("the indicator is missing"))
        else:
            indicator = finder.indicators[action.pk].get(fold(cell("indicator")))
            if indicator is None:
                errors.append(
                    _("the action “%(action)s” has no indicator “%(name)s”")
                    % {"action": action.title, "name": cell("indicator")}
                )
        year = _year(cell("year"), plan, errors)
        value = _number(cell("value"), _("Value"), errors, limit=VALUE_LIMIT)
        if indicator is not None and year is not None:
            key = (indicator.pk, year)
            if key in seen:
                errors.append(
                    _("the indicator “%(name)s” for %(year)s is already on line %(line)s")
                    % {"name": indicator.name, "year": year, "line": seen[key]}
                )
            seen.setdefault(key, line)
        if errors:
            parsed.errors += [_line_error(line, message, sheet) for message in errors]
            continue
        indicator.action = action
        previous = current.get(indicator.pk, {}).get(year)
        if previous is not None and previous.value == value:
            parsed.unchanged += 1
            continue
        parsed.values.append(ValueLine(line, indicator, year, value, previous and previous.value))


def parse_progress(plan: Plan, actions: Table | None, indicators: Table | None) -> ParsedProgress:
    """Every line checked against the plan; errors in French, with their line."""
    parsed = ParsedProgress()
    finder = Finder(plan)
    if actions is not None:
        followup = PlanFollowup(plan)
        _parse_reports(actions, plan, finder, followup, year_notes(plan), parsed)
    if indicators is not None:
        _parse_values(indicators, plan, finder, parsed)
    return parsed


@transaction.atomic
def import_progress(
    plan: Plan, parsed: ParsedProgress, *, actor, author_label: str = "", progress=None
) -> int:
    """Record what ``parsed`` holds, all or nothing; returns the number of entries written.
    ProgressImportErrors (nothing written) when the file has errors. ``progress(done,
    total)`` is called after each entry (the job's progress bar)."""
    if parsed.errors:
        raise ProgressImportErrors(parsed.errors)
    written = 0
    total = len(parsed.reports) + len(parsed.values)

    def advance() -> None:
        nonlocal written
        written += 1
        if progress is not None:
            progress(written, total)

    try:
        for report in parsed.reports:
            services.record_report(
                report.action, year=report.year, status=report.status, actor=actor,
                progress=report.progress, note=report.note,
                spent_operating=report.spent_operating,
                spent_investment=report.spent_investment, author_label=author_label,
            )  # fmt: skip
            advance()
        for value in parsed.values:
            services.record_indicator_value(
                value.indicator, year=value.year, value=value.value, actor=actor,
                author_label=author_label,
            )  # fmt: skip
            advance()
    except ValidationError as error:  # checked above: only a change since the preview
        transaction.set_rollback(True)
        raise ProgressImportErrors([str(m) for m in error.messages]) from None
    return written
