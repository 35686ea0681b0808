"""Files built to overload an import, written to disk without ever being held whole.

Used by the tests (essor/core/tests/test_bombs.py) and by bench/bombs.py.
The zip members that inflate to hundreds of megabytes are deflated at level 9
once per megabyte: after a full flush, deflate starts afresh, so every
further megabyte of the same bytes compresses to the same block, which is
repeated (the CRC is still computed over every byte).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

MB = 1024 * 1024
UNIT = MB


def _deflated(prefix: bytes, unit: bytes = b"", count: int = 0, suffix: bytes = b""):
    """(compressed chunks, crc, size) of prefix + unit * count + suffix."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunks = [compressor.compress(prefix), compressor.flush(zlib.Z_FULL_FLUSH)]
    crc = zlib.crc32(prefix)
    if count:
        block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
        for _ in range(count):
            crc = zlib.crc32(unit, crc)
        chunks.append((block, count))
    chunks += [compressor.compress(suffix), compressor.flush()]
    crc = zlib.crc32(suffix, crc)
    return chunks, crc & 0xFFFFFFFF, len(prefix) + len(unit) * count + len(suffix)


def write_zip(path: Path, members: Iterable[tuple[str, tuple]]) -> Path:
    """A zip of deflated members, each given as _deflated's arguments."""
    central = []
    with open(path, "wb") as out:
        for name, spec in members:
            chunks, crc, size = _deflated(*spec)
            compressed = sum(len(c[0]) * c[1] if isinstance(c, tuple) else len(c) for c in chunks)
            offset = out.tell()
            encoded = name.encode()
            out.write(
                struct.pack(
                    "<4s2B4HL2L2H",
                    b"PK\x03\x04",
                    20,
                    0,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    compressed,
                    size,
                    len(encoded),
                    0,
                )  # fmt: skip
            )
            out.write(encoded)
            for chunk in chunks:
                if isinstance(chunk, tuple):
                    for _ in range(chunk[1]):
                        out.write(chunk[0])
                else:
                    out.write(chunk)
            central.append((encoded, crc, compressed, size, offset))
        start = out.tell()
        for encoded, crc, compressed, size, offset in central:
            out.write(
                struct.pack(
                    "<4s4B4HL2L5H2L",
                    b"PK\x01\x02",
                    20,
                    0,
                    20,
                    0,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    compressed,
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )  # fmt: skip
            )
            out.write(encoded)
        end = out.tell()
        out.write(
            struct.pack(
                "<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), end - start, start, 0
            )  # fmt: skip
        )
    return path


# ---------------------------------------------------------------- Word and OpenDocument

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_many_paragraphs(path: Path, count: int = 440_000, *, blank: bool = False) -> Path:
    """A Word file of ``count`` tiny paragraphs (about 400 KB zipped)."""
    # Numbers, one in three distinct, so that it zips to about 400 KB as a real file would.
    paragraphs = b"".join(
        b"<w:p/>"
        if blank
        else b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % (i if i % 3 == 0 else i % 100)
        for i in range(count)
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
        + paragraphs
        + b"</w:body></w:document>"
    )
    return write_zip(
        path,
        [
            ("[Content_Types].xml", (DOCX_TYPES,)),
            ("_rels/.rels", (DOCX_RELS,)),
            ("word/document.xml", (document,)),
        ],
    )


ODT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b"<office:body><office:text><text:p>"
)
ODT_TAIL = b"</text:p></office:text></office:body></office:document-content>"


def odt_inflating(path: Path, megabytes: int = 480) -> Path:
    """An OpenDocument text whose content.xml inflates to ``megabytes`` (under 1 MB zipped)."""
    return write_zip(
        path,
        [
            ("mimetype", (b"application/vnd.oasis.opendocument.text",)),
            ("content.xml", (ODT_HEAD, b"a" * UNIT, megabytes, ODT_TAIL)),
        ],
    )


# ---------------------------------------------------------------- Excel

XLSX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
XLSX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
XLSX_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
XLSX_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
SST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _header_row() -> bytes:
    return b'<row r="1">' + _inline("A1", "Titre") + _inline("B1", "Axe") + b"</row>"


def xlsx_with_parts(path: Path, sheet: tuple, shared: tuple) -> Path:
    """A workbook of one sheet from its XML parts (each given as _deflated's arguments)."""
    return write_zip(
        path,
        [
            ("[Content_Types].xml", (XLSX_TYPES,)),
            ("_rels/.rels", (XLSX_RELS,)),
            ("xl/workbook.xml", (XLSX_WORKBOOK,)),
            ("xl/_rels/workbook.xml.rels", (XLSX_WORKBOOK_RELS,)),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", shared),
        ],
    )


def xlsx_shared_strings(path: Path, megabytes: int = 1536) -> Path:
    """A workbook whose sharedStrings.xml inflates to ``megabytes`` (about 1.5 MB zipped)."""
    sheet = SHEET_HEAD + _header_row() + SHEET_TAIL
    return xlsx_with_parts(
        path, (sheet,), (SST_HEAD + b"<si><t>", b"A" * UNIT, megabytes, b"</t></si></sst>")
    )


def xlsx_missing_shared_string(path: Path) -> Path:
    """A workbook whose cell B2 refers to shared string 7 of a list of one."""
    row = b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>7</v></c></row>'
    sheet = SHEET_HEAD + _header_row() + row + SHEET_TAIL
    return xlsx_with_parts(path, (sheet,), (SST_HEAD + b"<si><t>Action</t></si></sst>",))


def xlsx_blank_rows(path: Path, blank: int = 5_000_000) -> Path:
    """A workbook with a row, then ``blank`` blank rows before its last one (a few KB)."""
    last = blank + 3
    rows = (
        _header_row()
        + b'<row r="2">' + _inline("A2", "Action") + b"</row>"
        + f'<row r="{last}">'.encode() + _inline(f"A{last}", "Dernière") + b"</row>"
    )  # fmt: skip
    return xlsx_with_parts(path, (SHEET_HEAD + rows + SHEET_TAIL,), (SST_HEAD + b"</sst>",))


# ---------------------------------------------------------------- text


def csv_blank_rows(path: Path, blank: int = 5_000_000) -> Path:
    """A CSV file with one action then ``blank`` empty lines (5 MB)."""
    with open(path, "wb") as out:
        out.write("Titre;Axe\nAction;1. Coopérer\n".encode())
        for _ in range(blank // 100_000):
            out.write(b"\n" * 100_000)
    return path


def csv_with_nul(path: Path) -> Path:
    """A CSV file with a NUL byte in its line 302, past the first 4 KB."""
    filler = "".join(f"Action {i};1. Coopérer\n" for i in range(300))
    path.write_bytes(("Titre;Axe\n" + filler).encode() + b"Act\x00ion;1. Coop\xc3\xa9rer\n")
    return path


def yaml_deep(path: Path, depth: int = 100_000) -> Path:
    """A YAML file of ``depth`` nested lists (200 KB)."""
    path.write_bytes(b"[" * depth + b"]" * depth)
    return path
