"""The roadmap as OpenDocument Text (odfpy), with a table of contents LibreOffice can refresh."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from odf.dc import Title
from odf.opendocument import OpenDocumentText
from odf.style import (
    ListLevelProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import (
    H,
    IndexBody,
    IndexEntryPageNumber,
    IndexEntryTabStop,
    IndexEntryText,
    IndexTitle,
    IndexTitleTemplate,
    List,
    ListItem,
    ListLevelStyleBullet,
    ListStyle,
    P,
    TableOfContent,
    TableOfContentEntryTemplate,
    TableOfContentSource,
)

from essor.plans.documents import content


def _styles(document: OpenDocumentText) -> dict:
    styles = {}
    for level, size in ((1, "18pt"), (2, "15pt"), (3, "13pt")):
        style = Style(
            name=f"Heading_20_{level}",
            displayname=f"Heading {level}",
            family="paragraph",
            defaultoutlinelevel=str(level),
        )
        style.addElement(
            ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always")
        )
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        document.styles.addElement(style)
        styles[f"h{level}"] = style
        contents = Style(
            name=f"Contents_20_{level}", displayname=f"Contents {level}", family="paragraph"
        )
        contents.addElement(ParagraphProperties(marginleft=f"{(level - 1) * 0.5}cm"))
        document.styles.addElement(contents)
        styles[f"toc{level}"] = contents
    title = Style(name="Title", family="paragraph")
    title.addElement(TextProperties(fontsize="26pt", fontweight="bold"))
    title.addElement(ParagraphProperties(margintop="6cm", marginbottom="0.5cm"))
    document.styles.addElement(title)
    styles["title"] = title
    bold = Style(name="PlanBold", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    bold.addElement(ParagraphProperties(margintop="0.2cm", keepwithnext="always"))
    document.automaticstyles.addElement(bold)
    styles["bold"] = bold
    page_break = Style(name="PlanBreak", family="paragraph")
    page_break.addElement(ParagraphProperties(breakbefore="page"))
    document.automaticstyles.addElement(page_break)
    styles["break"] = page_break
    table = Style(name="PlanTable", family="table")
    table.addElement(TableProperties(width="17cm", align="left"))
    document.automaticstyles.addElement(table)
    styles["table"] = table
    cell = Style(name="PlanCell", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #666666", padding="0.08cm"))
    document.automaticstyles.addElement(cell)
    styles["cell"] = cell
    column = Style(name="PlanColumn", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="8.5cm"))
    document.automaticstyles.addElement(column)
    styles["column"] = column
    bullets = ListStyle(name="PlanBullets")
    level_style = ListLevelStyleBullet(level=1, bulletchar="•")
    level_style.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.4cm"))
    bullets.addElement(level_style)
    document.automaticstyles.addElement(bullets)
    styles["bullets"] = bullets
    return styles


def _toc(document, styles, headings) -> TableOfContent:
    toc = TableOfContent(name=_("Table of contents"))
    source = TableOfContentSource(outlinelevel=3)
    source.addElement(IndexTitleTemplate(text=_("Table of contents")))
    for level in (1, 2, 3):
        template = TableOfContentEntryTemplate(outlinelevel=level, stylename=styles[f"toc{level}"])
        template.addElement(IndexEntryText())
        template.addElement(IndexEntryTabStop(type="right", leaderchar="."))
        template.addElement(IndexEntryPageNumber())
        source.addElement(template)
    toc.addElement(source)
    body = IndexBody()
    title = IndexTitle(name=_("Table of contents"))
    title.addElement(P(stylename=styles["h1"], text=_("Table of contents")))
    body.addElement(title)
    for heading in headings:
        body.addElement(P(stylename=styles[f"toc{heading.level}"], text=heading.text))
    toc.addElement(body)
    return toc


def render_odt(roadmap: content.Roadmap) -> bytes:
    document = OpenDocumentText()
    document.meta.addElement(Title(text=roadmap.title))
    styles = _styles(document)
    text = document.text
    text.addElement(P(stylename=styles["title"], text=roadmap.title))
    text.addElement(P(stylename=styles["bold"], text=roadmap.subtitle))
    for line in roadmap.cover_lines:
        text.addElement(P(text=line))
    text.addElement(P(stylename=styles["break"], text=""))
    text.addElement(_toc(document, styles, roadmap.headings()))
    for block in roadmap.blocks:
        if isinstance(block, content.Heading):
            text.addElement(H(outlinelevel=block.level, stylename=styles[f"h{block.level}"],
                              text=block.text))  # fmt: skip
        elif isinstance(block, content.Paragraph):
            text.addElement(P(stylename=styles["bold"], text=block.text) if block.bold
                            else P(text=block.text))  # fmt: skip
        elif isinstance(block, content.Bullets):
            items = List(stylename=styles["bullets"])
            for item in block.items:
                list_item = ListItem()
                list_item.addElement(P(text=item))
                items.addElement(list_item)
            text.addElement(items)
        elif isinstance(block, content.Table):
            text.addElement(_table(block, styles))
        elif isinstance(block, content.PageBreak):
            text.addElement(P(stylename=styles["break"], text=""))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _table(block: content.Table, styles) -> Table:
    width = max(len(row) for row in block.rows)
    table = Table(stylename=styles["table"])
    table.addElement(TableColumn(numbercolumnsrepeated=width, stylename=styles["column"]))
    for index, row in enumerate(block.rows):
        table_row = TableRow()
        for value in row:
            cell = TableCell(valuetype="string", stylename=styles["cell"])
            header = index == 0 and not block.key_value
            for line in str(value).split("\n") or [""]:
                cell.addElement(P(stylename=styles["bold"], text=line) if header else P(text=line))
            table_row.addElement(cell)
        table.addElement(table_row)
    return table
