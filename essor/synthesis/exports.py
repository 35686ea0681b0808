"""The synthesis as a document: themes with summaries, then every raw line as an annex.

One plain outline (``outline``) is rendered four ways: Markdown, DOCX
(python-docx), ODT (odfpy) and PDF (reportlab), so the four say the same.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.contributions.models import Contribution
from essor.synthesis.models import Synthesis
from essor.synthesis.wall import build_wall

FORMATS = {
    "odt": ("application/vnd.oasis.opendocument.text", "odt", "ODT"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        "DOCX",
    ),
    "pdf": ("application/pdf", "pdf", "PDF"),
    "md": ("text/markdown; charset=utf-8", "md", "Markdown"),
}


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    level: int = 2


# Control characters pasted from other tools are invalid in the XML of DOCX and ODT.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _line(contribution: Contribution, letter: str = "") -> str:
    kind = contribution.get_kind_display()
    question = f" — {contribution.question.text}" if contribution.question_id else ""
    prefix = f"[{letter}] " if letter else ""
    text = " / ".join(part.strip() for part in contribution.text.splitlines() if part.strip())
    return _CONTROL.sub("", f"{prefix}{text} ({kind}{question})")


def outline(synthesis: Synthesis) -> tuple[str, list[Section]]:
    board = build_wall(synthesis)
    process = synthesis.process
    title = _("Synthesis of the contributions — %(process)s") % {"process": process.title}
    themes, lines, aside = len(board.themes), board.total, len(board.aside)
    unsorted = len(board.unsorted_lines)
    # Each count agrees with its own noun: "1 thème, 2 contributions, 1 mise de côté".
    intro = _("%(themes)s, %(lines)s, %(unsorted)s, %(aside)s. Exported on %(date)s.") % {
        "themes": ngettext("%(counter)s theme", "%(counter)s themes", themes) % {"counter": themes},
        "lines": ngettext("%(counter)s contribution", "%(counter)s contributions", lines)
        % {"counter": lines},
        "unsorted": ngettext("%(counter)s not sorted yet", "%(counter)s not sorted yet", unsorted)
        % {"counter": unsorted},
        "aside": ngettext("%(counter)s set aside", "%(counter)s set aside", aside)
        % {"counter": aside},
        "date": date_format(timezone.localdate(), "j F Y"),
    }
    sections = [Section(_("Themes"), [intro], level=1)]
    for item in board.themes:
        theme = item.theme
        paragraphs = [p for p in theme.summary.split("\n\n") if p.strip()]
        if theme.keywords:
            paragraphs.append(_("Key words: %(words)s") % {"words": theme.keywords})
        sources = "; ".join(
            f"{s.origin}{' — ' + s.question if s.question else ''} ({s.kind}, {s.count})"
            for s in item.sources
        )
        if sources:
            paragraphs.append(_("Sources: %(sources)s") % {"sources": sources})
        sections.append(
            Section(
                f"{theme.letter}. {theme.title}",
                paragraphs,
                [_line(line.contribution) for line in item.lines],
            )  # fmt: skip
        )
    if board.unsorted_lines:
        sections.append(
            Section(
                _("Not sorted yet"),
                [],
                [_line(line.contribution) for line in board.unsorted_lines],
            )  # fmt: skip
        )
    if board.aside:
        sections.append(
            Section(
                _("Set aside (out of scope)"),
                [],
                [_line(line.contribution) for line in board.aside],
            )  # fmt: skip
        )
    sections.append(
        Section(
            _("Annex: raw contributions by workshop"),
            [
                _(
                    "Each line shows the letter of its theme in brackets (“?” not sorted yet, "
                    "“—” set aside), its kind and its question."
                )
            ],
            level=1,
        )  # fmt: skip
    )
    by_source: dict[str, list[tuple[Contribution, str]]] = defaultdict(list)
    for item in board.themes:
        for line in item.lines:
            by_source[line.source].append((line.contribution, item.theme.letter))
    for line in board.unsorted_lines:
        by_source[line.source].append((line.contribution, "?"))
    for line in board.aside:
        by_source[line.source].append((line.contribution, "—"))
    for source in sorted(by_source):
        rows = sorted(
            by_source[source], key=lambda row: (row[0].question_id or 0, row[0].order, row[0].pk)
        )
        sections.append(Section(source, [], [_line(c, letter) for c, letter in rows]))
    return title, sections


def markdown(title: str, sections: list[Section]) -> bytes:
    def clean(text: str) -> str:
        # Raw lines may start with "#", "-" or "1." : escape what Markdown would read as markup.
        return " ".join(text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
                        .replace("#", "\\#").replace("<", "&lt;").split())  # fmt: skip

    out = [f"# {clean(title)}", ""]
    for section in sections:
        out += ["#" * (section.level + 1) + " " + clean(section.heading), ""]
        out += [p for paragraph in section.paragraphs for p in (clean(paragraph), "")]
        out += [f"- {clean(bullet)}" for bullet in section.bullets]
        if section.bullets:
            out.append("")
    return "\n".join(out).encode("utf-8")


def docx(title: str, sections: list[Section]) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=0)
    for section in sections:
        document.add_heading(section.heading, level=section.level)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        for bullet in section.bullets:
            document.add_paragraph(bullet, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt(title: str, sections: list[Section]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    styles = {}
    for level, size in ((0, "20pt"), (1, "16pt"), (2, "13pt")):
        style = Style(name=f"Heading{level}", family="paragraph")
        style.addElement(TextProperties(fontsize=size, fontweight="bold"))
        style.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.2cm"))
        document.styles.addElement(style)
        styles[level] = style
    document.text.addElement(H(outlinelevel=1, stylename=styles[0], text=title))
    for section in sections:
        document.text.addElement(
            H(
                outlinelevel=section.level + 1,
                stylename=styles[min(section.level, 2)],
                text=section.heading,
            )  # fmt: skip
        )
        for paragraph in section.paragraphs:
            document.text.addElement(P(text=paragraph))
        if section.bullets:
            items = List()
            for bullet in section.bullets:
                item = ListItem()
                item.addElement(P(text=bullet))
                items.addElement(item)
            document.text.addElement(items)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def pdf(title: str, sections: list[Section]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    margin = 18 * mm
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br/>")

    story = [Paragraph(text(title), styles["Title"])]
    for section in sections:
        story.append(
            Paragraph(
                text(section.heading), styles["Heading1" if section.level == 1 else "Heading2"]
            )
        )
        story += [Paragraph(text(p), styles["BodyText"]) for p in section.paragraphs]
        if section.bullets:
            story.append(
                ListFlowable(
                    [ListItem(Paragraph(text(b), styles["BodyText"])) for b in section.bullets],
                    bulletType="bullet",
                )
            )
        story.append(Spacer(1, 4 * mm))
    document.build(story)
    return buffer.getvalue()


RENDERERS = {"md": markdown, "docx": docx, "odt": odt, "pdf": pdf}


def render(synthesis: Synthesis, document_format: str) -> tuple[bytes, str, str]:
    content_type, extension, _label = FORMATS[document_format]
    title, sections = outline(synthesis)
    return RENDERERS[document_format](title, sections), content_type, extension


def filename(process) -> str:
    return f"synthese-{slugify(process.title)[:50] or process.pk}-{timezone.localdate()}"
