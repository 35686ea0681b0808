"""Cells of CSV and XLSX exports.

CSV: numbers follow the separator (a decimal comma with ";", as French
spreadsheets read it; a decimal point with ","), dates in French order.
XLSX: numbers and dates stay typed, so budgets can be summed and dates sorted;
the number formats are shown in the reader's locale (French in French Excel).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
DECIMAL_FORMAT = "#,##0.00"


def safe_cell(value):
    """The value for an export cell: text that would be a formula is kept as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """The text ``safe_cell`` protected, read back from an export (its leading apostrophe
    dropped), so that a file exported then imported reads as it was written."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def csv_cell(value, delimiter: str = ";") -> str:
    """The text of one CSV cell: numbers with the decimal mark that goes with ``delimiter``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if _is_number(value):
        if isinstance(value, Decimal):
            value = value.normalize() if value == value.to_integral() else value
            text = f"{value:f}"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = str(value)
        return text.replace(".", ",") if delimiter == ";" else text
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return safe_cell(str(value))


def csv_bytes(rows: list[list], delimiter: str = ";") -> bytes:
    """UTF-8 with a BOM (Excel reads the accents), CRLF lines, typed values as text."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(cell, delimiter) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def typed_cell(cell, value) -> None:
    """Set an openpyxl ``cell``: numbers and dates typed and formatted, text formula-safe."""
    if isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.value = value
        if value != value.to_integral():
            cell.number_format = DECIMAL_FORMAT
    else:
        cell.value = safe_cell(value)


def fill_sheet(sheet, rows: list[list]) -> None:
    """Rows into an openpyxl sheet: typed cells, bold frozen header row."""
    from openpyxl.styles import Font

    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            typed_cell(sheet.cell(row=row_number, column=column_number), value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def sheet_name(title) -> str:
    # At most 31 characters, none of []:*?/\ (Excel refuses the file).
    return str(title)[:31].translate({ord(c): " " for c in "[]:*?/\\"}) or "Feuille"


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX file with one sheet per entry: bold, frozen header row, typed cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        fill_sheet(workbook.create_sheet(sheet_name(title)), rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
