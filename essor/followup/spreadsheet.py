"""The follow-up of a plan as an XLSX workbook, which is also the form the import reads back.

Three sheets, in this order:

- "Saisie <year>": the fill-in sheet of the chosen ``year``, one row per action followed,
  with the headers the import reads (``progress_import``), pre-filled with the current
  state of that year. A pilot changes what moved and sends the file back; a row left as
  exported records nothing. It comes first so that the file opens on it.
- "Actions": one row per action, then for every year of the mandate in chronological
  order its status, progress, note, planned budget and spent amounts. The chosen year's
  headers are highlighted (kept in order rather than moved first, so that the years read
  left to right like the dashboard).
- "Indicateurs": one row per indicator and year that has a value, plus the chosen year
  (empty when not measured yet) to fill in; the import reads it back too.

Numbers and years are typed (sums and sorts work), amounts carry a euro format shown in
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


def _set(cell, value, number_format: str | None = None) -> None:
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral() else float(value)
    cell.value = safe_cell(value) if isinstance(value, str) else value
    if number_format and value is not None:
        cell.number_format = number_format


def _header_row(sheet, titles: list[str], highlighted: set[int] = frozenset()) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        colour = HIGHLIGHT if column in highlighted else HEADER
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)


def _widths(sheet, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _number_format(value) -> str:
    if isinstance(value, Decimal) and value != value.to_integral():
        return DECIMAL_FORMAT
    return INTEGER_FORMAT


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
        _header_row(sheet, titles, highlighted={3})
        for row, action in enumerate(self.actions, start=2):
            state = self.followup.histories[action.lineage].state(self.year, self.followup.today)
            values = [
                (self.references[action.pk], None),
                (action.title, None),
                (self.year, YEAR_FORMAT),
                (status_label(state.status), None),
                (state.progress, INTEGER_FORMAT),
                (self.notes.get((action.lineage, self.year), ""), None),
                (state.spent_operating, MONEY_FORMAT),
                (state.spent_investment, MONEY_FORMAT),
            ]
            for column, (value, number_format) in enumerate(values, start=1):
                _set(sheet.cell(row=row, column=column), value, number_format)
        _widths(sheet, [10, 48, 8, 16, 14, 60, 20, 20])
        sheet.freeze_panes = "C2"
        self._status_choices(sheet, len(self.actions) + 1)

    def _status_choices(self, sheet, last_row: int) -> None:
        """A drop-down of the French statuses on the Status column (typing stays free)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        labels = ",".join(status_label(code) for code in ProgressStatus.values)
        choices = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        choices.showErrorMessage = False
        sheet.add_data_validation(choices)
        choices.add(f"D2:D{max(last_row, 2)}")

    def overview(self, sheet) -> None:
        h = self.labels
        per_year = ["status", "progress", "note", "planned_operating", "planned_investment",
                    "spent_operating", "spent_investment"]  # fmt: skip
        titles = [h["reference"], h["axis"], h["action"], h["pilots"]]
        highlighted = set()
        years = self.followup.years
        for year in years:
            for key in per_year:
                titles.append(f"{year} – {h[key]}")
                if year == self.year:
                    highlighted.add(len(titles))
        _header_row(sheet, titles, highlighted)
        planned = self.followup.planned
        for row, action in enumerate(self.actions, start=2):
            axis = (action.axis.parent or action.axis) if action.axis_id else None
            values = [
                (self.references[action.pk], None),
                (str(axis) if axis else "", None),
                (action.title, None),
                (self.pilots(action), None),
            ]
            history = self.followup.histories[action.lineage]
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
            for column, (value, number_format) in enumerate(values, start=1):
                _set(sheet.cell(row=row, column=column), value, number_format)
        _widths(sheet, [10, 30, 48, 30] + [16, 12, 40, 18, 18, 18, 18] * len(years))
        sheet.freeze_panes = "D2"

    def indicators(self, sheet) -> None:
        h = self.labels
        titles = [h[k] for k in ("reference", "action", "indicator", "unit", "year", "value",
                                 "target", "target_year")]  # fmt: skip
        _header_row(sheet, titles, highlighted={5})
        indicators = list(plan_indicators(self.plan))
        values = latest_values([i.pk for i in indicators])
        row = 2
        for indicator in indicators:
            measured = values.get(indicator.pk, {})
            for year in sorted({*measured, self.year}):
                value = measured[year].value if year in measured else None
                cells = [
                    (self.references.get(indicator.action_id, ""), None),
                    (indicator.action.title, None),
                    (indicator.name, None),
                    (indicator.unit, None),
                    (year, YEAR_FORMAT),
                    (value, _number_format(value)),
                    (indicator.target, _number_format(indicator.target)),
                    (indicator.target_year, YEAR_FORMAT),
                ]
                for column, (cell_value, number_format) in enumerate(cells, start=1):
                    _set(sheet.cell(row=row, column=column), cell_value, number_format)
                row += 1
        _widths(sheet, [10, 48, 40, 12, 8, 14, 14, 12])
        sheet.freeze_panes = "D2"


def fill_in_sheet_name(year: int) -> str:
    return sheet_name(_("Fill-in %(year)s") % {"year": year})


def export_followup_xlsx(plan: Plan, year: int, output: BinaryIO) -> None:
    """Write the follow-up XLSX of ``plan`` into the binary stream ``output``; ``year`` is
    the year to fill in (its sheet comes first, its columns are highlighted)."""
    from openpyxl import Workbook

    book = FollowupWorkbook(plan, year)
    workbook = Workbook()
    fill_in = workbook.active
    fill_in.title = fill_in_sheet_name(year)
    book.fill_in(fill_in)
    book.overview(workbook.create_sheet(sheet_name(_("Actions"))))
    book.indicators(workbook.create_sheet(sheet_name(_("Indicators"))))
    workbook.save(output)
