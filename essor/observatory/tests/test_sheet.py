"""The one-page sheet: captions stay in their boxes, instructions are never printed."""

import base64
import io
import re
import zipfile
import zlib

import pytest
from django.urls import reverse
from django.utils import translation
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from essor.observatory import sheet
from essor.observatory.forms import DEFAULT_DYNAMICS

LONG_NAME = "Communauté d’agglomération du Grand Saint-Rémy-de-Provence-et-Vallée-des-Baux"
WORD = "Saint-Jean-de-Sixt-sur-Arve-et-Montriond-les-Hauts-Plateaux-du-Chablais-Occidental"


def long_sheet(dynamics: str = "Un PTCE") -> sheet.SheetContent:
    names = [LONG_NAME, WORD, "COMMUNAUTÉ URBAINE DU GRAND POITIERS ET DE SES ENVIRONS", "France"]
    return sheet.SheetContent(
        title=f"L’ESS dans mon territoire : {LONG_NAME}",
        keys=[
            ("123 456", "établissements de l’ESS employeurs " * 4),
            ("1 234 567", WORD),
            ("98 765", "emplois estimés de l’ESS (de 80 000 à 120 000, tranches 2023) " * 2),
            ("12,5 %", "part de l’ESS dans l’emploi"),
        ],
        chart_title="Part de l’ESS dans l’emploi (estimation centrale), en %",
        chart_rows=[(name, 10.0 + i) for i, name in enumerate(names)],
        comparison_headers=["Territoire", "Établissements employeurs de l’ESS", "Emplois", WORD],
        comparison_rows=[[name, "12,3 %", "10,1 %", "9,9 %"] for name in names],
        employers=[f"{LONG_NAME} ({WORD})"],
        arguments="Des emplois non délocalisables.",
        dynamics=dynamics,
        source="SIRENE",
    )


def _paragraph_lines_fit(paragraph: Paragraph, width: float) -> bool:
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    extra = [line[0] if isinstance(line, tuple) else line.extraSpace for line in lines]
    return all(space >= -0.01 for space in extra)


def _cells(table: Table):
    """(room inside the cell's padding, content) of every cell."""
    for row_number, row in enumerate(table._cellvalues):
        for column, value in enumerate(row):
            style = table._cellStyles[row_number][column]
            room = table._colWidths[column] - style.leftPadding - style.rightPadding
            for item in value if isinstance(value, list | tuple) else [value]:
                yield room, item


def test_long_captions_and_territory_names_stay_in_their_boxes():
    width = A4[0] - 28 * mm
    story = sheet.pdf_story(long_sheet(), width)
    tables = [item for item in story if isinstance(item, Table)]
    assert len(tables) == 2
    for table in tables:
        table_width, _height = table.wrap(width, 10_000)
        assert table_width <= width + 0.01
        for room, item in _cells(table):
            assert isinstance(item, Paragraph), item  # plain strings do not wrap
            assert _paragraph_lines_fit(item, room), item.text
    chart = next(item for item in story if type(item).__name__ == "Drawing")
    strings = [shape for shape in chart.contents if type(shape).__name__ == "String"]
    labels = [s for s in strings if s.x == 0]
    assert len(labels) == 4
    for label in labels:
        assert stringWidth(label.text, label.fontName, label.fontSize) <= sheet.CHART_LABEL_WIDTH
        assert sheet.CHART_LABEL_WIDTH < sheet.CHART_BAR_START  # the bars start after the box
    for value in strings:
        assert value.x + stringWidth(value.text, value.fontName, value.fontSize) <= chart.width
    assert any(label.text.endswith("…") or label.fontSize < 8 for label in labels)
    assert sheet.render_pdf(long_sheet()).startswith(b"%PDF")


def test_fit_caption_keeps_short_text_and_cuts_long_text():
    assert sheet.fit_caption("Poitiers", 100, 8, 5.5) == ("Poitiers", 8)
    text, size = sheet.fit_caption(WORD, 100, 8, 5.5)
    assert size == 5.5 and text.endswith("…") and stringWidth(text, "Helvetica", size) <= 100


def _pdf_text(data: bytes) -> str:
    """The decoded content streams of a reportlab PDF (ASCII85 then Flate)."""
    found = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        chunk = raw.strip()
        try:
            if chunk.endswith(b"~>"):
                chunk = base64.a85decode(chunk[:-2])
            found.append(zlib.decompress(chunk).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return "".join(found)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_instruction_of_an_untouched_block_is_never_printed(language):
    with translation.override(language):
        instruction = str(DEFAULT_DYNAMICS)
        content = long_sheet(dynamics=instruction)
        assert [text for _label, text in content.texts()] == ["Des emplois non délocalisables."]
        odt = sheet.render_odt(content)
        pdf = sheet.render_pdf(content)
    xml = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    assert "initiatives" not in xml
    text = _pdf_text(pdf)
    assert "PTCE" not in text and "initiatives" not in text
    assert "non d" in text  # the arguments are printed (the stream is readable)


def test_sheet_form_shows_the_instruction_as_a_placeholder(client_as, cast, imported, france):
    url = reverse("observatory:sheet", args=[cast.process.pk]) + "?territoire=commune:86194"
    client = client_as("facilitator")
    html = client.get(url).content.decode()
    instruction = "Décrivez ici"
    assert f'placeholder="{instruction}' in html
    assert f">{instruction}" not in html  # not the text of the block
    response = client.post(url, {"format": "odt", "arguments": "Pourquoi", "dynamics": ""})
    assert response.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    assert "Pourquoi" in xml and "Dynamiques" not in xml
