"""The printable attendance sheet (PDF, A4) and the attendance list as CSV."""

from __future__ import annotations

import io
from html import escape
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from essor.core.spreadsheet import csv_bytes
from essor.meetings.invitations import when_text
from essor.meetings.models import Attendance, Meeting

PARIS = ZoneInfo("Europe/Paris")
NOT_COMING = [Attendance.Status.EXCUSED, Attendance.Status.ABSENT]
BLANK_LINES = 8  # for people who come without being expected
# Spreadsheets run cells starting with these as formulas (CSV injection).


def expected_attendances(meeting: Meeting) -> QuerySet[Attendance]:
    """Who should sign: everyone on the list except those excused or absent, by name."""
    return (
        meeting.attendances.exclude(status__in=NOT_COMING)
        .select_related("person__organisation")
        .order_by("person__last_name", "person__first_name", "person_id")
    )


def _pdf_text(value) -> str:
    # The standard PDF fonts have no narrow no-break space (French time formats use it).
    return escape(str(value).replace("\u202f", " ").replace("\u00a0", " "))


def attendance_sheet_pdf(meeting: Meeting, *, compress: bool = True) -> bytes:
    """An A4 sheet: title, date and place, then one line per expected person to sign."""
    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    buffer = io.BytesIO()
    title = _("Attendance sheet")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{title} — {meeting.title}",
        author="Essor",
        lang="fr-FR",
        pageCompression=1 if compress else 0,
        invariant=0 if compress else 1,
    )
    story = [
        Paragraph(_pdf_text(title), styles["Title"]),
        Paragraph(_pdf_text(meeting.title), styles["Heading2"]),
        Paragraph(_pdf_text(meeting.process.title), cell),
        Paragraph(_pdf_text(_("When: %(when)s (Paris time)") % {"when": when_text(meeting)}), cell),
    ]
    if meeting.place:
        story.append(Paragraph(_pdf_text(_("Where: %(place)s") % {"place": meeting.place}), cell))
    story.append(Spacer(1, 6 * mm))
    header = [_pdf_text(_("Name")), _pdf_text(_("Organisation")), _pdf_text(_("Signature"))]
    rows = [[Paragraph(f"<b>{text}</b>", cell) for text in header]]
    for attendance in expected_attendances(meeting):
        person = attendance.person
        name = f"{person.last_name.upper()} {person.first_name}".strip()
        organisation = person.organisation.name if person.organisation_id else ""
        rows.append([Paragraph(_pdf_text(name), cell), Paragraph(_pdf_text(organisation), cell)])
    rows += [["", ""] for _line in range(BLANK_LINES)]
    rows = [row + [""] * (3 - len(row)) for row in rows]  # the signature column stays empty
    heights = [None] + [13 * mm] * (len(rows) - 1)
    table = Table(rows, colWidths=[62 * mm, 62 * mm, 56 * mm], rowHeights=heights, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f2ed")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()


def _moment(value):
    """A moment in Paris time (the CSV cell writes it DD/MM/YYYY HH:MM), or None."""
    return timezone.localtime(value, PARIS) if value else None


def attendance_csv(meeting: Meeting) -> bytes:
    """Every person on the list with invitation, answer and attendance (";" for French Excel)."""
    rows: list[list] = [
        [
            _("Last name"),
            _("First name"),
            _("Organisation"),
            _("Invited by e-mail on"),
            _("Answer"),
            _("Answered on"),
            _("Attendance"),
        ]
    ]
    attendances = meeting.attendances.select_related("person__organisation").order_by(
        "person__last_name", "person__first_name", "person_id"
    )
    for attendance in attendances:
        person = attendance.person
        rows.append(
            [
                person.last_name,
                person.first_name,
                person.organisation.name if person.organisation_id else "",
                _moment(attendance.invited_at),
                attendance.get_response_display(),
                _moment(attendance.responded_at),
                attendance.get_status_display(),
            ]
        )
    return csv_bytes(rows)
