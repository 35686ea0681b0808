"""Personal survey links e-mailed by Essor, and their one reminder.

Each e-mail carries a link made in the worker, where the message is built: only its
hash is stored and the task's arguments hold no secret. The link given before, if any,
stops working. An invitation is recorded as e-mailed (``sent_at``) or reminded
(``reminded_at``), with its new token, only once the mail server accepted the message:
a run started again sends nothing twice, and a refused message leaves the old link.

One reminder per person: to whoever was e-mailed, has not answered and was not
reminded yet — from the links page, or by itself a few days before the survey closes
(``manage.py run_periodic``).
"""

from __future__ import annotations

import datetime as dt
from email.headerregistry import Address

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from essor.jobs.mail import Mail, MailReport, send_all
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run, start
from essor.surveys.models import Invitation, Survey, SurveyStatus
from essor.surveys.permissions import get_survey_for

KIND = "surveys.links_mail"
register_kind(KIND, gettext_lazy("E-mails of a survey's personal links"))

INITIAL, REMINDER = "initial", "reminder"
MANAGE = "surveys.manage_survey"
# The automatic reminder goes out this many days before the survey closes.
REMINDER_DAYS_BEFORE_CLOSING = 3


def recipients(survey: Survey, kind: str):
    """Invitations to e-mail: never the used ones nor people without an address; the
    first e-mail once, the reminder once, and only after the first e-mail."""
    invitations = survey.invitations.filter(is_used=False).exclude(person__email="")
    if kind == REMINDER:
        invitations = invitations.filter(sent_at__isnull=False, reminded_at__isnull=True)
    else:
        invitations = invitations.filter(sent_at__isnull=True)
    return invitations.select_related("person", "survey__process")


def refusal(survey: Survey, kind: str, today: dt.date | None = None) -> str:
    """Why these e-mails cannot go now (French), or ""."""
    availability = survey.availability(today)
    if availability == "draft":
        return _("The survey is a draft: open it before sending its links.")
    if availability == "closed":
        return _("The survey is closed: its links open nothing any more.")
    if kind == REMINDER and availability != "open":
        return _("The survey is not open yet: the reminder can wait until it is.")
    return ""


def answer_url(token: str) -> str:
    return settings.SITE_URL + reverse("surveys:answer", args=[token])


def build_mail(invitation: Invitation, token: str, kind: str) -> Mail:
    """The e-mail to one person (text and HTML, the link as a button)."""
    survey = invitation.survey
    person = invitation.person
    context = {
        "person": person,
        "survey": survey,
        "process": survey.process,
        "url": answer_url(token),
        "reminder": kind == REMINDER,
    }
    if kind == REMINDER:
        subject = _("Reminder: the survey “%(survey)s” awaits your answer")
    else:
        subject = _("Your answer to the survey “%(survey)s”")
    name = f"{person.first_name} {person.last_name}".strip()
    return Mail(
        # Address quotes a name holding a comma: one recipient, not two.
        to=str(Address(display_name=name, addr_spec=person.email)),
        subject=subject % {"survey": survey.title},
        body=render_to_string("surveys/email/link.txt", context),
        html=render_to_string("surveys/email/link.html", context),
    )


def deliver(invitations, kind: str, progress=None) -> MailReport:
    """E-mail each invitation a new link; record each one the server accepted."""
    invitations = list(invitations)
    mark = "reminded_at" if kind == REMINDER else "sent_at"
    mails = [build_mail(invitation, invitation.issue_token(), kind) for invitation in invitations]

    def on_sent(index: int, mail: Mail) -> None:
        invitation = invitations[index]
        setattr(invitation, mark, timezone.now())
        invitation.save(update_fields=["token_hash", "issued_at", mark])

    return send_all(mails, progress, on_sent)


def _send(job, progress, process_id: int, survey_id: int, kind: str) -> Outcome:
    survey = as_owner(job, get_survey_for, process_id, survey_id, MANAGE)
    reason = refusal(survey, kind)
    if reason:
        raise JobFailed(reason)
    report = deliver(recipients(survey, kind), kind, progress)
    return Outcome(report.outcome(), reverse("surveys:invitations", args=[process_id, survey_id]))


@task()
def send_links(job_id: str, process_id: int, survey_id: int, kind: str):
    run(job_id, lambda job, progress: _send(job, progress, process_id, survey_id, kind))


def start_sending(survey: Survey, kind: str, actor):
    """The background work e-mailing the links (the worker picks the recipients, so a
    job started twice sends nobody's e-mail twice)."""
    return start(
        KIND,
        send_links,
        owner=actor,
        workspace=survey.process.workspace,
        args=(survey.process_id, survey.pk, kind),
    )


def send_due_reminders(today: dt.date | None = None) -> int:
    """The automatic reminders of the open surveys closing within a few days (cron)."""
    today = today or timezone.localdate()
    last_day = today + dt.timedelta(days=REMINDER_DAYS_BEFORE_CLOSING)
    surveys = Survey.objects.filter(
        status=SurveyStatus.OPEN, closes_on__gte=today, closes_on__lte=last_day
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for survey in surveys:
            if not refusal(survey, REMINDER, today):
                sent += deliver(recipients(survey, REMINDER), REMINDER).sent
    return sent
