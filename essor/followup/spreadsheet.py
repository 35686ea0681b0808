"""The follow-up of a plan as an XLSX workbook, which is also the form the import reads back.

Three sheets, in this order:

- "Saisie <year>": the fill-in sheet of the chosen ``year``, one row per action followed,
  with the headers the import reads (``progress_import``), pre-filled with the current
  state of that year. A pilot changes what moved and sends the file back; a row left as
  exported records nothing. It comes first so that the file opens on it.
- "Actions": one row per action (reference, axis, title, pilots, planned start and end),
  then for every year of the mandate in chronological order its status, progress, note,
  planned budget and spent amounts. The chosen year's headers are highlighted (kept in
  order rather than moved first, so that the years read left to right like the dashboard).
- "Indicateurs": one row per indicator and year that has a value, plus the chosen year
  (empty when not measured yet) to fill in; the import reads it back too.

Numbers, years and dates are typed (sums and sorts work), amounts carry a euro format shown in
the reader's locale (French in French spreadsheets), the header rows are frozen.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import BinaryIO

from django.utils.translation import gettext as _

from essor.core.spreadsheet import safe_cell, sheet_name
from essor.followup.models import ProgressReport, ProgressStatus
from essor.followup.summary import PlanFollowup, latest_values, plan_indicators
from essor.plans.exports import plan_order
from essor.plans.models import BudgetNature, Plan
from essor.plans.roadmap_facts import shown_labels

MONEY_FORMAT = '#,##0.00\\ "€"'
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
YEAR_FORMAT = "0"
DATE_FORMAT = "DD/MM/YYYY"
HIGHLIGHT = "FFF2CC"  # the chosen year's headers
HEADER = "DDEBF7"


def headers() -> dict[str, str]:
    """The French headers shared by the export and the import (progress_labels reads them
    written out, whatever the active language)."""
    return {
        "reference": _("Reference"),
        "action": _("Action"),
        "axis": _("Axis"),
        "pilots": _("Pilot(s)"),
        "planned_start": _("Planned start"),
        "planned_end": _("Planned end"),
        "year": _("Year"),
        "status": _("Status"),
        "progress": _("Progress (%)"),
        "note": _("Progress note"),
        "planned_operating": _("Planned operating budget"),
        "planned_investment": _("Planned investment budget"),
        "spent_operating": _("Operating spending"),
        "spent_investment": _("Investment spending"),
        "indicator": _("Indicator"),
        "unit": _("Unit"),
        "value": _("Value"),
        "target": _("Target"),
        "target_year": _("Target year"),
    }


def action_references(actions) -> dict[int, str]:
    """A short reference per action, from the plan's order: "<axis number>.<rank in the
    axis>" ("2.1.3"), or the rank among actions of unnumbered axes ("4"). A frozen plan
    does not change, so the references of its export stay valid for its import."""
    ranks: dict = defaultdict(int)
    references = {}
    for action in actions:
        axis = action.axis
        prefix = axis.number.strip() if axis is not None and axis.number else ""
        key = prefix or None
        ranks[key] += 1
        references[action.pk] = f"{prefix}.{ranks[key]}" if prefix else str(ranks[key])
    return references


def followed_in_order(plan: Plan) -> tuple[list, dict[int, str]]:
    """The actions followed, in the plan's order, and the references of all its actions."""
    actions = plan_order(plan)
    references = action_references(actions)
    return [a for a in actions if a.is_committed], references


def year_notes(plan: Plan) -> dict[tuple, str]:
    """{(lineage, year): the latest non-empty note of that year}."""
    notes = {}
    rows = ProgressReport.objects.for_plan(plan).exclude(note="").chronological()
    for lineage, year, note in rows.values_list("lineage", "year", "note"):
        notes[lineage, year] = note
    return notes


def status_label(code: str) -> str:
    return str(ProgressStatus(code).label).capitalize()


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return safe_cell(value) if isinstance(value, str) else value


def _number_format(value) -> str:
    if isinstance(value, Decimal) and value != value.to_integral():
        return DECIMAL_FORMAT
    return INTEGER_FORMAT


class SheetWriter:
    """Rows streamed into a write-only sheet (openpyxl's fast mode, a fraction of the
    time and memory of building cells): widths and frozen panes set first, a styled
    header row, then typed cells with their number formats."""

    def __init__(self, sheet, titles: list[str], widths: list[int], freeze: str,
                 highlighted: set[int] = frozenset()):  # fmt: skip
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.sheet = sheet
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = freeze
        font, alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        fills = {c: PatternFill("solid", start_color=c, end_color=c) for c in (HEADER, HIGHLIGHT)}
        header = []
        for column, title in enumerate(titles, start=1):
            cell = self._cell(title)
            cell.font, cell.alignment = font, alignment
            cell.fill = fills[HIGHLIGHT if column in highlighted else HEADER]
            header.append(cell)
        sheet.append(header)

    def _cell(self, value, number_format: str | None = None):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=_plain(value))
        if number_format and value is not None:
            cell.number_format = number_format
        return cell

    def row(self, values: list[tuple]) -> None:
        """``values``: (value, number format or None) per column."""
        self.sheet.append([self._cell(value, fmt) for value, fmt in values])


class FollowupWorkbook:
    """Everything the three sheets read, loaded in a fixed number of queries."""

    def __init__(self, plan: Plan, year: int):
        self.plan = plan
        self.year = year
        self.followup = PlanFollowup(plan)
        self.actions, self.references = followed_in_order(plan)
        self.notes = year_notes(plan)
        self.labels = headers()

    def pilots(self, action) -> str:
        names = shown_labels(action, "pilot_organisations") + shown_labels(action, "pilot_people")
        return "; ".join(names)

    def fill_in(self, sheet) -> None:
        h = self.labels
        titles = [h[k] for k in ("reference", "action", "year", "status", "progress", "note",
                                 "spent_operating", "spent_investment")]  # fmt: skip
        self._status_choices(sheet, len(self.actions) + 1)
        writer = SheetWriter(sheet, titles, [10, 48, 8, 16, 14, 60, 20, 20], "C2", {3})
        for action in self.actions:
            state = self.followup.histories[action.lineage].state(self.year, self.followup.today)
            writer.row([
                (self.references[action.pk], None),
                (action.title, None),
                (self.year, YEAR_FORMAT),
                (status_label(state.status), None),
                (state.progress, INTEGER_FORMAT),
                (self.notes.get((action.lineage, self.year), ""), None),
                (state.spent_operating, MONEY_FORMAT),
                (state.spent_investment, MONEY_FORMAT),
            ])  # fmt: skip

    def _status_choices(self, sheet, last_row: int) -> None:
        """A drop-down of the French statuses on the Status column (typing stays free)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        labels = ",".join(status_label(code) for code in ProgressStatus.values)
        choices = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        choices.showErrorMessage = False
        choices.add(f"D2:D{max(last_row, 2)}")
        sheet.data_validations.append(choices)

    def overview(self, sheet) -> None:
        h = self.labels
        per_year = ["status", "progress", "note", "planned_operating", "planned_investment",
                    "spent_operating", "spent_investment"]  # fmt: skip
        titles = [h[k] for k in ("reference", "axis", "action", "pilots", "planned_start",
                                 "planned_end")]  # fmt: skip
        highlighted = set()
        years = self.followup.years
        for year in years:
            for key in per_year:
                titles.append(f"{year} – {h[key]}")
                if year == self.year:
                    highlighted.add(len(titles))
        widths = [10, 30, 48, 30, 12, 12] + [16, 12, 40, 18, 18, 18, 18] * len(years)
        writer = SheetWriter(sheet, titles, widths, "D2", highlighted)
        planned = self.followup.planned
        for action in self.actions:
            axis = (action.axis.parent or action.axis) if action.axis_id else None
            values = [
                (self.references[action.pk], None),
                (str(axis) if axis else "", None),
                (action.title, None),
                (self.pilots(action), None),
            ]
            history = self.followup.histories[action.lineage]
            values += [(history.planned_start, DATE_FORMAT), (history.planned_end, DATE_FORMAT)]
            for year in years:
                state = history.state(year, self.followup.today)
                values += [
                    (status_label(state.status), None),
                    (state.progress, INTEGER_FORMAT),
                    (self.notes.get((action.lineage, year), ""), None),
                    (planned.get((action.pk, year, BudgetNature.OPERATING)), MONEY_FORMAT),
                    (planned.get((action.pk, year, BudgetNature.INVESTMENT)), MONEY_FORMAT),
                    (state.spent_operating, MONEY_FORMAT),
                    (state.spent_investment, MONEY_FORMAT),
                ]
            writer.row(values)

    def indicators(self, sheet) -> None:
        h = self.labels
        titles = [h[k] for k in ("reference", "action", "indicator", "unit", "year", "value",
                                 "target", "target_year")]  # fmt: skip
        writer = SheetWriter(sheet, titles, [10, 48, 40, 12, 8, 14, 14, 12], "D2", {5})
        indicators = list(plan_indicators(self.plan))
        values = latest_values([i.pk for i in indicators])
        for indicator in indicators:
            measured = values.get(indicator.pk, {})
            for year in sorted({*measured, self.year}):
                value = measured[year].value if year in measured else None
                writer.row([
                    (self.references.get(indicator.action_id, ""), None),
                    (indicator.action.title, None),
                    (indicator.name, None),
                    (indicator.unit, None),
                    (year, YEAR_FORMAT),
                    (value, _number_format(value)),
                    (indicator.target, _number_format(indicator.target)),
                    (indicator.target_year, YEAR_FORMAT),
                ])  # fmt: skip


def fill_in_sheet_name(year: int) -> str:
    return sheet_name(_("Fill-in %(year)s") % {"year": year})


def export_followup_xlsx(plan: Plan, year: int, output: BinaryIO) -> None:
    """Write the follow-up XLSX of ``plan`` into the binary stream ``output``; ``year`` is
    the year to fill in (its sheet comes first, its columns are highlighted)."""
    from openpyxl import Workbook

    book = FollowupWorkbook(plan, year)
    workbook = Workbook(write_only=True)
    book.fill_in(workbook.create_sheet(fill_in_sheet_name(year)))
    book.overview(workbook.create_sheet(sheet_name(_("Actions"))))
    book.indicators(workbook.create_sheet(sheet_name(_("Indicators"))))
    workbook.save(output)
