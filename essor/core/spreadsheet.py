"""Cells of CSV and XLSX exports."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value for an export cell: text that would be a formula is kept as text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An XLSX file with one sheet per entry: bold, frozen header row, formula-safe cells."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        # Sheet names: at most 31 characters, none of []:*?/\ (Excel refuses the file).
        name = str(title)[:31].translate({ord(c): " " for c in "[]:*?/\\"}) or "Feuille"
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([safe_cell(cell) for cell in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
