"""Sending meeting invitations as background work, followed on the job's page.

Each e-mail carries a personal answer link created here, in the worker (only its hash
is stored, never the link: the task's arguments hold no secret). It may be started
again safely: whoever was invited is skipped, so only the refused messages go again."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.jobs.models import register_kind
from essor.jobs.services import Outcome, as_owner, run
from essor.meetings.invitations import deliver_invitations
from essor.meetings.permissions import get_meeting_for
from essor.organisations.models import Person

KIND = "meetings.invitations"
MANAGE = "meetings.manage_meetings"
register_kind(KIND, gettext_lazy("Sending of the invitations"))


def _send(job, progress, process_id: int, meeting_id: int, people: list[int], subject: str,
          body: str) -> Outcome:  # fmt: skip
    meeting = as_owner(job, get_meeting_for, process_id, meeting_id, MANAGE)
    # Only people on this meeting's list (put there by the request that started the work).
    listed = Person.objects.filter(pk__in=people, attendances__meeting=meeting).distinct()
    progress(0, len(people), _("Sending the e-mails"))
    result = deliver_invitations(
        meeting, list(listed), subject=subject, body=body, actor=job.owner, progress=progress
    )
    count = len(result.sent)
    lines = [
        ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", count)
        % {"count": count}
    ]
    if result.failed:
        lines.append(
            _("The mail server refused these invitations; try again later: %(people)s.")
            % {"people": ", ".join(str(p) for p in result.failed)}
        )
    return Outcome("\n".join(lines), reverse("meetings:detail", args=[process_id, meeting_id]))


@task()
def send_invitations(job_id: str, process_id: int, meeting_id: int, people: list[int],
                     subject: str, body: str):  # fmt: skip
    run(job_id, lambda job, progress: _send(job, progress, process_id, meeting_id, people,
                                            subject, body))  # fmt: skip
