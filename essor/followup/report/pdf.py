"""The report as PDF (reportlab), in DejaVu Sans when installed: unlike the standard
Helvetica, it has the narrow and plain non-breaking spaces of French typography."""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from essor.followup.report import layout
from essor.followup.report.fonts import font_path
from essor.followup.report.images import png_size

# Helvetica (the fallback) only covers Latin-1: these signs are replaced when it is used.
LATIN1 = {"\u202f": " ", "\u00a0": " ", "\u2011": "-", "…": "...", "–": "-", "—": "-"}


@cache
def _fonts() -> tuple[str, str]:
    regular, bold = font_path(), font_path(bold=True)
    if not (regular and bold):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("DejaVuSans", regular))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold))
    pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold")
    return "DejaVuSans", "DejaVuSans-Bold"


def _text(value) -> str:
    text = str(value)
    if _fonts()[0] == "Helvetica":
        for sign, replacement in LATIN1.items():
            text = text.replace(sign, replacement)
    return escape(text).replace("\n", "<br/>")


def _styles() -> dict:
    regular, bold = _fonts()
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName=regular)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=sheet["Title"], fontName=bold),
        "h1": ParagraphStyle("h1", parent=sheet["Heading1"], fontName=bold, fontSize=15),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontName=bold, fontSize=11.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=body, fontName=bold, fontSize=8, leading=10),
        "bullets": ParagraphStyle("bullets", parent=body, leftIndent=12),
    }


def _footer(canvas, document):
    canvas.setFont(_fonts()[0], 8)
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(canvas.getPageNumber()))


def render_pdf(document: layout.Document) -> bytes:
    styles = _styles()
    story = [
        Spacer(1, 50 * mm),
        Paragraph(_text(document.title), styles["title"]),
        Paragraph(f"<b>{_text(document.subtitle)}</b>", styles["body"]),
        *[Paragraph(_text(line), styles["body"]) for line in document.cover_lines],
        PageBreak(),
    ]
    for block in document.blocks:
        if isinstance(block, layout.Heading):
            story.append(Paragraph(_text(block.text), styles[f"h{block.level}"]))
        elif isinstance(block, layout.Paragraph):
            story.append(Paragraph(_text(block.text), styles["body"]))
        elif isinstance(block, layout.Bullets):
            # One paragraph per list: thousands of list items made the layout slow.
            lines = "<br/>".join(f"•\u00a0{_text(item)}" for item in block.items)
            story.append(Paragraph(lines, styles["bullets"]))
        elif isinstance(block, layout.Table):
            story.append(_table(block, styles))
            story.append(Spacer(1, 3 * mm))
        elif isinstance(block, layout.Image):
            width, height = png_size(block.png)
            story.append(Image(io.BytesIO(block.png), width=block.width_cm * cm,
                               height=block.width_cm * cm * height / width))  # fmt: skip
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
        bottomMargin=18 * mm, title=document.title, author="Essor", lang="fr-FR",
        subject=document.subtitle,
    )  # fmt: skip
    pdf.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _table(block: layout.Table, styles) -> Table:
    width = A4[0] - 36 * mm
    columns = max(len(row) for row in block.rows)
    widths = [width * 0.35, width * 0.65] if columns == 2 else [width / columns] * columns
    plain = width / columns / (0.6 * styles["cell"].fontSize)  # characters a column holds

    def cell(index: int, column: int, value) -> object:
        head = (index == 0 and not block.key_value) or (block.key_value and column == 0)
        text = str(value)
        if not head and len(text) < plain and "\n" not in text:
            # Short figures as plain strings: a paragraph per cell of a 3,000-row table
            # made the layout several times slower.
            return text if _fonts()[0] != "Helvetica" else _text(text)
        return Paragraph(_text(value), styles["head" if head else "cell"])

    rows = [
        [cell(index, column, value) for column, value in enumerate(row)]
        for index, row in enumerate(block.rows)
    ]
    table = Table(rows, colWidths=widths, repeatRows=0 if block.key_value else 1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), _fonts()[0], styles["cell"].fontSize),
    ]
    shaded = (0, 0), (0, -1) if block.key_value else (-1, 0)
    commands.append(("BACKGROUND", *shaded, colors.HexColor("#e6e6e6")))
    table.setStyle(TableStyle(commands))
    return table
