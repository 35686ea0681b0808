"""CSV cells follow their separator; XLSX cells keep their types."""

import csv
import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from essor.core.spreadsheet import csv_bytes, workbook_bytes

ROW = ["=1+1", Decimal("1234.50"), 12.25, 7, Decimal("3000.00"), dt.date(2027, 3, 1), True]


def _read(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_semicolon_csv_uses_decimal_commas():
    assert _read(csv_bytes([ROW], ";"), ";") == [
        ["'=1+1", "1234,50", "12,25", "7", "3000", "01/03/2027", "1"]
    ]


def test_comma_csv_uses_decimal_points():
    assert _read(csv_bytes([ROW], ","), ",") == [
        ["'=1+1", "1234.50", "12.25", "7", "3000", "01/03/2027", "1"]
    ]


def test_workbook_cells_are_typed_with_french_date_format():
    book = load_workbook(io.BytesIO(workbook_bytes({"Feuille": [["a"] * len(ROW), ROW]})))
    cells = list(book["Feuille"].iter_rows(min_row=2))[0]
    assert cells[0].value == "'=1+1"
    assert [cell.data_type for cell in cells[1:5]] == ["n"] * 4
    assert sum(cell.value for cell in cells[1:5]) == 1234.5 + 12.25 + 7 + 3000
    assert cells[5].value == dt.datetime(2027, 3, 1) and cells[5].number_format == "DD/MM/YYYY"
