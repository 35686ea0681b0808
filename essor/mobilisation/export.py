"""The figures of the dashboard as CSV (";" separated, for French spreadsheets)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.spreadsheet import safe_cell
from essor.meetings.sheet import PARIS
from essor.mobilisation.figures import Dashboard


def dashboard_csv(figures: Dashboard) -> str:
    """Three tables one under the other: per meeting, per kind, per commune."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Meetings")])
    writer.writerow(
        [_("Date"), _("Meeting"), _("Invited"), _("E-mailed"), _("Answered yes"),
         _("Answered no"), _("Present"), _("Excused"), _("Absent")]
    )  # fmt: skip
    for row in figures.meetings:
        start = timezone.localtime(row.meeting.starts_at, PARIS)
        writer.writerow(
            [start.strftime("%d/%m/%Y %H:%M"), safe_cell(row.meeting.title), row.invited,
             row.emailed, row.yes, row.no, row.present, row.excused, row.absent]
        )  # fmt: skip
    for title, groups in (
        (_("By kind of organisation"), figures.categories),
        (_("By commune"), figures.communes),
    ):
        writer.writerow([])
        writer.writerow([title])
        writer.writerow(
            [_("Group"), _("Invited"), _("Present"), _("People present"),
             _("Present at the last meeting")]
        )  # fmt: skip
        for group in groups:
            writer.writerow(
                [safe_cell(group.label), group.invited, group.present,
                 group.people_present_count, group.at_last_meeting]
            )  # fmt: skip
    return "\ufeff" + output.getvalue()
