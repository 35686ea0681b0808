from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from essor.core.caching import no_store
from essor.core.throttle import Counter, token_lookup
from essor.core.tokens import hash_token
from essor.jobs.mail import start_mailing
from essor.meetings import invitations, services
from essor.meetings.forms import (
    AddAttendeeForm,
    MeetingForm,
    attendance_statuses,
    parse_attendance,
)
from essor.meetings.ical import build_calendar
from essor.meetings.models import Attendance, Meeting, MeetingKind
from essor.meetings.permissions import get_meeting_for, meetings_visible_to
from essor.meetings.timeline import build_timeline, legend
from essor.organisations.models import Person
from essor.processes.context import process_context
from essor.processes.models import Process
from essor.processes.permissions import get_process_for


def _context(request, process, active="calendar", **extra) -> dict:
    return {
        **process_context(request.user, process, active),
        "can_manage_meetings": request.user.has_perm("meetings.manage_meetings", process),
        "can_view_internal_meetings": request.user.has_perm("meetings.view_internal", process),
        "can_subscribe": request.user.has_perm("meetings.subscribe", process),
        **extra,
    }


def meeting_list(request, process_id):
    """The calendar grouped by phase, then the meetings without a phase."""
    process = get_process_for(request.user, process_id, "meetings.view_calendar")
    meetings = list(meetings_visible_to(request.user, process).select_related("body", "phase"))
    groups = []
    for phase in process.phases.all():
        own = [m for m in meetings if m.phase_id == phase.pk]
        groups.append({"phase": phase, "meetings": own})
    without = [m for m in meetings if m.phase_id is None]
    if without:
        groups.append({"phase": None, "meetings": without})
    context = _context(request, process, groups=groups, meeting_count=len(meetings))
    return render(request, "meetings/meeting_list.html", context)


def timeline(request, process_id):
    process = get_process_for(request.user, process_id, "meetings.view_calendar")
    context = _context(
        request,
        process,
        "timeline",
        timeline=build_timeline(
            process, _("Without a phase"), meetings=meetings_visible_to(request.user, process)
        ),
        legend=legend(),
    )
    return render(request, "meetings/timeline.html", context)


def _detail_context(request, meeting: Meeting, **extra) -> dict:
    process = meeting.process
    context = _context(request, process, meeting=meeting)
    if context["can_view_internal_meetings"]:
        context["attendances"] = meeting.attendances.select_related(
            "person__organisation"
        ).order_by("person__last_name", "person__first_name")
        context["decisions"] = meeting.decisions.select_related("body")
        offered = attendance_statuses(meeting)
        context["statuses"] = [c for c in Attendance.Status.choices if c[0] in offered]
    if context["can_manage_meetings"]:
        query = request.GET.get("q", "").strip()[:100]
        context["query"] = query
        context["attendee_form"] = AddAttendeeForm(meeting=meeting, query=query)
        context["missing_members"] = (
            meeting.body.members.exclude(person__attendances__meeting=meeting).count()
            if meeting.body_id
            else 0
        )
    context.update(extra)
    return context


@no_store
def meeting_detail(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting))


@login_required
def meeting_create(request, process_id):
    process = get_process_for(request.user, process_id, "meetings.manage_meetings")
    meeting = Meeting(process=process)
    initial = {}
    body = process.bodies.filter(pk=_int(request.GET.get("body"))).first()
    if body is not None:
        initial.update(body=body, kind=MeetingKind.BODY_MEETING, title=str(body))
    phase = process.phases.filter(pk=_int(request.GET.get("phase"))).first()
    if phase is not None:
        initial["phase"] = phase
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial, process=process)
    if request.method == "POST" and form.is_valid():
        meeting = services.save_meeting(form.save(commit=False), actor=request.user)
        messages.success(request, _("The meeting has been added to the calendar."))
        return redirect("meetings:detail", process.pk, meeting.pk)
    return render(request, "meetings/meeting_form.html", _context(request, process, form=form))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def meeting_edit(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, "meetings.manage_meetings")
    before = invitations.snapshot(meeting)  # the form writes into the instance
    form = MeetingForm(request.POST or None, instance=meeting, process=meeting.process)
    if request.method == "POST" and form.is_valid():
        services.save_meeting(form.save(commit=False), actor=request.user)
        messages.success(request, _("The meeting has been saved."))
        _tell_invited(request, meeting, invitations.change_mails(meeting, before))
        return redirect("meetings:detail", meeting.process_id, meeting.pk)
    context = _context(request, meeting.process, form=form, meeting=meeting)
    return render(request, "meetings/meeting_form.html", context)


@login_required
def meeting_delete(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, "meetings.manage_meetings")
    if request.method == "POST":
        cancellations = invitations.cancel_mails(meeting)
        services.delete_meeting(meeting, actor=request.user)
        messages.success(request, _("The meeting has been deleted."))
        _tell_invited(request, meeting, cancellations)
        return redirect("meetings:list", meeting.process_id)
    context = _context(request, meeting.process, meeting=meeting)
    return render(request, "meetings/meeting_confirm_delete.html", context)


def _tell_invited(request, meeting: Meeting, mails) -> None:
    """Send the update or cancellation to those invited by e-mail, as background work."""
    if not mails:
        return
    start_mailing(
        mails,
        owner=request.user,
        workspace=meeting.process.workspace,
        done_url=reverse("meetings:list", args=[meeting.process_id]),
    )
    messages.info(
        request,
        ngettext(
            "%(count)s person invited by e-mail is being told, with the calendar entry.",
            "%(count)s people invited by e-mail are being told, with the calendar entry.",
            len(mails),
        )
        % {"count": len(mails)},
    )


def _to_attendance(meeting: Meeting):
    return redirect(
        reverse("meetings:detail", args=[meeting.process_id, meeting.pk]) + "#presences"
    )


@login_required
@require_POST
def attendance_save(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, "meetings.manage_meetings")
    statuses, errors = parse_attendance(meeting, request.POST)
    if errors:
        for error in errors:
            messages.error(request, error)
    else:
        services.record_attendance(meeting, statuses, actor=request.user)
        messages.success(request, _("The attendance has been saved."))
    return _to_attendance(meeting)


@login_required
@require_POST
def attendance_add(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, "meetings.manage_meetings")
    if "body_members" in request.POST:
        count = services.invite_body_members(meeting)
        message = ngettext(
            "%(count)d member of the body added to the list.",
            "%(count)d members of the body added to the list.",
            count,
        )
        messages.success(request, message % {"count": count})
        return _to_attendance(meeting)
    form = AddAttendeeForm(request.POST, meeting=meeting)
    if form.is_valid():
        services.add_attendees(meeting, [form.cleaned_data["person"]], actor=request.user)
        messages.success(request, _("The person has been added to the list."))
        return _to_attendance(meeting)
    context = _detail_context(request, meeting, attendee_form=form, query="")
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_POST
def attendance_remove(request, process_id, meeting_id):
    meeting = get_meeting_for(request.user, process_id, meeting_id, "meetings.manage_meetings")
    attendance = get_object_or_404(
        meeting.attendances.select_related("person"), pk=_int(request.POST.get("attendance"))
    )
    services.remove_attendee(attendance, actor=request.user)
    messages.success(
        request, _("%(person)s has been removed from the list.") % {"person": attendance.person}
    )
    return _to_attendance(meeting)


def _person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def _feed_urls(path: str) -> dict:
    url = settings.SITE_URL + path
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[-1]}


def _subscribe_page(request, process: Process, **fresh):
    """The links page. ``fresh`` holds a link just created (``process_feed`` or
    ``person_feed``): only its hash is stored, so this answer is the one time it
    can be read (never stored by the browser: see no_store on the views)."""
    context = _context(request, process, person=_person_of(request.user), **fresh)
    return render(request, "meetings/subscribe.html", context)


@no_store
@login_required
def subscribe(request, process_id):
    """The private subscription links: the whole process and the user's own meetings."""
    process = get_process_for(request.user, process_id, "meetings.subscribe")
    return _subscribe_page(request, process)


def _own_person(request, process_id) -> tuple[Process, Person]:
    process = get_process_for(request.user, process_id, "meetings.subscribe")
    person = _person_of(request.user)
    if person is None:
        raise Http404
    return process, person


@no_store
@login_required
@require_POST
def regenerate_token(request, process_id):
    process = get_process_for(request.user, process_id, "meetings.manage_meetings")
    token = services.renew_calendar_link(process, actor=request.user)
    url = reverse("meetings:ical_process", args=[process.pk, token])
    return _subscribe_page(request, process, process_feed=_feed_urls(url))


@login_required
@require_POST
def revoke_token(request, process_id):
    process = get_process_for(request.user, process_id, "meetings.manage_meetings")
    services.revoke_calendar_link(process, actor=request.user)
    messages.success(request, _("The calendar link has been revoked: it no longer works."))
    return redirect("meetings:subscribe", process.pk)


@no_store
@login_required
@require_POST
def regenerate_person_token(request, process_id):
    process, person = _own_person(request, process_id)
    token = services.renew_calendar_link(person, actor=request.user)
    url = reverse("meetings:ical_person", args=[token])
    return _subscribe_page(request, process, person_feed=_feed_urls(url))


@login_required
@require_POST
def revoke_person_token(request, process_id):
    process, person = _own_person(request, process_id)
    services.revoke_calendar_link(person, actor=request.user)
    messages.success(request, _("Your personal link has been revoked: it no longer works."))
    return redirect("meetings:subscribe", process.pk)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _too_many_fetches(token: str) -> HttpResponse | None:
    """A 429 once a feed has been fetched too often this hour (the token is right:
    wrong ones are answered 404 by token_lookup before counting here)."""
    fetches = Counter("ical.fetch", settings.CALENDAR_FEED_FETCHES_PER_HOUR, 3600)
    if fetches.record(token) <= fetches.limit:
        return None
    response = HttpResponse(
        _("This calendar is fetched too often: try again in an hour."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "3600"
    return response


@no_store
def ical_process(request, process_id, token):
    """The whole calendar of a process; the secret token in the URL is the only key."""
    process = token_lookup(
        request,
        "calendar",
        lambda: Process.objects.filter(
            pk=process_id, calendar_token_hash=hash_token(token)
        ).first(),
    )
    if (limited := _too_many_fetches(token)) is not None:
        return limited
    meetings = process.meetings.select_related("process")
    name = _("%(process)s — calendar") % {"process": process.title}
    filename = slugify(process.title)[:60] or "calendrier"
    return _ics_response(build_calendar(name, meetings), filename)


@no_store
def ical_person(request, token):
    """One person's meetings in every process: on the attendance list or member of the body."""
    person = token_lookup(
        request,
        "calendar",
        lambda: Person.objects.filter(calendar_token_hash=hash_token(token)).first(),
    )
    if (limited := _too_many_fetches(token)) is not None:
        return limited
    meetings = Meeting.objects.for_person(person).select_related("process")
    name = _("Meetings of %(person)s") % {"person": person}
    filename = slugify(f"reunions {person}")[:60] or "reunions"
    return _ics_response(build_calendar(name, meetings), filename)
