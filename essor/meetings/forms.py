from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.bodies.people import PersonChoiceField
from essor.core.forms import DATE_WIDGET_ATTRS, french_fields, limit_free_text
from essor.core.sanitize import sanitize_html
from essor.core.text import capitalised
from essor.meetings.models import Attendance, Audience, Meeting, MeetingKind

PARIS = ZoneInfo("Europe/Paris")
RICH_TEXT_HELP = _(
    "Plain text, or simple HTML (paragraphs, bold, lists, links). Anything else is removed."
)

HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
SKIPPED_HOUR = _(
    "This time does not exist in Paris: clocks go forward from 2:00 to 3:00 that night."
)


def rich_text(value: str) -> str:
    """Sanitised HTML from what the user typed; plain text keeps its line breaks."""
    value = (value or "").strip()
    if not value:
        return ""
    if not HTML_TAG.search(value):  # "Tarif < 5 €" is still plain text
        value = linebreaks_filter(value, autoescape=True)
    return sanitize_html(value)


def paris_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=PARIS)


def exists_in_paris(moment: dt.datetime) -> bool:
    """False for a wall-clock time skipped when clocks go forward (e.g. 02:30 on 29 March 2026)."""
    back = moment.astimezone(dt.UTC).astimezone(PARIS)
    return back.replace(tzinfo=None) == moment.replace(tzinfo=None)


class MeetingForm(forms.ModelForm):
    """A meeting; date and times are typed separately (friendlier on phones), in Paris time."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Link of the video conference, if any."),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        help_text=_("Only for an event over several days, such as a writing period."),
        widget=forms.DateInput(attrs=DATE_WIDGET_ATTRS, format="%Y-%m-%d"),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind", "title", "phase", "body", "date", "start_time", "end_time", "end_date",
            "place", "online_url", "audience", "description", "agenda", "minutes",
        ]  # fmt: skip
        help_texts = {
            "body": _("Required for a committee meeting."),
            "place": _("Address or room."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        self.process = process
        self.fields["phase"].queryset = process.phases.all()
        self.fields["body"].queryset = process.bodies.all()
        for name in ("kind", "audience"):
            self.fields[name].choices = capitalised(self.fields[name].choices)
        for name in ("description", "agenda", "minutes"):
            self.fields[name].help_text = RICH_TEXT_HELP
        meeting = self.instance
        if meeting.starts_at and not self.is_bound:
            start = timezone.localtime(meeting.starts_at, PARIS)
            self.initial.update(date=start.date(), start_time=start.time())
            if meeting.ends_at:
                end = timezone.localtime(meeting.ends_at, PARIS)
                self.initial["end_time"] = end.time()
                if end.date() != start.date():
                    self.initial["end_date"] = end.date()

    def clean_description(self):
        return rich_text(self.cleaned_data["description"])

    def clean_agenda(self):
        return rich_text(self.cleaned_data["agenda"])

    def clean_minutes(self):
        return rich_text(self.cleaned_data["minutes"])

    def clean(self):
        data = super().clean()
        body_missing = not data.get("body") and "body" not in self.errors
        if data.get("kind") == MeetingKind.BODY_MEETING and body_missing:
            self.add_error("body", _("Choose the body that meets."))
        day, start_time = data.get("date"), data.get("start_time")
        end_time, end_date = data.get("end_time"), data.get("end_date")
        if end_date and not end_time:
            self.add_error("end_time", _("Give the end time of the last day."))
        if day and start_time:
            self.instance.starts_at = paris_datetime(day, start_time)
            self.instance.ends_at = None
            if not exists_in_paris(self.instance.starts_at):
                self.add_error("start_time", SKIPPED_HOUR)
            if end_time:
                ends_at = paris_datetime(end_date or day, end_time)
                if not exists_in_paris(ends_at):
                    self.add_error("end_time", SKIPPED_HOUR)
                elif ends_at <= self.instance.starts_at:
                    field = "end_date" if end_date and end_date < day else "end_time"
                    self.add_error(field, _("The end must be after the start."))
                else:
                    self.instance.ends_at = ends_at
        return data

    def save(self, commit=True):
        meeting = super().save(commit=False)
        if meeting.kind == MeetingKind.BODY_MEETING and not meeting.audience:
            meeting.audience = Audience.BODY
        if commit:
            meeting.save()
        return meeting


class AddAttendeeForm(forms.Form):
    def __init__(self, *args, meeting: Meeting, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["person"] = PersonChoiceField(
            process=meeting.process,
            query=query,
            exclude=meeting.attendances.values_list("person_id", flat=True),
            label=_("Person to invite"),
        )

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person is not None and self.meeting.attendances.filter(person=person).exists():
            raise forms.ValidationError(_("This person is already on the list."))
        return person


def attendance_statuses(meeting: Meeting) -> list[str]:
    """The statuses that can be ticked for ``meeting``: "present" once it has started."""
    statuses = Attendance.Status.values
    if meeting.has_started:
        return statuses
    return [status for status in statuses if status != Attendance.Status.PRESENT]


def parse_attendance(meeting: Meeting, data) -> tuple[dict[int, str], list[str]]:
    """Statuses posted as ``status-<attendance id>``; returns (changes, errors).

    Nobody is present at a meeting that has not taken place yet (the mobilisation
    figures count presences): "present" is refused until the meeting has started.
    """
    valid = set(attendance_statuses(meeting))
    changes: dict[int, str] = {}
    errors: list[str] = []
    for attendance in meeting.attendances.select_related("person"):
        value = data.get(f"status-{attendance.pk}")
        if value is None:
            continue
        if value == Attendance.Status.PRESENT and value not in valid:
            errors.append(
                _("%(person)s cannot be ticked present: the meeting has not taken place yet.")
                % {"person": attendance.person}
            )
        elif value not in valid:
            errors.append(
                _("Unknown attendance status for %(person)s.") % {"person": attendance.person}
            )
        else:
            changes[attendance.pk] = value
    return changes, errors
