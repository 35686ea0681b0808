import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.core.sanitize import sanitize_html
from essor.core.tokens import hash_token, new_token, unknown_token_hash

RICH_TEXT_FIELDS = ("description", "agenda", "minutes")


class MeetingKind(models.TextChoices):
    LAUNCH = "launch", _("launch event")
    DEPARTMENT_MEETING = "department_meeting", _("meeting with departments")
    WORKSHOP = "workshop", _("workshop")
    BODY_MEETING = "body_meeting", _("committee meeting")
    WRITING = "writing", _("writing period")
    REPORT_BACK = "report_back", _("report-back")
    COUNCIL_VOTE = "council_vote", _("council vote")
    FOLLOW_UP = "follow_up", _("follow-up meeting")
    OTHER = "other", _("other")


class Audience(models.TextChoices):
    INTERNAL = "internal", _("departments of the authority")
    ACTORS = "actors", _("ESS actors")
    JOINT = "joint", _("departments and actors")
    BODY = "body", _("members of the body")
    ELECTED = "elected", _("elected officials")
    PUBLIC = "public", _("open to the public")


class MeetingQuerySet(models.QuerySet):
    def for_person(self, person):
        """Meetings the person is expected at or attended, or of a body she is a member of.

        A meeting she is excused from or was absent at is not hers (her calendar
        should not keep an event she said she would not attend).
        """
        declined = Attendance.objects.filter(
            person=person, status__in=[Attendance.Status.EXCUSED, Attendance.Status.ABSENT]
        ).values("meeting_id")
        attending = [Attendance.Status.EXPECTED, Attendance.Status.PRESENT]
        return (
            self.filter(
                models.Q(attendances__person=person, attendances__status__in=attending)
                | models.Q(body__members__person=person)
            )
            .exclude(pk__in=declined)
            .distinct()
        )


class Meeting(models.Model):
    """Any dated event of the process calendar (times stored in UTC, shown in Europe/Paris)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="meetings"
    )
    phase = models.ForeignKey(
        "processes.Phase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    body = models.ForeignKey(
        "bodies.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)  # sanitised HTML
    minutes = models.TextField(_("minutes"), blank=True)  # sanitised HTML
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rich text is shown with |safe: sanitise whatever path wrote it (forms, demo, imports).
        for name in RICH_TEXT_FIELDS:
            setattr(self, name, sanitize_html(getattr(self, name)))
        super().save(*args, **kwargs)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_over(self) -> bool:
        """Ended (a meeting typed without an end lasts an hour, as in the calendar feeds)."""
        now = timezone.now()
        if self.ends_at is not None:
            return self.ends_at <= now
        return self.starts_at <= now - datetime.timedelta(hours=1)


class Attendance(models.Model):
    class Status(models.TextChoices):
        EXPECTED = "expected", _("expected")
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.CASCADE, related_name="attendances"
    )

    class Response(models.TextChoices):
        NONE = "none", _("no answer")
        YES = "yes", _("will attend")
        NO = "no", _("will not attend")

    status = models.CharField(
        _("attendance"), max_length=10, choices=Status.choices, default=Status.EXPECTED
    )
    # Invitation by e-mail and the answer given from the link, without an account.
    invited_at = models.DateTimeField(_("invited on"), null=True, blank=True)
    response = models.CharField(
        _("answer"), max_length=4, choices=Response.choices, default=Response.NONE
    )
    responded_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    # Only the hash of the answer link's token: the link itself lives in the e-mail.
    rsvp_token_hash = models.CharField(
        max_length=64, default=unknown_token_hash, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.meeting}"

    def issue_rsvp_token(self) -> str:
        """A new answer link's token (the previous link stops working once saved)."""
        token = new_token()
        self.rsvp_token_hash = hash_token(token)
        return token
