"""The roadmap as a Word document (python-docx), with a TOC field filled with the headings."""

from __future__ import annotations

import io

import docx
from django.utils.translation import gettext as _
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from essor.plans.documents import content


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
        run = paragraph.add_run(line)
        if index < len(placeholder_lines) - 1:
            run.add_break()
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


class _Writer:
    """Adds paragraphs with their style set by id: python-docx's lookup by name or style
    object scans every style each time, which dominated the time of a 300-action plan."""

    def __init__(self, document):
        self.document = document
        names = ["List Bullet", "Heading 1", "Heading 2", "Heading 3"]
        self.ids = {name: document.styles[name].style_id for name in names}

    def paragraph(self, text: str = "", style: str | None = None):
        paragraph = self.document.add_paragraph(text)
        if style:
            paragraph._p.style = self.ids[style]
        return paragraph


def render_docx(roadmap: content.Roadmap) -> bytes:
    document = docx.Document()
    writer = _Writer(document)
    document.core_properties.title = roadmap.title
    document.core_properties.language = "fr-FR"
    document.add_heading(roadmap.title, level=0)
    document.add_paragraph(roadmap.subtitle).runs[0].bold = True
    for line in roadmap.cover_lines:
        document.add_paragraph(line)
    document.add_page_break()
    document.add_paragraph(_("Table of contents"), style="TOC Heading")
    entries = [("    " * (h.level - 1)) + h.text for h in roadmap.headings()]
    _field(document.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', entries)
    for block in roadmap.blocks:
        if isinstance(block, content.Heading):
            writer.paragraph(block.text, f"Heading {block.level}")
        elif isinstance(block, content.Paragraph):
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = block.bold
        elif isinstance(block, content.Bullets):
            for item in block.items:
                writer.paragraph(item, "List Bullet")
        elif isinstance(block, content.Table):
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for index, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = str(value)
                    if index == 0 and not block.key_value:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
            document.add_paragraph()
        elif isinstance(block, content.PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
