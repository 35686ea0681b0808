"""Inviting people to a meeting, the answer link, the attendance sheet and CSV."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit import ALL
from django_ratelimit.decorators import ratelimit

from essor.core.caching import no_store
from essor.core.throttle import token_lookup
from essor.core.tokens import hash_token
from essor.jobs import services as jobs
from essor.meetings import tasks
from essor.meetings.invitation_forms import InvitationForm
from essor.meetings.invitations import (
    InvitationClosed,
    answer_invitation,
    personal_text,
    prepare_invitations,
    revoke_invitation,
    sort_recipients,
)
from essor.meetings.models import Attendance
from essor.meetings.permissions import get_meeting_for
from essor.meetings.sheet import attendance_csv, attendance_sheet_pdf
from essor.meetings.views import _int, _to_attendance
from essor.processes.context import process_context

# The answer link needs no account: limit how fast one address may try tokens.
DEFAULT_RSVP_RATE = "30/m"


def rsvp_rate(group, request) -> str:
    """``ESSOR_RSVP_RATE`` if set (tests use a long window), else 30 requests a minute."""
    return getattr(settings, "ESSOR_RSVP_RATE", DEFAULT_RSVP_RATE)


MANAGE = "meetings.manage_meetings"


def _report(request, result) -> None:
    """What the request did; what the sending did is on the job's page."""
    if result.without_email:
        message = _(
            "Without an e-mail address, to invite by other means (they are on the list): "
            "%(people)s."
        ) % {"people": ", ".join(str(p) for p in result.without_email)}
        messages.warning(request, message)
    if result.already_invited:
        message = _("Already invited, not e-mailed again: %(people)s.") % {
            "people": ", ".join(str(p) for p in result.already_invited)
        }
        messages.info(request, message)


@login_required
def invite(request, process_id, meeting_id):
    """Choose people, read the e-mail as they will receive it, then send."""
    meeting = get_meeting_for(request.user, process_id, meeting_id, MANAGE)
    form = InvitationForm(request.POST or None, meeting=meeting)
    preview = None
    if request.method == "POST" and form.is_valid():
        recipients = form.recipients()
        if "send" in request.POST:
            result = prepare_invitations(meeting, recipients, actor=request.user)
            _report(request, result)
            if not result.to_send:
                return redirect("meetings:detail", meeting.process_id, meeting.pk)
            # The e-mails go from background work: hundreds are never sent in a request.
            job = jobs.start(
                tasks.KIND,
                tasks.send_invitations,
                owner=request.user,
                workspace=meeting.process.workspace,
                args=(
                    meeting.process_id,
                    meeting.pk,
                    [person.pk for person in result.to_send],
                    form.cleaned_data["subject"],
                    form.cleaned_data["body"],
                ),
            )
            return redirect("jobs:detail", job.pk)
        to_send, without_email, already = sort_recipients(meeting, recipients)
        first = (to_send or recipients)[0]
        example = Attendance(meeting=meeting, person=first)
        preview = {
            "to_send": to_send,
            "without_email": without_email,
            "already": already,
            "subject": form.cleaned_data["subject"],
            "text": personal_text(example, form.cleaned_data["body"], "…"),
        }
    context = {
        **process_context(request.user, meeting.process, "calendar"),
        "meeting": meeting,
        "form": form,
        "preview": preview,
    }
    return render(request, "meetings/invite.html", context)


@login_required
@require_POST
def invitation_revoke(request, process_id, meeting_id):
    """Stop one person's answer link (a link e-mailed to a wrong address, a forwarded one)."""
    meeting = get_meeting_for(request.user, process_id, meeting_id, MANAGE)
    attendance = get_object_or_404(
        meeting.attendances.select_related("person"),
        pk=_int(request.POST.get("attendance")),
        invited_at__isnull=False,
    )
    revoke_invitation(attendance, actor=request.user)
    messages.success(
        request,
        _("The answer link of %(person)s no longer works; they can be invited again.")
        % {"person": attendance.person},
    )
    return _to_attendance(meeting)


def _open_invitation(token: str) -> Attendance | None:
    attendance = (
        Attendance.objects.select_related("meeting__process", "person")
        .filter(rsvp_token_hash=hash_token(token))
        .first()
    )
    if attendance is None or attendance.meeting.is_over:
        return None
    return attendance


@no_store
@ratelimit(key="ip", rate=rsvp_rate, method=ALL, block=False)
def rsvp(request, token):
    """The answer link of one invitation: works without an account until the meeting
    starts, shows the answer until the meeting is over, then no longer exists.

    A wrong token is a 404 whether or not the address is rate limited (see
    token_lookup); the rate limit shows only on a right token."""
    attendance = token_lookup(request, "rsvp", lambda: _open_invitation(token))
    if getattr(request, "limited", False):
        response = render(request, "meetings/rsvp_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    status = 200
    if request.method == "POST":
        answer = request.POST.get("response")
        if answer not in (Attendance.Response.YES, Attendance.Response.NO):
            messages.error(request, _("Choose “I will attend” or “I will not attend”."))
            status = 400
        else:
            try:
                answer_invitation(attendance, answer)
            except InvitationClosed:
                messages.error(
                    request, _("The meeting has started: the answer can no longer be changed.")
                )
                status = 409
            else:
                messages.success(request, _("Thank you, your answer has been recorded."))
                return redirect("meetings:rsvp", token)
    response = render(
        request,
        "meetings/rsvp.html",
        {"attendance": attendance, "meeting": attendance.meeting, "Response": Attendance.Response},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _filename(meeting, suffix: str) -> str:
    return slugify(f"{suffix} {meeting.title}")[:80] or suffix


@no_store
@login_required
def attendance_sheet(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, MANAGE)
    response = HttpResponse(attendance_sheet_pdf(meeting), content_type="application/pdf")
    filename = _filename(meeting, "emargement")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@no_store
@login_required
def attendance_export(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, MANAGE)
    response = HttpResponse(attendance_csv(meeting), content_type="text/csv; charset=utf-8")
    filename = _filename(meeting, "presences")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
