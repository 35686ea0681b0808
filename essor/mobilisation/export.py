"""The figures of the dashboard as CSV (";" separated, for French spreadsheets: see
essor.core.spreadsheet)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.spreadsheet import csv_bytes
from essor.meetings.sheet import PARIS
from essor.mobilisation.figures import Dashboard


def dashboard_csv(figures: Dashboard) -> bytes:
    """Three tables one under the other: per meeting, per kind, per commune."""
    rows: list[list] = [[_("Meetings")]]
    rows.append(
        [_("Date"), _("Meeting"), _("Invited"), _("E-mailed"), _("Answered yes"),
         _("Answered no"), _("Present"), _("Excused"), _("Absent")]
    )  # fmt: skip
    for row in figures.meetings:
        rows.append(
            [timezone.localtime(row.meeting.starts_at, PARIS), row.meeting.title, row.invited,
             row.emailed, row.yes, row.no, row.present, row.excused, row.absent]
        )  # fmt: skip
    for title, groups in (
        (_("By kind of organisation"), figures.categories),
        (_("By commune"), figures.communes),
    ):
        rows += [[], [title]]
        rows.append(
            [_("Group"), _("Invited"), _("Present"), _("People present"),
             _("Present at the last meeting")]
        )  # fmt: skip
        for group in groups:
            rows.append(
                [group.label, group.invited, group.present, group.people_present_count,
                 group.at_last_meeting]
            )  # fmt: skip
    return csv_bytes(rows)
