"""The roadmap as PDF (reportlab), with a table of contents built in two passes."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from essor.plans.documents import content

# The standard PDF fonts only cover Latin-1 (WinAnsi): replace the few other signs we write.
REPLACEMENTS = {"\u202f": " ", "\u00a0": " ", "✓": "(atteint)", "→": "->", "\u2011": "-"}


def _plain(value) -> str:
    text = str(value)
    for sign, replacement in REPLACEMENTS.items():
        text = text.replace(sign, replacement)
    return text


def _text(value) -> str:
    return escape(_plain(value)).replace("\n", "<br/>")


class _RoadmapTemplate(BaseDocTemplate):
    def __init__(self, buffer, **kwargs):
        super().__init__(buffer, pagesize=A4, **kwargs)
        frame = Frame(18 * mm, 18 * mm, A4[0] - 36 * mm, A4[1] - 36 * mm, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._footer)])

    def _footer(self, canvas, document):
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(canvas.getPageNumber()))

    def afterFlowable(self, flowable):
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            # PDF outlines cannot skip a level (an action sheet right under a level-1 title).
            outline_level = min(level - 1, self._outline_level + 1)
            self._outline_level = outline_level
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=outline_level)
            self.notify("TOCEntry", (level - 1, flowable.getPlainText(), self.page, key))

    def beforeDocument(self):
        self._outline_level = -1


def render_pdf(roadmap: content.Roadmap) -> bytes:
    sheet = getSampleStyleSheet()
    body = sheet["BodyText"]
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    bullets = ParagraphStyle("bullets", parent=body, leftIndent=12, firstLineIndent=0)
    headings = {level: sheet[f"Heading{level}"] for level in (1, 2, 3)}
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle(f"toc{i}", parent=body, leftIndent=10 * i, fontSize=10 - i) for i in range(3)
    ]
    story = [
        Spacer(1, 60 * mm),
        Paragraph(_text(roadmap.title), sheet["Title"]),
        Paragraph(f"<b>{_text(roadmap.subtitle)}</b>", body),
        *[Paragraph(_text(line), body) for line in roadmap.cover_lines],
        PageBreak(),
        Paragraph(_text(_("Table of contents")), headings[1]),
        toc,
        PageBreak(),
    ]
    for block in roadmap.blocks:
        if isinstance(block, content.Heading):
            paragraph = Paragraph(_text(block.text), headings[block.level])
            paragraph.toc_level = block.level
            story.append(paragraph)
        elif isinstance(block, content.Paragraph):
            text = _text(block.text)
            story.append(Paragraph(f"<b>{text}</b>" if block.bold else text, body))
        elif isinstance(block, content.Bullets):
            # One paragraph per list: thousands of list items made the layout slow.
            lines = "<br/>".join(f"•\u00a0{_text(item)}" for item in block.items)
            story.append(Paragraph(lines, bullets))
        elif isinstance(block, content.Table):
            story.append(_table(block, cell))
            story.append(Spacer(1, 3 * mm))
        elif isinstance(block, content.PageBreak):
            story.append(PageBreak())
    buffer = io.BytesIO()
    document = _RoadmapTemplate(
        buffer, title=roadmap.title, author="Essor", lang="fr-FR", subject=roadmap.subtitle
    )
    document.multiBuild(story)
    return buffer.getvalue()


def _table(block: content.Table, style) -> Table:
    width = A4[0] - 36 * mm
    columns = max(len(row) for row in block.rows)
    widths = [width * 0.3, width * 0.7] if columns == 2 else [width / columns] * columns
    # Short labels of a sheet are plain strings (no layout work); values wrap in paragraphs.
    rows = [
        [
            str(value)
            if block.key_value and index == 0 and len(str(value)) < 30
            else Paragraph(_text(value), style)
            for index, value in enumerate(row)
        ]
        for row in block.rows
    ]
    table = Table(rows, colWidths=widths, repeatRows=0 if block.key_value else 1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if block.key_value:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")))
        commands.append(("FONTSIZE", (0, 0), (0, -1), 8.5))
    else:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")))
    table.setStyle(TableStyle(commands))
    return table
