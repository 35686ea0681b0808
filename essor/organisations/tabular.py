"""Reading an uploaded CSV or XLSX file into a header and numbered rows.

The file is read once, at upload, through the guards of essor.core.uploads
(size, zip inspection, row cap counting blank rows, NUL bytes); the table it
gives is kept between the steps of the import under a random token
remembered in the user's session (``store_table``, ``load_table``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from essor.core import uploads
from essor.core.text import fold

MAX_ROWS = 20_000
EXTENSIONS = (".csv", ".xlsx")
SEPARATORS = (";", ",", "\t")

# The guards' refusals are this module's errors too: callers catch one class.
ImportFileError = uploads.UploadRejected


@dataclass
class Table:
    headers: list[str]
    # (line or row number as in the file, cells), blank lines left out
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


# ---------------------------------------------------------------- between the steps


def store_table(table: Table) -> str:
    """Keep a parsed table until ``discard``; returns its token."""
    return uploads.store({"headers": table.headers, "rows": table.rows})


def load_table(token) -> Table | None:
    data = uploads.load(token)
    if not isinstance(data, dict):
        return None
    return Table(
        headers=list(data["headers"]), rows=[(line, cells) for line, cells in data["rows"]]
    )


discard = uploads.discard


# ---------------------------------------------------------------- reading


def extension_of(name: str) -> str:
    return Path(name or "").suffix.lower()


def read_upload(upload) -> Table:
    """Read an uploaded file (Django ``UploadedFile``) once; ImportFileError in French."""
    uploads.check_size(upload.size)
    upload.seek(0)
    if extension_of(upload.name) == ".xlsx":
        return read_xlsx(upload)
    return read_csv(upload)


def read_table(path: Path) -> Table:
    """Read a .csv or .xlsx file on disk (the commands); ImportFileError in French."""
    uploads.check_size(path.stat().st_size)
    with open(path, "rb") as handle:
        if path.suffix.lower() == ".xlsx":
            return read_xlsx(handle)
        return read_csv(handle)


# What openpyxl raises on a damaged workbook: a bad zip or deflate stream, malformed XML
# (ParseError is a SyntaxError), a missing part, a value of the wrong type.
BROKEN_WORKBOOK = (
    zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, KeyError, OSError, ValueError,
    TypeError, IndexError,
)  # fmt: skip
ENCODINGS = ("utf-8-sig", "cp1252")  # UTF-8 (with or without BOM), else Excel's on Windows
CHUNK = 1024 * 1024


def _encoding(handle: BinaryIO) -> str:
    """The first of ENCODINGS that decodes the whole file, read in chunks."""
    for encoding in ENCODINGS:
        handle.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError(
        _("The file's encoding is not recognised: save it as CSV UTF-8 and try again.")
    )


def guess_separator(header_line: str) -> str:
    """The separator appearing most often outside quotes in the header line (default ";")."""
    outside_quotes = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: outside_quotes.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _first_line(text) -> str:
    """The first non-blank line, looking no further than the line cap allows."""
    for count, line in enumerate(text, start=1):
        if line.strip() or count > uploads.max_lines(MAX_ROWS):
            return line
    return ""


def _csv_rows(reader):
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        yield line, [cell.strip() for cell in cells]


def read_csv(data: bytes | BinaryIO) -> Table:
    """Read a CSV file as a stream, stopping at the row cap (blank lines count)."""
    handle = io.BytesIO(data) if isinstance(data, bytes) else data
    head = handle.read(4096)
    # Many NUL bytes at the start: UTF-16 ("Unicode text") or a binary file.
    if head.startswith(b"PK\x03\x04") or head.count(b"\x00") > len(head) // 10:
        raise ImportFileError(
            _("This file is not a CSV text file: if it is an Excel workbook, name it .xlsx.")
        )
    encoding = _encoding(handle)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        separator = guess_separator(_first_line(text))
        text.seek(0)
        reader = csv.reader(text, delimiter=separator)
        rows = list(uploads.capped_rows(_csv_rows(reader), max_rows=MAX_ROWS))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read (%(error)s): check the quotes.")
            % {"line": reader.line_num, "error": error}
        ) from None
    finally:
        text.detach()  # the caller owns the file
    return make_table(rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # numbers typed in Excel (SIRET, INSEE code) come as floats
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(sheet):
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        yield number, [_cell_text(v) for v in values]


def read_xlsx(source: Path | BinaryIO) -> Table:
    """First sheet of a workbook (a path or a binary file), after inspecting the zip."""
    from openpyxl import load_workbook

    not_a_workbook = ImportFileError(
        _("This file is not a valid Excel workbook (.xlsx): if it is a CSV file, name it .csv.")
    )
    handle = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115
    try:
        handle.seek(0)
        magic = handle.read(4)
        if magic != b"PK\x03\x04":
            raise ImportFileError(_("The file is empty.")) if not magic else not_a_workbook
        handle.seek(0)
        try:
            uploads.open_archive(handle).close()
            handle.seek(0)
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except ImportFileError:  # a ValueError too: keep its own message
            raise
        except BROKEN_WORKBOOK:
            raise not_a_workbook from None
        try:
            if not workbook.worksheets:
                raise ImportFileError(_("The file is empty."))
            sheet = workbook.worksheets[0]
            rows = list(uploads.capped_rows(_xlsx_rows(sheet), max_rows=MAX_ROWS))
        except ImportFileError:
            raise
        except IndexError:  # a cell refers to a shared string the file does not hold
            raise ImportFileError(
                _(
                    "This workbook is damaged: a cell refers to a text the file does not "
                    "contain. Open it in your spreadsheet software and save it again."
                )
            ) from None
        except BROKEN_WORKBOOK:
            raise not_a_workbook from None
        finally:
            workbook.close()
    finally:
        if handle is not source:
            handle.close()
    return make_table(rows)


def make_table(rows: list[tuple[int, list[str]]]) -> Table:
    """The header and data rows of a file read as (line, cells): headers checked (a
    header line that looks like data, a name given twice), blank trailing ones dropped."""
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header_line, headers = rows[0]
    while headers and not headers[-1]:
        headers.pop()
    numbers = [h for h in headers if len(h) >= 5 and h.replace(" ", "").isdigit()]
    if numbers:  # a SIRET or a postcode where a column name is expected
        raise ImportFileError(
            _(
                "Line %(line)s must hold the names of the columns, but it looks like data "
                "(“%(cell)s”): add a header line."
            )
            % {"line": header_line, "cell": numbers[0]}
        )
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        if not header:
            headers[index] = _("Column %(number)s") % {"number": index + 1}
            continue
        key = fold(header)
        if key in seen:
            raise ImportFileError(
                _("The column “%(name)s” appears twice in the header line: rename one of them.")
                % {"name": header}
            )
        seen[key] = header
    if len(rows) == 1:
        raise ImportFileError(_("The file has a header line but no data."))
    return Table(headers=headers, rows=rows[1:])
