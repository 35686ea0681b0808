"""Invitations by e-mail and the answers given from the link (no account needed).

Each person invited gets their own e-mail with a secret link (only the hash
of its token is stored: the link exists in the e-mail alone); the link shows
the meeting and two buttons, and ends once the meeting is over. An answer can
be changed until the meeting starts. Answering "no" marks the
person excused (so the meeting leaves their calendar feed), answering "yes"
puts them back as expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.core.audit import log_action
from essor.core.tokens import unknown_token_hash
from essor.meetings.ical import invitation_calendar
from essor.meetings.models import Attendance, Meeting
from essor.organisations.models import Person


class InvitationClosed(Exception):
    """The meeting has started: answers can no longer change."""


@dataclass
class InvitationResult:
    sent: list[Person] = field(default_factory=list)
    without_email: list[Person] = field(default_factory=list)
    already_invited: list[Person] = field(default_factory=list)
    failed: list[Person] = field(default_factory=list)
    to_send: list[Person] = field(default_factory=list)


def when_text(meeting: Meeting) -> str:
    """ "mardi 10 février 2026, 09:30–12:00" in Paris time (the calendar's wording)."""
    text = render_to_string("meetings/includes/when.html", {"meeting": meeting})
    return " ".join(text.split())


def default_subject(meeting: Meeting) -> str:
    return _("Invitation: %(title)s, %(when)s") % {
        "title": meeting.title,
        "when": when_text(meeting),
    }


def default_body(meeting: Meeting) -> str:
    """The editable text of the e-mail; greeting and answer link are added per person."""
    lines = [
        _("We are pleased to invite you to “%(title)s”, part of “%(process)s”.")
        % {"title": meeting.title, "process": meeting.process.title},
        "",
        *when_and_where(meeting),
        "",
        _("Please tell us whether you will attend with the link below."),
    ]
    return "\n".join(lines)


def when_and_where(meeting: Meeting) -> list[str]:
    """The date (Paris time), the place and the online link, one line each."""
    lines = [_("When: %(when)s (Paris time)") % {"when": when_text(meeting)}]
    if meeting.place:
        lines.append(_("Where: %(place)s") % {"place": meeting.place})
    if meeting.online_url:
        lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
    return lines


def rsvp_url(token: str) -> str:
    return settings.SITE_URL + reverse("meetings:rsvp", args=[token])


def personal_text(attendance: Attendance, body: str, token: str) -> str:
    """The e-mail one person receives: greeting, the facilitator's text, the answer link."""
    greeting = _greeting(attendance)
    answer = _("Answer yes or no (no account needed): %(url)s") % {"url": rsvp_url(token)}
    closing = _(
        "You can change your answer with the same link until the meeting starts. "
        "This link is personal: please do not forward it."
    )
    return "\n\n".join([greeting, body.strip(), answer, closing]) + "\n"


def personal_html(attendance: Attendance, body: str, token: str) -> str:
    """The same e-mail in HTML: the facilitator's text escaped, the link as a button."""
    return render_to_string(
        "meetings/email/invitation.html",
        {"person": attendance.person, "paragraphs": _paragraphs(body), "url": rsvp_url(token),
         "meeting": attendance.meeting},
    )  # fmt: skip


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (separated by a blank line), each a list of lines."""
    blocks = [block.strip() for block in text.strip().split("\n\n")]
    return [block.splitlines() for block in blocks if block]


# What a change must tell those invited: the calendar entry they hold shows these.
NOTIFIED_FIELDS = ("title", "starts_at", "ends_at", "place", "online_url")


def snapshot(meeting: Meeting) -> dict:
    """What invited people's calendars hold of the meeting (taken before an edit)."""
    return {name: getattr(meeting, name) for name in NOTIFIED_FIELDS}


def _invited(meeting: Meeting) -> list[Attendance]:
    """Attendances e-mailed an invitation and not declined, with an address."""
    return list(
        meeting.attendances.filter(invited_at__isnull=False)
        .exclude(person__email="")
        .exclude(status__in=[Attendance.Status.EXCUSED, Attendance.Status.ABSENT])
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def change_mails(meeting: Meeting, before: dict) -> list:
    """The update each invited person gets when the date, place or title changed: the
    calendar entry they accepted moves (same UID, higher SEQUENCE). None otherwise."""
    from essor.jobs.mail import Mail

    if snapshot(meeting) == before:
        return []
    subject = _("Change: %(title)s, %(when)s") % {
        "title": meeting.title, "when": when_text(meeting)
    }  # fmt: skip
    lines = [
        _("“%(title)s”, part of “%(process)s”, has changed.")
        % {"title": meeting.title, "process": meeting.process.title},
        "",
        *when_and_where(meeting),
        "",
        _("The answer link of your invitation still works."),
    ]
    return [
        Mail(to=a.person.email, subject=subject,
             body=_greeting(a) + "\n\n" + "\n".join(lines) + "\n",
             calendar=invitation_calendar(meeting, a.person, "REQUEST", a.response),
             calendar_method="REQUEST")
        for a in _invited(meeting)
    ]  # fmt: skip


def cancel_mails(meeting: Meeting) -> list:
    """The cancellation each invited person gets (taken before the meeting is deleted):
    calendar programs remove the entry."""
    from essor.jobs.mail import Mail

    subject = _("Cancelled: %(title)s, %(when)s") % {
        "title": meeting.title, "when": when_text(meeting)
    }  # fmt: skip
    text = _("“%(title)s”, part of “%(process)s”, planned on %(when)s, is cancelled.") % {
        "title": meeting.title, "process": meeting.process.title, "when": when_text(meeting)
    }  # fmt: skip
    return [
        Mail(to=a.person.email, subject=subject, body=_greeting(a) + "\n\n" + text + "\n",
             calendar=invitation_calendar(meeting, a.person, "CANCEL", a.response),
             calendar_method="CANCEL")
        for a in _invited(meeting)
    ]  # fmt: skip


def _greeting(attendance: Attendance) -> str:
    return _("Hello %(name)s,") % {"name": attendance.person}


def sort_recipients(
    meeting: Meeting, people: Iterable[Person]
) -> tuple[list[Person], list[Person], list[Person]]:
    """(to e-mail, without an e-mail address, already invited by e-mail), each by name."""
    invited = set(
        meeting.attendances.filter(invited_at__isnull=False).values_list("person_id", flat=True)
    )
    unique = sorted({p.pk: p for p in people}.values(), key=_name_key)
    to_send = [p for p in unique if p.email and p.pk not in invited]
    without_email = [p for p in unique if not p.email]
    already = [p for p in unique if p.email and p.pk in invited]
    return to_send, without_email, already


def _name_key(person: Person):
    return (person.last_name.lower(), person.first_name.lower(), person.pk)


def _attendances_for(meeting: Meeting, people: list[Person]) -> dict[int, Attendance]:
    """The attendance of each person at the meeting, created when missing."""
    on_list = meeting.attendances.filter(person__in=people)
    existing = set(on_list.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person=p) for p in people if p.pk not in existing]
    )
    existing = {a.person_id: a for a in meeting.attendances.filter(person__in=people)}
    return existing


def prepare_invitations(meeting: Meeting, people: Iterable[Person], *, actor) -> InvitationResult:
    """Put everyone on the attendance list; ``to_send`` are those to e-mail (they have an
    address and no invitation yet). Quick: done in the request, before the sending."""
    to_send, without_email, already = sort_recipients(meeting, people)
    result = InvitationResult(without_email=without_email, already_invited=already)
    result.to_send = to_send
    with transaction.atomic():
        attendances = _attendances_for(meeting, to_send + without_email + already)
        log_action(actor, "meeting.invitations_prepared", meeting, people=sorted(attendances))
    return result


def deliver_invitations(
    meeting: Meeting, people: Iterable[Person], *, subject: str, body: str, actor, progress=None
) -> InvitationResult:
    """E-mail each person on the list not invited yet their own answer link (in a task).

    People invited meanwhile are skipped (a double click sends nothing twice). A message
    the mail server refuses leaves that person not invited, so a second try sends it."""
    from essor.jobs.mail import Mail, send_all

    waiting = {
        a.person_id: a
        for a in meeting.attendances.filter(person__in=people, invited_at__isnull=True)
    }
    to_send = [p for p in sorted(people, key=_name_key) if p.email and p.pk in waiting]
    result = InvitationResult()
    mails = []
    for person in to_send:
        attendance = waiting[person.pk]
        attendance.person = person
        # Only the hash is stored: the link exists in this e-mail alone.
        token = attendance.issue_rsvp_token()
        mails.append(Mail(to=person.email, subject=subject.strip(),
                          body=personal_text(attendance, body, token),
                          html=personal_html(attendance, body, token),
                          calendar=invitation_calendar(meeting, person, "REQUEST",
                                                       attendance.response),
                          calendar_method="REQUEST"))  # fmt: skip

    def sent(index: int, _mail) -> None:
        attendance = waiting[to_send[index].pk]
        Attendance.objects.filter(pk=attendance.pk).update(
            invited_at=timezone.now(), rsvp_token_hash=attendance.rsvp_token_hash
        )

    report = send_all(mails, progress, on_sent=sent)
    result.failed = [to_send[index] for index in report.failed]
    result.sent = [p for index, p in enumerate(to_send) if index not in set(report.failed)]
    log_action(
        actor,
        "meeting.invitations_sent",
        meeting,
        sent=[p.pk for p in result.sent],
        failed=[p.pk for p in result.failed],
    )
    return result


@transaction.atomic
def revoke_invitation(attendance: Attendance, *, actor) -> None:
    """The answer link stops working (answered 404, like a wrong one). The person stays
    on the list with the answer already given, and may be invited again with a new link."""
    attendance.rsvp_token_hash = unknown_token_hash()
    attendance.invited_at = None
    attendance.save(update_fields=["rsvp_token_hash", "invited_at"])
    log_action(actor, "meeting.invitation_revoked", attendance.meeting, person=attendance.person_id)


@transaction.atomic
def answer_invitation(attendance: Attendance, response: str) -> Attendance:
    """Record a yes/no answer from the invitation link; refused once the meeting started."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("meeting", "person")
        .get(pk=attendance.pk)
    )
    if attendance.meeting.has_started:
        raise InvitationClosed
    if response not in (Attendance.Response.YES, Attendance.Response.NO):
        raise ValueError(response)
    attendance.response = response
    attendance.responded_at = timezone.now()
    fields = ["response", "responded_at"]
    if response == Attendance.Response.NO and attendance.status == Attendance.Status.EXPECTED:
        attendance.status = Attendance.Status.EXCUSED
        fields.append("status")
    elif response == Attendance.Response.YES and attendance.status == Attendance.Status.EXCUSED:
        attendance.status = Attendance.Status.EXPECTED
        fields.append("status")
    attendance.save(update_fields=fields)
    log_action(
        None,
        "meeting.invitation_answered",
        attendance.meeting,
        person=attendance.person_id,
        response=response,
    )
    return attendance
