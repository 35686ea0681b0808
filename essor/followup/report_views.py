"""The yearly report's page: choose the period, the axes and the format; the document is
written as background work and downloaded from the job's page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.core.caching import no_store
from essor.followup.permissions import VIEW, get_followed_plan_for
from essor.followup.report import tasks
from essor.jobs import services as jobs
from essor.processes.context import process_context

FORMAT_CHOICES = [
    ("odt", _("OpenDocument text (ODT)")),
    ("docx", _("Word (DOCX)")),
    ("pdf", _("PDF")),
    ("pptx", _("Slide deck to project (PPTX)")),
]
PERIOD_CHOICES = [
    ("year", _("The chosen year")),
    ("mandate", _("The whole mandate up to that year")),
]


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, initial="year",
                               widget=forms.RadioSelect)  # fmt: skip
    axes = forms.TypedMultipleChoiceField(
        label=_("Axes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every axis."),
    )  # fmt: skip
    actions = forms.TypedMultipleChoiceField(
        label=_("Actions"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every action of the axes chosen."),
    )  # fmt: skip
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="pdf",
                               widget=forms.RadioSelect)  # fmt: skip

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(plan.mandate_start, plan.mandate_end + 1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        this_year = timezone.localdate().year
        self.fields["year"].initial = min(max(this_year - 1, plan.mandate_start), plan.mandate_end)
        axes = plan.axes.filter(parent__isnull=True).order_by("order", "pk")
        self.fields["axes"].choices = [(a.pk, str(a)) for a in axes]
        actions = plan.actions.retained().select_related("axis")
        self.fields["actions"].choices = [
            (a.pk, f"{a.axis.number} — {a.title}" if a.axis else a.title)
            for a in sorted(actions, key=lambda a: (a.axis.order if a.axis else -1, a.order, a.pk))
        ]


@login_required
@no_store
def report(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, VIEW)
    form = ReportForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = jobs.start(
            tasks.KIND,
            tasks.generate_report,
            owner=request.user,
            workspace=plan.process.workspace,
            args=(
                plan.pk,
                data["year"],
                data["period"] == "mandate",
                data["axes"],
                data["format"],
                data["actions"],
            ),  # fmt: skip
        )
        return redirect("jobs:detail", job.pk)
    context = {**process_context(request.user, plan.process, "plans"), "plan": plan, "form": form}
    return render(request, "followup/report.html", context, status=400 if form.errors else 200)
