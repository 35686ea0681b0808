from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from essor.core.caching import no_store
from essor.mobilisation.charts import bar_chart, column_chart
from essor.mobilisation.export import dashboard_csv
from essor.mobilisation.figures import build_dashboard
from essor.mobilisation.permissions import get_dashboard_process_for
from essor.processes.context import process_context


def _group_chart(groups):
    return bar_chart(
        [(group.label, [group.invited, group.present]) for group in groups],
        [_("Invited"), _("Present")],
    )


@no_store
@login_required
def dashboard(request, process_id):
    """Invited and present people per meeting, by kind of organisation and by commune."""
    process = get_dashboard_process_for(request.user, process_id)
    figures = build_dashboard(process)
    over_time = column_chart(
        [
            (localtime(row.meeting.starts_at).strftime("%d/%m"), [row.invited, row.present])
            for row in figures.meetings
        ],
        [_("Invited"), _("Present")],
    )
    context = {
        **process_context(request.user, process, "mobilisation"),
        "figures": figures,
        "over_time": over_time,
        "categories_chart": _group_chart(figures.categories),
        "communes_chart": _group_chart(figures.communes),
    }
    return render(request, "mobilisation/dashboard.html", context)


@no_store
@login_required
def export(request, process_id):
    process = get_dashboard_process_for(request.user, process_id)
    response = HttpResponse(
        dashboard_csv(build_dashboard(process)), content_type="text/csv; charset=utf-8"
    )
    filename = slugify(f"mobilisation {process.title}")[:80] or "mobilisation"
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
