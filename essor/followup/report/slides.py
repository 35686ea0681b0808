"""The report as a slide deck (python-pptx) to project at the follow-up committee: a few
lines per slide, long lists continued over several slides, charts as pictures."""

from __future__ import annotations

import io

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pptx import Presentation
from pptx.util import Cm, Pt

from essor.core.french_numbers import format_number
from essor.followup.indicators import OFF_TRACK
from essor.followup.report import layout
from essor.followup.report.content import FollowupReport
from essor.followup.report.images import png_size

WIDTH, HEIGHT = Cm(33.867), Cm(19.05)  # 16:9
MARGIN = Cm(1.2)
ROWS_PER_SLIDE = 9
# A deck is projected and discussed: the longest lists are cut (the documents have them all).
DECK_INDICATORS = 3 * ROWS_PER_SLIDE  # off-track indicators only
DECK_HIGHLIGHTS = 15
NOTE_LENGTH = 260


def _short(text: str, length: int = NOTE_LENGTH) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _widen(shape) -> None:
    """The default template's placeholders are laid out for 4:3: stretch them to 16:9."""
    shape.left, shape.width = MARGIN, WIDTH - 2 * MARGIN


class Deck:
    def __init__(self):
        self.presentation = Presentation()
        self.presentation.slide_width, self.presentation.slide_height = WIDTH, HEIGHT
        self.layouts = self.presentation.slide_layouts

    def cover(self, title: str, subtitle: str) -> None:
        slide = self.presentation.slides.add_slide(self.layouts[0])
        slide.shapes.title.text = title
        slide.placeholders[1].text = subtitle
        for shape, top, height in ((slide.shapes.title, 3, 6), (slide.placeholders[1], 9.5, 7)):
            _widen(shape)
            shape.top, shape.height = Cm(top), Cm(height)

    def _titled(self, title: str):
        slide = self.presentation.slides.add_slide(self.layouts[5])  # title only
        slide.shapes.title.text = title
        slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(30)
        _widen(slide.shapes.title)
        slide.shapes.title.top, slide.shapes.title.height = Cm(0.8), Cm(2.8)
        return slide

    def table(self, title: str, rows: list[list[str]], *, header: bool = True) -> None:
        head, body = (rows[:1], rows[1:]) if header else ([], rows)
        chunks = [body[i : i + ROWS_PER_SLIDE] for i in range(0, len(body), ROWS_PER_SLIDE)] or [[]]
        for number, chunk in enumerate(chunks):
            name = title if number == 0 else _("%(title)s (continued)") % {"title": title}
            slide = self._titled(name)
            lines = head + chunk
            shape = slide.shapes.add_table(
                len(lines), len(lines[0]), MARGIN, Cm(4), WIDTH - 2 * MARGIN, Cm(1) * len(lines)
            )
            shape.table.first_row = header
            for r, line in enumerate(lines):
                for c, value in enumerate(line):
                    cell = shape.table.cell(r, c)
                    cell.text = _short(str(value))
                    for paragraph in cell.text_frame.paragraphs:
                        paragraph.font.size = Pt(14 if len(lines[0]) <= 4 else 11)
                        paragraph.font.bold = (r == 0 and header) or (not header and c == 0)

    def picture(self, title: str, png: bytes, caption: str = "", description: str = "") -> None:
        slide = self._titled(title)
        width, height = png_size(png)
        room_w, room_h = WIDTH - 2 * MARGIN, HEIGHT - Cm(4) - Cm(2.6 if caption else 0.8)
        scale = min(room_w / width, room_h / height)
        shown_w, shown_h = int(width * scale), int(height * scale)
        picture = slide.shapes.add_picture(
            io.BytesIO(png), int((WIDTH - shown_w) / 2), Cm(3.8), shown_w, shown_h
        )
        picture._element.nvPicPr.cNvPr.set("descr", description)
        if caption:
            box = slide.shapes.add_textbox(MARGIN, HEIGHT - Cm(2.6), room_w, Cm(2))
            box.text_frame.word_wrap = True
            box.text_frame.text = _short(caption, 400)
            box.text_frame.paragraphs[0].font.size = Pt(14)

    def bullets(self, title: str, items: list[str], per_slide: int = 5) -> None:
        chunks = [items[i : i + per_slide] for i in range(0, len(items), per_slide)] or [[]]
        for number, chunk in enumerate(chunks):
            name = title if number == 0 else _("%(title)s (continued)") % {"title": title}
            slide = self._titled(name)
            box = slide.shapes.add_textbox(MARGIN, Cm(4), WIDTH - 2 * MARGIN, HEIGHT - Cm(5))
            frame = box.text_frame
            frame.word_wrap = True
            for index, item in enumerate(chunk):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                paragraph.text = f"• {_short(item)}"
                paragraph.font.size = Pt(16)
                paragraph.space_after = Pt(8)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.presentation.save(out)
        return out.getvalue()


def _more(count: int) -> str:
    return ngettext(
        "And %(count)s more in the written report (ODT, DOCX or PDF).",
        "And %(count)s more in the written report (ODT, DOCX or PDF).",
        count,
    ) % {"count": format_number(count)}


def _indicator_summary(report: FollowupReport) -> list[list[str]]:
    total = len(report.indicators)
    unknown = total - report.on_track - report.off_track
    return [
        [_("Indicators followed"), format_number(total)],
        [_("On track"), format_number(report.on_track)],
        [_("Off track"), format_number(report.off_track)],
        [_("Cannot be judged yet"), format_number(unknown)],
    ]


def render_pptx(report: FollowupReport) -> bytes:
    deck = Deck()
    deck.cover(report.title, "\n".join([report.period, *layout.cover_lines(report)]))
    deck.table(_("Key figures"), [list(row) for row in layout.key_figures(report)], header=False)
    deck.table(_("Progress per axis"), layout.axis_rows(report))
    if report.issues:
        deck.table(_("Late and blocked actions"), layout.issue_rows(report))
    else:
        deck.bullets(_("Late and blocked actions"), [_("No action is late or blocked.")])
    for line in report.charted:
        deck.picture(
            f"{line.name} — {_short(line.action, 60)}",
            layout.indicator_png(line.chart),
            f"{capfirst(line.judgement)}\u00a0: {line.explanation}",
            _("Chart of %(name)s: expected values against measured values, by year.")
            % {"name": line.name},
        )
    if report.indicators:
        deck.table(_("Indicators: target against actual"), _indicator_summary(report),
                   header=False)  # fmt: skip
        off_track = [line for line in report.indicators if line.state == OFF_TRACK]
        if off_track:
            rows = layout.indicator_rows(report, off_track[:DECK_INDICATORS])
            if len(off_track) > DECK_INDICATORS:
                rows.append([_more(len(off_track) - DECK_INDICATORS), "", "", "", "", ""])
            deck.table(_("Indicators off track"), rows)
    deck.picture(_("Budget: planned against spent"), layout.budget_chart(report),
                 description=_("Chart of the budget planned against spent per axis."))  # fmt: skip
    deck.table(_("Budget: planned against spent"), layout.budget_rows(report))
    # The most recent notes: the written report has them all.
    recent = sorted(report.highlights, key=lambda n: n.written_on, reverse=True)
    highlights = layout.highlight_items(report, recent[:DECK_HIGHLIGHTS])
    if len(recent) > DECK_HIGHLIGHTS:
        highlights.append(_more(len(recent) - DECK_HIGHLIGHTS))
    highlights = highlights or [_("No note was written for this period.")]
    deck.bullets(_("Highlights from the pilots' notes"), highlights)
    if report.decisions:
        deck.table(_("Decisions of the previous follow-up committee"), layout.decision_rows(report))
    else:
        deck.bullets(_("Decisions of the previous follow-up committee"),
                     [_("No decision of a follow-up committee is recorded yet.")])  # fmt: skip
    return deck.save()
