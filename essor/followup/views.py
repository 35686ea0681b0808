"""Pages of the follow-up: the plan's dashboard and each action's reports and values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.followup import services
from essor.followup.charts import build_chart
from essor.followup.evidence import note_public_by_default
from essor.followup.evidence_context import action_extras, dashboard_extras
from essor.followup.forms import IndicatorValueForm, ReportForm
from essor.followup.indicators import judge
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.permissions import RECORD, VIEW, get_followed_action_for, get_followed_plan_for
from essor.followup.summary import PlanFollowup, action_history, latest_values, plan_indicators
from essor.processes.context import process_context

INDICATORS_PER_PAGE = 12


def _year(request, plan) -> int:
    """The year asked for, else this year, kept within the mandate."""
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, plan.mandate_start), plan.mandate_end)


def _context(request, plan, **extra) -> dict:
    return {
        **process_context(request.user, plan.process, "plans"),
        "plan": plan,
        "can_record": request.user.has_perm(RECORD, plan.process),
        **extra,
    }


def _indicator_cards(plan, indicators, year: int) -> list[dict]:
    """Each indicator with its values up to ``year``, judged on the latest of them."""
    values = latest_values(indicators, up_to=year)
    cards = []
    for indicator in indicators:
        measured = values.get(indicator.pk, {})
        last = measured[max(measured)] if measured else None
        cards.append(
            {
                "indicator": indicator,
                "latest": last,
                "judgement": judge(indicator, plan, last and last.year, last and last.value),
                "chart": build_chart(indicator, plan, measured),
            }
        )
    return cards


@login_required
def dashboard(request, process_id, plan_id):
    plan = get_followed_plan_for(request.user, process_id, plan_id, VIEW)
    year = _year(request, plan)
    followup = PlanFollowup(plan)
    pages = Paginator(plan_indicators(plan), INDICATORS_PER_PAGE)
    page = pages.get_page(request.GET.get("page"))
    figures = followup.figures(year)
    context = _context(
        request,
        plan,
        year=year,
        years=followup.years,
        figures=figures,
        bodies=_followup_bodies(plan, figures),
        mandate=[followup.figures(y) for y in followup.years],
        page=page,
        # One reverse() for all rows instead of one per action (hundreds on a big plan).
        action_url_prefix=reverse("followup:action", args=[plan.process.pk, plan.pk, 0])[:-2],
        cards=_indicator_cards(plan, list(page.object_list), year),
        **_versions(request, plan),
        # The year's figures as kept when its reporting campaign closed (campaigns.py).
        closed_campaign=plan.campaigns.filter(year=year, closed_at__isnull=False).first(),
        **dashboard_extras(request, plan),
    )
    return render(request, "followup/dashboard.html", context)


def _followup_bodies(plan, figures) -> list:
    """The follow-up committee and the working groups, each group also beside its axis
    (matched by the axis's identity, so a group of the voted plan's axis shows in an
    amended version too)."""
    from django.db.models import Count, Min, Q

    from essor.bodies.models import Body, BodyKind

    upcoming = Q(meetings__starts_at__gte=timezone.now())
    bodies = list(
        Body.objects.filter(process=plan.process)
        .filter(Q(kind__in=[BodyKind.FOLLOW_UP, BodyKind.WORKING_GROUP]) | Q(axis__isnull=False))
        .select_related("axis")
        .annotate(
            member_count=Count("members", distinct=True),
            next_meeting=Min("meetings__starts_at", filter=upcoming),
        )
        .order_by("order", "id")
    )
    by_axis: dict = {}
    for body in bodies:
        if body.axis:
            by_axis.setdefault(body.axis.lineage, []).append(body)
    for axis_figures in figures.axes:
        axis_figures.groups = (
            by_axis.get(axis_figures.axis.lineage, []) if axis_figures.axis else []
        )
    return bodies


def _versions(request, plan) -> dict:
    """The version this one amends, and the amended versions made from it: an amendment
    (a reorientation decided by the follow-up committee) is compared with the voted plan
    and, once validated, followed with the whole history (reports and values carry over)."""
    from essor.plans.models import PlanKind
    from essor.plans.permissions import MANAGE as MANAGE_PLANS

    voted = plan.based_on if plan.based_on_id and plan.kind == PlanKind.VERSION else None
    return {
        "voted": voted,
        "amendments": list(
            plan.process.plans.filter(based_on=plan, kind=PlanKind.VERSION).order_by("created_at")
        ),
        "can_amend": request.user.has_perm(MANAGE_PLANS, plan.process),
    }


def _action_page(request, action, report_form=None, value_form=None, status=200, **forms):
    plan = action.plan
    year = _year(request, plan)
    indicators = action.indicators.order_by("id")
    reports = ProgressReport.objects.for_plan(plan).filter(lineage=action.lineage)
    history = list(reports.select_related("author").order_by("-created_at", "-id"))
    state = action_history(action)
    initial = {
        "year": year,
        "seen_up_to": history[0].pk if history else 0,
        "note_is_public": note_public_by_default(plan),
    }
    context = _context(
        request,
        plan,
        action=action,
        year=year,
        state=state.state(year, timezone.localdate()),
        planned=state,
        history=history,
        cards=_indicator_cards(plan, list(indicators), year),
        value_history=IndicatorValue.objects.filter(lineage__in=action.indicators.values("lineage"))
        .select_related("indicator", "author")
        .order_by("-created_at", "-id"),
        report_form=report_form or ReportForm(plan=plan, initial=initial, prefix="report"),
        value_form=value_form
        or IndicatorValueForm(
            plan=plan, indicators=indicators, initial={"year": year}, prefix="value"
        ),
        **action_extras(request, action, forms),
    )
    return render(request, "followup/action.html", context, status=status)


@login_required
def action_followup(request, process_id, plan_id, action_id):
    action = get_followed_action_for(request.user, process_id, plan_id, action_id, VIEW)
    return _action_page(request, action)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def report_add(request, process_id, plan_id, action_id):
    action = get_followed_action_for(request.user, process_id, plan_id, action_id, RECORD)
    form = ReportForm(request.POST, plan=action.plan, prefix="report")
    if form.is_valid():
        data = form.cleaned_data
        try:
            _report, meanwhile = services.record_report(action, actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The report has been recorded."))
            for other in meanwhile:
                messages.warning(
                    request,
                    _(
                        "%(author)s also reported on this action for %(year)s meanwhile: "
                        "both reports are kept, yours is the current one."
                    )
                    % {"author": other.author_name or _("someone"), "year": other.year},
                )
            return redirect(_action_url(action, data["year"]))
    return _action_page(request, action, report_form=form)


@login_required
@require_POST
def value_add(request, process_id, plan_id, action_id):
    action = get_followed_action_for(request.user, process_id, plan_id, action_id, RECORD)
    form = IndicatorValueForm(
        request.POST, plan=action.plan, indicators=action.indicators.order_by("id"), prefix="value"
    )
    if form.is_valid():
        data = form.cleaned_data
        indicator = data.pop("indicator")
        indicator.action = action
        try:
            services.record_indicator_value(indicator, actor=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The value has been recorded."))
            return redirect(_action_url(action, data["year"]))
    return _action_page(request, action, value_form=form)


def _action_url(action, year: int) -> str:
    url = reverse("followup:action", args=[action.plan.process.pk, action.plan.pk, action.pk])
    return f"{url}?annee={year}"
