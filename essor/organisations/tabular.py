"""Reading an uploaded CSV or XLSX file into a header and numbered rows.

Also keeps the upload between the steps of the import, in a private
temporary folder (never under MEDIA_ROOT, which a web server may publish),
under a random token remembered in the user's session.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from essor.core.text import fold

MAX_ROWS = 20_000
EXTENSIONS = (".csv", ".xlsx")
SEPARATORS = (";", ",", "\t")
STALE_AFTER_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message is for the user (French)."""


@dataclass
class Table:
    headers: list[str]
    # (line or row number as in the file, cells), blank lines left out
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


# ---------------------------------------------------------------- storage


def import_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / "essor-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def store_upload(uploaded, extension: str) -> str:
    """Save an uploaded file under a new random token; returns the token."""
    _remove_stale_files()
    token = secrets.token_hex(16)
    path = import_dir() / f"{token}{extension}"
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return token


def stored_path(token, extension) -> Path | None:
    """The stored file of that token, or None if the token is malformed or the file gone."""
    if not (isinstance(token, str) and _TOKEN.match(token) and extension in EXTENSIONS):
        return None
    path = import_dir() / f"{token}{extension}"
    return path if path.exists() else None


def discard(token, extension) -> None:
    path = stored_path(token, extension)
    if path is not None:
        path.unlink(missing_ok=True)


def _remove_stale_files() -> None:
    """Uploads abandoned before the last step are removed after a day."""
    limit = time.time() - STALE_AFTER_SECONDS
    for path in import_dir().glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # removed meanwhile by another request
            pass


# ---------------------------------------------------------------- reading


def read_table(path: Path) -> Table:
    """Read a stored .csv or .xlsx file; raise ImportFileError with a French message."""
    if path.suffix == ".xlsx":
        return read_xlsx(path)
    return read_csv(path.read_bytes())


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (Excel's "CSV" on Windows)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The file's encoding is not recognised: save it as CSV UTF-8 and try again.")
    )


def guess_separator(header_line: str) -> str:
    """The separator appearing most often outside quotes in the header line (default ";")."""
    outside_quotes = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: outside_quotes.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def read_csv(data: bytes) -> Table:
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise ImportFileError(
            _("This file is not a CSV text file: if it is an Excel workbook, name it .xlsx.")
        )
    text = decode(data)
    first_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_separator(first_line))
    rows = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            cells = [cell.strip() for cell in cells]
            if any(cells):
                rows.append((line, cells))
                _check_row_count(len(rows))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s cannot be read (%(error)s): check the quotes.")
            % {"line": reader.line_num, "error": error}
        ) from None
    return _make_table(rows)


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


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    not_a_workbook = ImportFileError(
        _("This file is not a valid Excel workbook (.xlsx): if it is a CSV file, name it .csv.")
    )
    with open(path, "rb") as handle:
        if handle.read(4) != b"PK\x03\x04":
            if path.stat().st_size == 0:
                raise ImportFileError(_("The file is empty."))
            raise not_a_workbook
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise not_a_workbook from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
                _check_row_count(len(rows))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise not_a_workbook from None
    finally:
        workbook.close()
    return _make_table(rows)


def _check_row_count(count: int) -> None:
    # +1: the header line is not a data row
    if count > MAX_ROWS + 1:
        raise ImportFileError(
            _("The file has more than %(max)s rows: split it into several files.")
            % {"max": f"{MAX_ROWS:_}".replace("_", "\u202f")}
        )


def _make_table(rows: list[tuple[int, list[str]]]) -> Table:
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
