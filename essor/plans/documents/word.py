"""The roadmap as a Word document, with a TOC field filled with the headings.

python-docx provides the package, the styles and the TOC field; the body is
appended as WordprocessingML elements directly: python-docx's per-paragraph
API (style lookups, element insertion) made a 300-action plan take seconds.
"""

from __future__ import annotations

import io
import re

import docx
from django.utils.translation import gettext as _
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from essor.plans.documents import content

# Characters XML 1.0 refuses (a pasted text may hold some).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
PAGE_WIDTH_TWIPS = 9000


def _field(paragraph, instruction: str, placeholder_lines: list[str]) -> None:
    """A complex field (begin, instruction, separate, current result, end) Word can update."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # ask Word to refresh page numbers on opening
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    for index, line in enumerate(placeholder_lines):
        run = paragraph.add_run(CONTROL.sub("", line))
        if index < len(placeholder_lines) - 1:
            run.add_break()
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _sub(parent, tag: str, **attributes):
    element = etree.SubElement(parent, qn(tag))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _paragraph(text: str, style_id: str | None = None, *, bold=False, page_break=False):
    p = etree.Element(qn("w:p"))
    if style_id:
        _sub(_sub(p, "w:pPr"), "w:pStyle", val=style_id)
    run = _sub(p, "w:r")
    if page_break:
        _sub(run, "w:br", type="page")
        return p
    if bold:
        _sub(_sub(run, "w:rPr"), "w:b")
    for index, line in enumerate(CONTROL.sub("", str(text)).split("\n")):
        if index:
            _sub(run, "w:br")
        t = _sub(run, "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
    return p


def _table(block: content.Table, style_id: str):
    width = max(len(row) for row in block.rows)
    widths = [2700, PAGE_WIDTH_TWIPS - 2700] if width == 2 else [PAGE_WIDTH_TWIPS // width] * width
    tbl = etree.Element(qn("w:tbl"))
    properties = _sub(tbl, "w:tblPr")
    _sub(properties, "w:tblStyle", val=style_id)
    _sub(properties, "w:tblW", w=0, type="auto")
    grid = _sub(tbl, "w:tblGrid")
    for column in widths:
        _sub(grid, "w:gridCol", w=column)
    for index, row in enumerate(block.rows):
        tr = _sub(tbl, "w:tr")
        bold = index == 0 and not block.key_value
        for column, value in zip(widths, list(row) + [""] * (width - len(row)), strict=True):
            tc = _sub(tr, "w:tc")
            _sub(_sub(tc, "w:tcPr"), "w:tcW", w=column, type="dxa")
            tc.append(_paragraph(value, bold=bold or (block.key_value and column == widths[0])))
    return tbl


def render_docx(roadmap: content.Roadmap) -> bytes:
    document = docx.Document()
    document.core_properties.title = CONTROL.sub("", roadmap.title)
    document.core_properties.language = "fr-FR"
    styles = {
        name: document.styles[name].style_id
        for name in ("Title", "List Bullet", "Heading 1", "Heading 2", "Heading 3",
                     "Table Grid", "TOC Heading")
    }  # fmt: skip
    body = document.element.body
    section = body.find(qn("w:sectPr"))

    def add(element):
        section.addprevious(element)

    add(_paragraph(roadmap.title, styles["Title"]))
    add(_paragraph(roadmap.subtitle, bold=True))
    for line in roadmap.cover_lines:
        add(_paragraph(line))
    add(_paragraph("", page_break=True))
    add(_paragraph(_("Table of contents"), styles["TOC Heading"]))
    toc = document.add_paragraph()  # python-docx appends it before the section properties
    _field(toc, 'TOC \\o "1-3" \\h \\z \\u', [("    " * (h.level - 1)) + h.text
                                              for h in roadmap.headings()])  # fmt: skip
    for block in roadmap.blocks:
        if isinstance(block, content.Heading):
            add(_paragraph(block.text, styles[f"Heading {block.level}"]))
        elif isinstance(block, content.Paragraph):
            add(_paragraph(block.text, bold=block.bold))
        elif isinstance(block, content.Bullets):
            for item in block.items:
                add(_paragraph(item, styles["List Bullet"]))
        elif isinstance(block, content.Table):
            add(_table(block, styles["Table Grid"]))
            add(_paragraph(""))
        elif isinstance(block, content.PageBreak):
            add(_paragraph("", page_break=True))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
