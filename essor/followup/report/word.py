"""The report as a Word document (python-docx for the package, styles and pictures; the
paragraphs and tables written as WordprocessingML directly, as the roadmap does, because
python-docx's per-cell API is slow on a 300-action plan)."""

from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from essor.followup.report import layout

# Characters XML 1.0 refuses (a pasted note may hold some).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PAGE_WIDTH_TWIPS = 9600


def _sub(parent, tag: str, **attributes):
    element = etree.SubElement(parent, qn(tag))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _paragraph(text: str, style_id: str | None = None, *, bold=False, size=None, page_break=False):
    p = etree.Element(qn("w:p"))
    if style_id:
        _sub(_sub(p, "w:pPr"), "w:pStyle", val=style_id)
    run = _sub(p, "w:r")
    if page_break:
        _sub(run, "w:br", type="page")
        return p
    if bold or size:
        properties = _sub(run, "w:rPr")
        if bold:
            _sub(properties, "w:b")
        if size:
            _sub(properties, "w:sz", val=size)
    for index, line in enumerate(CONTROL.sub("", str(text)).split("\n")):
        if index:
            _sub(run, "w:br")
        t = _sub(run, "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
    return p


def _table(block: layout.Table, style_id: str):
    width = max(len(row) for row in block.rows)
    first = 2700 if width == 2 else PAGE_WIDTH_TWIPS // width
    widths = [first] + [(PAGE_WIDTH_TWIPS - first) // (width - 1)] * (width - 1)
    tbl = etree.Element(qn("w:tbl"))
    properties = _sub(tbl, "w:tblPr")
    _sub(properties, "w:tblStyle", val=style_id)
    _sub(properties, "w:tblW", w=0, type="auto")
    grid = _sub(tbl, "w:tblGrid")
    for column in widths:
        _sub(grid, "w:gridCol", w=column)
    for index, row in enumerate(block.rows):
        tr = _sub(tbl, "w:tr")
        if index == 0 and not block.key_value:
            _sub(_sub(tr, "w:trPr"), "w:tblHeader")  # repeated on each page
        for column, value in enumerate(list(row) + [""] * (width - len(row))):
            tc = _sub(tr, "w:tc")
            _sub(_sub(tc, "w:tcPr"), "w:tcW", w=widths[column], type="dxa")
            header = (index == 0 and not block.key_value) or (block.key_value and column == 0)
            tc.append(_paragraph(value, bold=header, size=17))
    return tbl


def render_docx(document: layout.Document) -> bytes:
    word = docx.Document()
    word.core_properties.title = CONTROL.sub("", document.title)
    word.core_properties.language = "fr-FR"
    styles = {
        name: word.styles[name].style_id
        for name in ("Title", "List Bullet", "Heading 1", "Heading 2", "Table Grid")
    }
    section = word.element.body.find(qn("w:sectPr"))
    add = section.addprevious
    add(_paragraph(document.title, styles["Title"]))
    add(_paragraph(document.subtitle, bold=True))
    for line in document.cover_lines:
        add(_paragraph(line))
    add(_paragraph("", page_break=True))
    for block in document.blocks:
        if isinstance(block, layout.Heading):
            add(_paragraph(block.text, styles[f"Heading {block.level}"]))
        elif isinstance(block, layout.Paragraph):
            add(_paragraph(block.text))
        elif isinstance(block, layout.Bullets):
            for item in block.items:
                add(_paragraph(item, styles["List Bullet"]))
        elif isinstance(block, layout.Table):
            add(_table(block, styles["Table Grid"]))
            add(_paragraph(""))
        elif isinstance(block, layout.Image):
            # python-docx appends the picture's paragraph last: before the section, in order.
            shape = word.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
            shape._inline.docPr.set("descr", block.description)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
