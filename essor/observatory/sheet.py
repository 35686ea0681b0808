"""The one-page sheet "L'ESS dans mon territoire", as PDF (reportlab) and ODT (odfpy).

Both carry the same content: key figures, one chart (ESS share of jobs in the
territory and its parents), the largest ESS employers as examples, the
comparison table, two texts written by the facilitator, source and dates.
The ODT is a plain text document the facilitator can edit in LibreOffice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from essor.observatory.charts import bar_chart
from essor.observatory.presentation import fmt, share_rows, source_line


@dataclass
class SheetContent:
    title: str
    keys: list[tuple[str, str]]
    chart_title: str
    chart_rows: list[tuple[str, float]]
    comparison_headers: list[str]
    comparison_rows: list[list[str]]
    employers: list[str]
    arguments: str
    dynamics: str
    source: str

    def texts(self) -> list[tuple[str, str]]:
        """The two written sections, without those left blank (the public sheet has
        no "dynamics" text: only the facilitators know them) or still holding the
        form's instruction: an untouched block prints nothing."""
        sections = [
            (_("Arguments for an ESS policy"), self.arguments),
            (_("Dynamics already under way"), self.dynamics),
        ]
        return [
            (label, text) for label, text in sections if text.strip() and not is_instruction(text)
        ]


def is_instruction(text: str) -> bool:
    """Whether ``text`` is the form's instruction for a block (in any language), not content."""
    from django.conf import settings
    from django.utils import translation

    from essor.observatory.forms import INSTRUCTIONS

    typed = " ".join(text.split())
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if any(typed == " ".join(str(hint).split()) for hint in INSTRUCTIONS):
                return True
    return False


def content(diagnostic: dict, largest, arguments: str, dynamics: str) -> SheetContent:
    d = diagnostic
    year = d["source"]["size_band_year"] or "?"
    jobs = d["ess"]["jobs"]
    shares = share_rows(d)
    return SheetContent(
        title=_("The ESS in my territory: %(name)s") % {"name": d["territory"]["name"]},
        keys=[
            (fmt(d["ess"]["establishments"]), _("ESS establishments")),
            (fmt(d["ess"]["employer_establishments"]), _("ESS employer establishments")),
            (
                fmt(jobs["central"]),
                _("estimated ESS jobs (%(low)s to %(high)s, %(year)s size bands)")
                % {"low": fmt(jobs["low"]), "high": fmt(jobs["high"]), "year": year},
            ),
            (f"{fmt(d['ess_share']['jobs_central'], 1)} %", _("ESS share of jobs")),
        ],
        chart_title=_("ESS share of jobs (central estimate), in %"),
        chart_rows=[(name, s["jobs_central"]) for name, s in shares],
        comparison_headers=[
            _("Territory"),
            _("Establishments"),
            _("Employer establishments"),
            _("Jobs"),
        ],  # fmt: skip
        comparison_rows=[
            [
                name,
                f"{fmt(s['establishments'], 1)} %",
                f"{fmt(s['employer_establishments'], 1)} %",
                f"{fmt(s['jobs_central'], 1)} %",
            ]
            for name, s in shares
        ],  # fmt: skip
        employers=[
            f"{row.name}{' — ' + row.establishment_name if row.establishment_name else ''} "
            f"({row.family_label}, {row.commune_name}, {row.band_label})"
            for row in largest
        ],
        arguments=arguments,
        dynamics=dynamics,
        source=source_line(d),
    )


def render(fmt_name: str, diagnostic: dict, largest, arguments: str, dynamics: str):
    """(bytes, content type) of the sheet in ``fmt_name`` ("pdf" or "odt")."""
    sheet = content(diagnostic, largest, arguments, dynamics)
    if fmt_name == "odt":
        return render_odt(sheet), "application/vnd.oasis.opendocument.text"
    return render_pdf(sheet), "application/pdf"


# The chart's territory names sit left of the bars, in a box this wide (points).
CHART_LABEL_WIDTH = 58 * 72 / 25.4
CHART_BAR_START = 60 * 72 / 25.4
CHART_FONT_SIZE = 8
CHART_MIN_FONT_SIZE = 5.5


def fit_caption(text: str, width: float, size: float, minimum: float, font: str = "Helvetica"):
    """(text, font size) that fit ``width``: the size shrinks down to ``minimum``, then
    the text is cut with an ellipsis. A caption never runs out of its box."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > minimum and stringWidth(text, font, size) > width:
        size = max(minimum, size - 0.5)
    if stringWidth(text, font, size) <= width:
        return text, size
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…", size


def pdf_story(sheet: SheetContent, width: float) -> list:
    """The flowables of the PDF sheet for a frame ``width`` points wide."""
    from xml.sax.saxutils import escape

    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import KeepTogether

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=7.5, leading=9)
    figure = styles["BodyText"].clone("figure", fontName="Helvetica-Bold", fontSize=14,
                                      leading=17)  # fmt: skip
    h1, h2 = styles["Title"].clone("h1", fontSize=16, leading=19), styles["Heading3"]
    green = colors.HexColor("#1d5e3a")
    # Each key figure and its caption are paragraphs of their own box: they wrap
    # inside it (a long word is split) instead of running over its border.
    keys = Table(
        [[[Paragraph(escape(v), figure), Paragraph(escape(label), small)]
          for v, label in sheet.keys]],
        colWidths=[width / 4] * 4,
    )  # fmt: skip
    keys.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, green),
                              ("INNERGRID", (0, 0), (-1, -1), 0.5, green),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    peak = max((v for _n, v in sheet.chart_rows), default=0) or 1
    bar_room = width - CHART_BAR_START - 20 * mm
    chart = Drawing(width, 16 * len(sheet.chart_rows) + 6)
    for index, (name, value) in enumerate(reversed(sheet.chart_rows)):
        y = 4 + index * 16
        label, size = fit_caption(name, CHART_LABEL_WIDTH, CHART_FONT_SIZE, CHART_MIN_FONT_SIZE)
        chart.add(String(0, y + 3, label, fontSize=size))
        chart.add(Rect(CHART_BAR_START, y, bar_room * value / peak, 11, fillColor=green,
                       strokeColor=None))  # fmt: skip
        chart.add(String(CHART_BAR_START + bar_room * value / peak + 4, y + 3,
                         f"{fmt(value, 1)} %", fontSize=CHART_FONT_SIZE))  # fmt: skip
    name_width = width - 3 * (width * 0.18)
    comparison = Table(
        [[Paragraph(escape(cell), small) for cell in row]
         for row in [sheet.comparison_headers, *sheet.comparison_rows]],
        colWidths=[name_width] + [width * 0.18] * 3,
        repeatRows=1,
    )  # fmt: skip
    comparison.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.5, green),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    return [
        Paragraph(escape(sheet.title), h1),
        keys,
        Spacer(1, 4 * mm),
        Paragraph(escape(sheet.chart_title), h2),
        chart,
        comparison,
        Paragraph(escape(_("Largest ESS employers")), h2),
        *[Paragraph("• " + escape(line), small) for line in sheet.employers],
        *[KeepTogether([Paragraph(escape(label), h2),
                        Paragraph(escape(text).replace("\n", "<br/>"), body)])
          for label, text in sheet.texts()],
        Spacer(1, 3 * mm),
        Paragraph(escape(sheet.source), small),
    ]  # fmt: skip


def render_pdf(sheet: SheetContent) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=12 * mm,
        bottomMargin=10 * mm, title=sheet.title, author="Essor",
    )  # fmt: skip
    doc.build(pdf_story(sheet, doc.width))
    return out.getvalue()


def render_odt(sheet: SheetContent) -> bytes:
    from odf.draw import Frame, Image
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        GraphicProperties,
        ParagraphProperties,
        Style,
        TableColumnProperties,
        TextProperties,
    )
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    doc = OpenDocumentText()
    title = Style(name="SheetTitle", family="paragraph")
    title.addElement(TextProperties(fontsize="16pt", fontweight="bold", color="#1d5e3a"))
    heading = Style(name="SheetHeading", family="paragraph")
    heading.addElement(TextProperties(fontsize="11pt", fontweight="bold"))
    heading.addElement(ParagraphProperties(margintop="0.2cm"))
    small = Style(name="SheetSmall", family="paragraph")
    small.addElement(TextProperties(fontsize="8pt"))
    key = Style(name="SheetKey", family="paragraph")
    key.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    column = Style(name="SheetCol", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="4.4cm"))
    frame_style = Style(name="ChartFrame", family="graphic")
    frame_style.addElement(GraphicProperties(anchortype="paragraph"))
    for style in (title, heading, small, key, column, frame_style):
        doc.automaticstyles.addElement(style)
    text = doc.text
    text.addElement(H(outlinelevel=1, stylename=title, text=sheet.title))
    keys = Table(name=_("Key figures"))
    keys.addElement(TableColumn(numbercolumnsrepeated=4, stylename=column))
    row = TableRow()
    for value, label in sheet.keys:
        cell = TableCell()
        cell.addElement(P(stylename=key, text=value))
        cell.addElement(P(stylename=small, text=label))
        row.addElement(cell)
    keys.addElement(row)
    text.addElement(keys)
    text.addElement(H(outlinelevel=2, stylename=heading, text=sheet.chart_title))
    svg = str(bar_chart("sheet-chart", sheet.chart_title, sheet.chart_rows, unit="%"))
    href = doc.addPicture("Pictures/chart.svg", "image/svg+xml", svg.encode("utf-8"))
    holder = P()
    # The SVG is 620 units wide, 30 per bar: keep its proportions at 16 cm wide.
    height = f"{(len(sheet.chart_rows) * 30 + 8) * 16 / 620:.2f}cm"
    frame = Frame(stylename=frame_style, width="16cm", height=height, anchortype="paragraph")
    frame.addElement(Image(href=href))
    holder.addElement(frame)
    text.addElement(holder)
    comparison = Table(name=_("Comparison"))
    comparison.addElement(TableColumn(numbercolumnsrepeated=4, stylename=column))
    for cells in [sheet.comparison_headers, *sheet.comparison_rows]:
        row = TableRow()
        for value in cells:
            cell = TableCell()
            cell.addElement(P(stylename=small, text=value))
            row.addElement(cell)
        comparison.addElement(row)
    text.addElement(comparison)
    text.addElement(H(outlinelevel=2, stylename=heading, text=_("Largest ESS employers")))
    employers = List()
    for line in sheet.employers:
        item = ListItem()
        item.addElement(P(stylename=small, text=line))
        employers.addElement(item)
    text.addElement(employers)
    for label, body in sheet.texts():
        text.addElement(H(outlinelevel=2, stylename=heading, text=label))
        for line in body.splitlines() or [""]:
            text.addElement(P(text=line))
    text.addElement(P(stylename=small, text=sheet.source))
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
