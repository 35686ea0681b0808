"""Roadmap documents: real ODT, DOCX and PDF files, opened by LibreOffice."""

import io
import zipfile
from pathlib import Path

from django.core.management import call_command

from essor.plans.documents import render_roadmap
from essor.plans.documents.content import build_roadmap
from essor.plans.tests.libreoffice import convert_bytes

SECTIONS = [
    "Ambition politique",
    "Méthode et calendrier suivis",
    "Gouvernance",
    "Synthèse de la concertation",
    "Axes et actions",
    "Propositions à l’étude",
    "Propositions non retenues",
    "Modalités de suivi",
]


def converts_to_pdf(data: bytes, suffix: str, tmp_path: Path) -> bytes:
    return convert_bytes(data, suffix, tmp_path)


def test_roadmap_content_has_every_section(setup, cast):
    from essor.plans import services
    from essor.plans.services import ActionData

    services.create_action(
        plan=setup.plan, data=ActionData(fields={"title": "Monnaie locale"}), actor=cast.admin
    )
    roadmap = build_roadmap(setup.plan)
    headings = [h.text for h in roadmap.headings()]
    for section in SECTIONS:
        assert section in headings
    assert "1. Coopérer" in headings and "1.1. Animer" in headings
    assert "Créer un club ESS" in headings  # a retained action has its sheet
    assert "Maison de l'ESS" not in headings  # not retained: listed with its reason instead
    assert "Monnaie locale" not in headings  # proposed: listed under study
    studied = roadmap.blocks[
        roadmap.blocks.index(
            next(h for h in roadmap.headings() if h.text == "Propositions à l’étude")
        )
        + 1
    ]
    assert studied.items == ["Monnaie locale"]


def test_odt_is_a_valid_opendocument_with_toc(setup, tmp_path):
    from odf.opendocument import load

    data = render_roadmap(setup.plan, "odt")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = archive.read("content.xml").decode()
    assert "text:table-of-content" in content
    assert "Pas de local disponible" in content and "Créer un club ESS" in content
    assert "Membres [nombre] 0 -&gt; 40 (2028)" in content
    document = load(io.BytesIO(data))
    assert document.mimetype == "application/vnd.oasis.opendocument.text"
    pdf = converts_to_pdf(data, "odt", tmp_path)
    assert pdf.startswith(b"%PDF")


def test_docx_opens_with_python_docx_and_libreoffice(setup, tmp_path):
    import docx

    data = render_roadmap(setup.plan, "docx")
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Sommaire" in texts and "Gouvernance" in texts
    assert 'TOC \\o "1-3"' in document.element.xml
    assert converts_to_pdf(data, "docx", tmp_path).startswith(b"%PDF")


def test_pdf_has_outline_and_opens_in_libreoffice(setup, tmp_path):
    data = render_roadmap(setup.plan, "pdf")
    assert data.startswith(b"%PDF")
    assert b"/Outlines" in data
    # LibreOffice opens the PDF (its PDF import filter) and finds the text in it.
    odt = convert_bytes(data, "pdf", tmp_path, to="odt", options=["--infilter=writer_pdf_import"])
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        text = archive.read("content.xml").decode()
    assert "Gouvernance" in text and "Propositions non retenues" in text


def test_export_roadmap_command(setup, tmp_path):
    for fmt in ("odt", "docx", "pdf", "csv", "xlsx"):
        output = tmp_path / f"plan.{fmt}"
        call_command("export_roadmap", plan=setup.plan.pk, fmt=fmt, output=str(output))
        assert output.stat().st_size > 500
