"""Sending many e-mails as background work: hundreds of messages are never sent inside
a web request. One SMTP connection for the lot, progress after each message, a refused
message counted and the others sent, a French outcome.

API (for every app that mails many people):

- ``Mail(to, subject, body, html="", reply_to="", calendar="", calendar_method="")``: one
  prepared message (with an iCalendar invitation when ``calendar`` is given), JSON-able
  (``mail.as_dict()`` and ``Mail(**data)``).
- ``send_all(mails, progress=None, on_sent=None) -> MailReport``: sends them on one
  connection; ``progress(done, total, step)`` is the job's; ``on_sent(index, mail)``
  runs after each message the server accepted (record it there: a second run can
  then skip whoever already received it). Call it from a task.
- ``MailReport(total, sent, failed)``: ``failed`` holds the indexes of refused
  messages; ``outcome()`` is the French sentence for the job's page.
- ``start_mailing(mails, owner=, workspace=None, done_url="", kind=KIND) -> Job``: from
  a view, sends prepared messages in a job. The messages wait in the task queue until
  sent: only for messages without secrets. A message with a personal link is built in
  the worker by the app's own task (the link is created there and only its hash kept),
  which calls ``send_all`` (see essor.meetings.tasks).

Retry: a job runs once (a second delivery finds it taken). Started again by hand, the
generic mailing sends everything again; apps that must not mail twice record each
message in ``on_sent`` and skip those on the next run, as invitations do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from email.mime.text import MIMEText

from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.jobs.models import Job, register_kind
from essor.jobs.services import Outcome, run, start

KIND = "jobs.mailing"
register_kind(KIND, gettext_lazy("Sending of e-mails"))


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    html: str = ""
    reply_to: str = ""
    # An iCalendar object (text) sent with the message, and its METHOD (REQUEST, CANCEL):
    # calendar programs show it as an invitation with the meeting to add or remove.
    calendar: str = ""
    calendar_method: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def message(self, connection) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            # A line break in a subject is refused by the mail library: flattened.
            subject=" ".join(self.subject.split()),
            body=self.body,
            to=[self.to],
            reply_to=[self.reply_to] if self.reply_to else None,
            connection=connection,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        if self.calendar:
            part = MIMEText(self.calendar, "calendar", "utf-8")
            part.set_param("method", self.calendar_method or "PUBLISH")
            part.add_header("Content-Disposition", "attachment", filename="invitation.ics")
            message.attach(part)
        return message


@dataclass
class MailReport:
    total: int = 0
    sent: int = 0
    failed: list[int] = field(default_factory=list)

    def outcome(self) -> str:
        text = ngettext(
            "%(sent)s e-mail sent out of %(total)s.", "%(sent)s e-mails sent out of %(total)s.",
            self.sent,
        ) % {"sent": self.sent, "total": self.total}  # fmt: skip
        if self.failed:
            text += " " + ngettext(
                "The mail server refused %(count)s of them: try again later.",
                "The mail server refused %(count)s of them: try again later.",
                len(self.failed),
            ) % {"count": len(self.failed)}
        return text


def send_all(
    mails: Sequence[Mail],
    progress: Callable | None = None,
    on_sent: Callable[[int, Mail], None] | None = None,
) -> MailReport:
    report = MailReport(total=len(mails))
    if not mails:
        return report
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except OSError:  # the server cannot be reached: nothing was sent
        report.failed = list(range(len(mails)))
        return report
    try:
        for index, mail in enumerate(mails):
            try:
                mail.message(connection).send()
            except OSError:  # smtplib.SMTPException is an OSError
                report.failed.append(index)
            else:
                report.sent += 1
                if on_sent is not None:
                    on_sent(index, mail)
            if progress is not None:
                progress(index + 1, len(mails), _("Sending the e-mails"))
    finally:
        connection.close()
    return report


def _mailing(job, progress, mails: list[dict], done_url: str) -> Outcome:
    report = send_all([Mail(**data) for data in mails], progress)
    return Outcome(report.outcome(), done_url)


@task()
def send_mailing(job_id: str, mails: list[dict], done_url: str):
    run(job_id, lambda job, progress: _mailing(job, progress, mails, done_url))


def start_mailing(
    mails: Sequence[Mail], *, owner, workspace=None, done_url: str = "", kind: str = KIND
) -> Job:
    """From a view: the prepared messages are sent by a job, followed on its page."""
    return start(
        kind, send_mailing, owner=owner, workspace=workspace,
        args=([mail.as_dict() for mail in mails], done_url),
    )  # fmt: skip
