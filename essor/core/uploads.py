"""Guards shared by every import, applied before a parser sees the file.

A small upload can still cost gigabytes once parsed: an Office or
OpenDocument file is a zip whose members may inflate a thousandfold, a
spreadsheet may hold millions of blank rows, a YAML file may nest a hundred
thousand levels. Each import therefore:

- refuses a file larger than its size limit (``check_size``),
- inspects a zip's table of contents before opening it (``check_archive``):
  member count, each member's size, the total and the compression ratio,
  as declared by the archive; Python's zipfile never inflates a member past
  its declared size, so the declared sizes bound the work;
- reads rows as a stream and stops at a cap that counts blank rows too
  (``capped_rows``), and refuses a NUL byte (PostgreSQL cannot store it);
- keeps what it parsed, not the file, between the steps of an import, in the
  database under a random token (``store``, ``load``, ``discard``): a file is
  parsed once, nothing is left behind, and the next step may be served by
  another application server.

Every refusal is an ``UploadRejected`` whose message is for the user.
"""

from __future__ import annotations

import json
import re
import secrets
import zipfile
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.models import PendingImport
from essor.core.tokens import hash_token

MB = 1024 * 1024
# A real document or workbook stays far below these; a bomb does not.
MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 60 * MB  # a 20,000-row, 25-column worksheet is about 30 MB
MAX_TOTAL_BYTES = 120 * MB
# Compression ratio allowed for a member larger than RATIO_FROM_BYTES: XML
# compresses 5 to 30 times; repeated bytes a thousand times.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 * MB
STALE_AFTER_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadRejected(ValueError):
    """The file cannot be imported; the message is for the user (French)."""


def number(value: int) -> str:
    """20000 -> "20 000" (narrow no-break space, as French writes it)."""
    return f"{value:_}".replace("_", "\u202f")


# ---------------------------------------------------------------- size


def upload_limit() -> int:
    """Largest upload accepted by an import (ESSOR_UPLOAD_MAX_BYTES)."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def check_size(size: int, limit: int | None = None) -> None:
    """Refuse an empty file or one larger than ``limit`` (default: ``upload_limit()``)."""
    limit = upload_limit() if limit is None else limit
    if size == 0:
        raise UploadRejected(_("The file is empty."))
    if limit and size > limit:
        raise UploadRejected(
            _("The file is too large (%(size)s, at most %(max)s): split it.")
            % {"size": filesizeformat(size), "max": filesizeformat(limit)}
        )


# ---------------------------------------------------------------- archives


def check_archive(
    archive: zipfile.ZipFile,
    *,
    max_members: int = MAX_MEMBERS,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    max_ratio: int = MAX_RATIO,
) -> None:
    """Refuse a zip (.docx, .odt, .xlsx) that would inflate out of proportion."""
    members = archive.infolist()
    if len(members) > max_members:
        raise UploadRejected(
            _("The file holds %(count)s parts (at most %(max)s): it is not a usual document.")
            % {"count": number(len(members)), "max": number(max_members)}
        )
    total = 0
    for member in members:
        total += member.file_size
        too_big = member.file_size > max_member_bytes or total > max_total_bytes
        ratio = member.file_size / max(member.compress_size, 1)
        if too_big or (member.file_size > RATIO_FROM_BYTES and ratio > max_ratio):
            raise UploadRejected(
                _(
                    "The file unpacks to far more than its size (its part “%(member)s” inflates "
                    "to %(size)s): it is damaged or built to overload the server. Save it again "
                    "from your office software, or split it."
                )
                % {"member": member.filename[:80], "size": filesizeformat(member.file_size)}
            )


def open_archive(source, **limits) -> zipfile.ZipFile:
    """Open and check a zip; ``zipfile.BadZipFile`` when it is not one, else UploadRejected."""
    archive = zipfile.ZipFile(source)
    try:
        check_archive(archive, **limits)
    except UploadRejected:
        archive.close()
        raise
    return archive


# ---------------------------------------------------------------- rows


def max_lines(max_rows: int) -> int:
    """Lines read before giving up, blank ones included: twice the data rows allowed."""
    return 2 * max_rows + 1


def capped_rows(
    rows: Iterable[tuple[int, list[str]]], *, max_rows: int
) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of a stream of (line, cells), stopping past the caps.

    Blank rows are left out but counted: a file of millions of empty rows
    stops after ``max_lines(max_rows)`` lines instead of being read to the end.
    A NUL byte is refused with its line (PostgreSQL cannot store it, and it
    means the file is damaged or not text).
    """
    limit = max_lines(max_rows)
    kept = 0
    for read, (line, cells) in enumerate(rows, start=1):
        if read > limit:
            raise UploadRejected(
                _(
                    "The file has more than %(max)s lines, blank lines included: remove the "
                    "empty lines or split it into several files."
                )
                % {"max": number(limit)}
            )
        if any("\x00" in cell for cell in cells):
            raise UploadRejected(
                _(
                    "Line %(line)s holds a NUL character (an invisible zero byte): the file is "
                    "damaged or is not a text file. Save it again as CSV UTF-8."
                )
                % {"line": line}
            )
        if not any(cells):
            continue
        kept += 1
        if kept > max_rows + 1:  # +1: the header line is not a data row
            raise UploadRejected(
                _("The file has more than %(max)s rows: split it into several files.")
                % {"max": number(max_rows)}
            )
        yield line, cells


# ---------------------------------------------------------------- storage between steps


def store(data: Any) -> str:
    """Keep ``data`` (JSON) under a new random token until ``discard``; returns the token.

    In the database (``core.PendingImport``), seen by every application server."""
    remove_stale()
    token = secrets.token_hex(16)
    PendingImport.objects.create(key=hash_token(token), data=json.dumps(data, ensure_ascii=False))
    return token


def _key(token) -> str | None:
    if not (isinstance(token, str) and _TOKEN.match(token)):
        return None
    return hash_token(token)


def load(token) -> Any | None:
    """What was stored under ``token``, or None if the token is malformed or the data gone."""
    key = _key(token)
    if key is None:
        return None
    text = PendingImport.objects.filter(key=key).values_list("data", flat=True).first()
    return None if text is None else json.loads(text)


def discard(token) -> None:
    key = _key(token)
    if key is not None:
        PendingImport.objects.filter(key=key).delete()


def consume(token) -> bool:
    """Discard, telling whether it was still there. Called in the transaction that
    writes what was uploaded: a second run of the same import finds it gone (on
    PostgreSQL it waits for the first to commit), and a failed one puts it back."""
    key = _key(token)
    if key is None:
        return False
    deleted, _counts = PendingImport.objects.filter(key=key).delete()
    return deleted > 0


def remove_stale() -> int:
    """What was abandoned before the last step is removed after a day; returns how many."""
    limit = timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    deleted, _counts = PendingImport.objects.filter(created_at__lt=limit).delete()
    return deleted
