"""Paragraphs of a Word (.docx) or OpenDocument (.odt) file, read as a stream.

The archive is inspected first (essor.core.uploads.check_archive), then
the document's XML is read paragraph by paragraph and each one forgotten
once given, so the caller can stop at its cap after reading only what it
keeps: a 400 KB file of 440,000 paragraphs costs no more than its first few
hundred. Entities are not expanded and nothing is fetched from the network.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from essor.core.uploads import UploadRejected, open_archive

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODT_CONTAINERS = {f"{TEXT}list", f"{TEXT}list-item", f"{TEXT}list-header", f"{TEXT}section"}


class NotADocument(Exception):
    """The file is not a readable document of that format."""


# (is_heading, paragraph number, text)
Paragraph = tuple[bool, int, str]


def _iterparse(stream, tags):
    return etree.iterparse(
        stream, events=("end",), tag=tags, resolve_entities=False, no_network=True, recover=False
    )


def _forget(element) -> None:
    """Free a paragraph and what came before it at its level."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _open(source, member: str) -> zipfile.ZipFile:
    try:
        archive = open_archive(source)
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NotADocument from error
    if member not in archive.namelist():
        archive.close()
        raise NotADocument
    return archive


def _docx_style_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Style id -> style name ("Titre1" -> "heading 1"), from word/styles.xml."""
    if "word/styles.xml" not in archive.namelist():
        return {}
    names = {}
    with archive.open("word/styles.xml") as stream:
        for _event, style in _iterparse(stream, f"{W}style"):
            name = style.find(f"{W}name")
            if name is not None:
                names[style.get(f"{W}styleId", "")] = name.get(f"{W}val", "")
            style.clear()
    return names


def _docx_text(paragraph) -> str:
    parts = []
    for element in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if element.tag == f"{W}t":
            parts.append(element.text or "")
        elif element.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def docx_paragraphs(source) -> Iterator[tuple[str, int, str]]:
    """(style name, number, text) of each paragraph of the document's body, in order."""
    archive = _open(source, "word/document.xml")
    try:
        styles = _docx_style_names(archive)
        with archive.open("word/document.xml") as stream:
            number = 0
            for _event, paragraph in _iterparse(stream, f"{W}p"):
                parent = paragraph.getparent()
                if parent is None or parent.tag != f"{W}body":
                    continue  # in a table or a text box: python-docx leaves them out too
                number += 1
                style = paragraph.find(f"{W}pPr/{W}pStyle")
                style_id = style.get(f"{W}val", "") if style is not None else ""
                yield styles.get(style_id, style_id), number, _docx_text(paragraph)
                _forget(paragraph)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise NotADocument from error
    finally:
        archive.close()


def _odt_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}line-break":
            parts.append("\n")
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}s":
            count = child.get(f"{TEXT}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 1000))
        elif isinstance(child.tag, str):
            parts.append(_odt_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _in_body_flow(element) -> bool:
    """A paragraph of the text itself, maybe in lists or sections (not in a table, a note)."""
    parent = element.getparent()
    while parent is not None and parent.tag in ODT_CONTAINERS:
        parent = parent.getparent()
    return parent is not None and parent.tag == f"{OFFICE}text"


def odt_paragraphs(source) -> Iterator[tuple[bool, int, str]]:
    """(is a heading, number, text) of each paragraph of content.xml, in order."""
    archive = _open(source, "content.xml")
    try:
        with archive.open("content.xml") as stream:
            number = 0
            for _event, element in _iterparse(stream, (f"{TEXT}p", f"{TEXT}h")):
                if not _in_body_flow(element):
                    continue
                number += 1
                yield element.tag == f"{TEXT}h", number, _odt_text(element)
                _forget(element)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise NotADocument from error
    finally:
        archive.close()
