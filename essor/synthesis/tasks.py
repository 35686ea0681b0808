"""Theme suggestion as background work: grouping hundreds of lines takes seconds.

It may be started again safely: the suggestion writes in one transaction (the wall
as it was, or the wall with its new themes), and a second delivery of the same work
finds it taken and does nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run
from essor.synthesis import services
from essor.synthesis.permissions import MANAGE, get_process_for

KIND = "synthesis.suggest"
register_kind(KIND, gettext_lazy("Suggestion of themes"))


def _suggest(
    job, progress, process_id: int, n_themes: int | None, replace: bool, by_workshop: bool
) -> Outcome:
    process = as_owner(job, get_process_for, process_id, MANAGE)
    wall = reverse("synthesis:wall", args=[process.pk])
    # One transaction, no stage to count: the bar turns until the themes are written.
    progress(0, None, _("Grouping the contributions into themes"))
    try:
        count = services.suggest(
            services.synthesis_for(process),
            n_themes=n_themes,
            replace=replace,
            by_workshop=by_workshop,
            actor=job.owner,
        )
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages), wall) from None
    return Outcome(
        ngettext("%(count)s theme suggested.", "%(count)s themes suggested.", count)
        % {"count": count},
        wall,
    )


@task()
def suggest_themes(
    job_id: str, process_id: int, n_themes: int | None, replace: bool, by_workshop: bool = False
):
    run(
        job_id,
        lambda job, progress: _suggest(job, progress, process_id, n_themes, replace, by_workshop),
    )
