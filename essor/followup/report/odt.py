"""The report as OpenDocument Text (odfpy): headings, tables, and the charts as pictures."""

from __future__ import annotations

import io

from odf import draw, svg
from odf.dc import Title
from odf.opendocument import OpenDocumentText
from odf.style import (
    ListLevelProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P

from essor.followup.report import layout
from essor.followup.report.images import png_size


def _style(document, name, family, *properties, automatic=True, **attributes) -> Style:
    style = Style(name=name, family=family, **attributes)
    for element in properties:
        style.addElement(element)
    (document.automaticstyles if automatic else document.styles).addElement(style)
    return style


def _styles(document: OpenDocumentText) -> dict:
    styles = {
        f"h{level}": _style(
            document, f"Heading_20_{level}", "paragraph",
            ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always"),
            TextProperties(fontsize=size, fontweight="bold"),
            automatic=False, displayname=f"Heading {level}", defaultoutlinelevel=str(level),
        )
        for level, size in ((1, "16pt"), (2, "12pt"))
    }  # fmt: skip
    styles["title"] = _style(document, "Title", "paragraph",
                             TextProperties(fontsize="24pt", fontweight="bold"),
                             ParagraphProperties(margintop="5cm", marginbottom="0.5cm"),
                             automatic=False)  # fmt: skip
    styles["bold"] = _style(document, "ReportBold", "paragraph", TextProperties(fontweight="bold"))
    styles["cellText"] = _style(document, "ReportCellText", "paragraph",
                                TextProperties(fontsize="8.5pt"))  # fmt: skip
    styles["headText"] = _style(document, "ReportHeadText", "paragraph",
                                TextProperties(fontsize="8.5pt", fontweight="bold"))  # fmt: skip
    styles["break"] = _style(document, "ReportBreak", "paragraph",
                             ParagraphProperties(breakbefore="page"))  # fmt: skip
    styles["table"] = _style(document, "ReportTable", "table",
                             TableProperties(width="17cm", align="left"))  # fmt: skip
    border = TableCellProperties(border="0.5pt solid #666666", padding="0.08cm")
    styles["cell"] = _style(document, "ReportCell", "table-cell", border)
    styles["frame"] = _style(document, "ReportFrame", "graphic")
    bullets = ListStyle(name="ReportBullets")
    level = ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.4cm"))
    bullets.addElement(level)
    document.automaticstyles.addElement(bullets)
    styles["bullets"] = bullets
    return styles


def render_odt(document: layout.Document) -> bytes:
    odt = OpenDocumentText()
    odt.meta.addElement(Title(text=document.title))
    styles = _styles(odt)
    text = odt.text
    text.addElement(P(stylename=styles["title"], text=document.title))
    text.addElement(P(stylename=styles["bold"], text=document.subtitle))
    for line in document.cover_lines:
        text.addElement(P(text=line))
    text.addElement(P(stylename=styles["break"], text=""))
    for number, block in enumerate(document.blocks):
        if isinstance(block, layout.Heading):
            text.addElement(H(outlinelevel=block.level, stylename=styles[f"h{block.level}"],
                              text=block.text))  # fmt: skip
        elif isinstance(block, layout.Paragraph):
            text.addElement(P(text=block.text))
        elif isinstance(block, layout.Bullets):
            items = List(stylename=styles["bullets"])
            for item in block.items:
                entry = ListItem()
                entry.addElement(P(text=item))
                items.addElement(entry)
            text.addElement(items)
        elif isinstance(block, layout.Table):
            text.addElement(_table(block, styles))
        elif isinstance(block, layout.Image):
            text.addElement(_picture(odt, block, styles, number))
    out = io.BytesIO()
    odt.write(out)
    return out.getvalue()


def _picture(odt, block: layout.Image, styles, number: int) -> P:
    href = odt.addPictureFromString(block.png, "image/png")
    width, height = png_size(block.png)
    frame = draw.Frame(
        name=f"chart{number}", stylename=styles["frame"], anchortype="as-char",
        width=f"{block.width_cm}cm", height=f"{block.width_cm * height / width:.2f}cm",
    )  # fmt: skip
    frame.addElement(draw.Image(href=href))
    frame.addElement(svg.Desc(text=block.description))
    paragraph = P()
    paragraph.addElement(frame)
    return paragraph


def _table(block: layout.Table, styles) -> Table:
    width = max(len(row) for row in block.rows)
    table = Table(stylename=styles["table"])
    # The cells' style set once on the columns: odfpy's attributes are slow to set, and a
    # 3,000-indicator table has 18,000 cells.
    table.addElement(TableColumn(numbercolumnsrepeated=width, defaultcellstylename=styles["cell"]))
    for index, row in enumerate(block.rows):
        table_row = TableRow()
        for column, value in enumerate(row):
            header = (index == 0 and not block.key_value) or (block.key_value and column == 0)
            cell = TableCell()
            for line in str(value).split("\n"):
                cell.addElement(P(stylename=styles["headText" if header else "cellText"],
                                  text=line))  # fmt: skip
            table_row.addElement(cell)
        table.addElement(table_row)
    return table
