"""Workshops of a process: list, creation, page, settings with guiding questions, deletion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.processes.context import process_context
from essor.processes.permissions import get_process_for
from essor.workshops import services
from essor.workshops.forms import QuestionFormSet, WorkshopCreateForm, WorkshopSettingsForm
from essor.workshops.permissions import get_workshop_for
from essor.workshops.qr import join_url, qr_svg


def workshop_context(request, process, **extra) -> dict:
    """Context of every workshop page: process tabs and what the user may do."""
    return {
        **process_context(request.user, process, "workshops"),
        "can_manage_workshops": request.user.has_perm("workshops.manage_workshop", process),
        "can_view_contributions": request.user.has_perm(
            "contributions.view_contributions", process
        ),
        **extra,
    }


def workshop_list(request, process_id):
    process = get_process_for(request.user, process_id, "workshops.view_workshop")
    workshops = process.workshops.annotate(
        contribution_count=Count(
            "contributions", filter=Q(contributions__is_withdrawn=False), distinct=True
        ),
        # Participants removed by a facilitator are not counted.
        participant_count=Count(
            "participants", filter=Q(participants__removed_at__isnull=True), distinct=True
        ),
    ).order_by("date", "id")
    context = workshop_context(request, process, workshops=workshops)
    return render(request, "workshops/workshop_list.html", context)


@login_required
def workshop_create(request, process_id):
    process = get_process_for(request.user, process_id, "workshops.manage_workshop")
    form = WorkshopCreateForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = data["meeting"]
        date = data["date"]
        if date is None and meeting is not None:
            date = timezone.localtime(meeting.starts_at).date()
        workshop = services.create_workshop(
            process=process,
            title=data["title"],
            date=date,
            template=data["template"],
            objectives=data["objectives"],
            meeting=meeting,
            actor=request.user,
        )
        messages.success(request, _("The workshop has been created."))
        return redirect("workshops:detail", process.pk, workshop.pk)
    return render(
        request, "workshops/workshop_create.html", workshop_context(request, process, form=form)
    )


def workshop_detail(request, process_id, workshop_id):
    workshop = get_workshop_for(request.user, process_id, workshop_id)
    context = workshop_context(
        request, workshop.process, workshop=workshop, questions=workshop.questions.all()
    )
    if context["can_view_contributions"]:
        # The code lets anyone add ideas: shown to the people of the process only.
        context.update(join_url=join_url(workshop), qr_svg=qr_svg(workshop))
        context["contribution_count"] = workshop.contributions.kept().count()
        context["participant_count"] = workshop.participants.present().count()
    return render(request, "workshops/workshop_detail.html", context)


@login_required
def workshop_edit(request, process_id, workshop_id):
    workshop = get_workshop_for(request.user, process_id, workshop_id, "workshops.manage_workshop")
    data = request.POST if request.method == "POST" else None
    form = WorkshopSettingsForm(data, instance=workshop)
    formset = QuestionFormSet(data, instance=workshop, prefix="questions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                services.save_workshop(form.save(commit=False), actor=request.user)
                services.save_questions(workshop, formset, actor=request.user)
        except services.WorkshopHasContributions:
            messages.error(
                request, _("A question received contributions meanwhile: nothing was changed.")
            )
            return redirect("workshops:edit", workshop.process_id, workshop.pk)
        messages.success(request, _("The workshop has been saved."))
        return redirect("workshops:detail", workshop.process_id, workshop.pk)
    context = workshop_context(
        request, workshop.process, workshop=workshop, form=form, formset=formset
    )
    return render(request, "workshops/workshop_edit.html", context)


@login_required
def workshop_delete(request, process_id, workshop_id):
    workshop = get_workshop_for(request.user, process_id, workshop_id, "workshops.manage_workshop")
    process = workshop.process
    if request.method == "POST":
        try:
            services.delete_workshop(workshop, actor=request.user)
        except services.WorkshopHasContributions:
            messages.error(
                request,
                _(
                    "This workshop has contributions: it cannot be deleted. "
                    "Withdraw them or keep the workshop."
                ),
            )
            return redirect("workshops:detail", process.pk, workshop.pk)
        messages.success(request, _("The workshop has been deleted."))
        return redirect("workshops:list", process.pk)
    context = workshop_context(
        request,
        process,
        workshop=workshop,
        contribution_count=workshop.contributions.count(),
    )
    return render(request, "workshops/workshop_confirm_delete.html", context)
