"""The notes import's confirmation as background work, followed on the job's page.

The reviewed lines travel with the task (at most ``notes.MAX_IDEAS``) and are written
in one transaction: a failed run leaves nothing, and the review is taken out of the
session when the work starts, so confirming twice does not import twice."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from essor.contributions import services
from essor.jobs.models import register_kind
from essor.jobs.services import JobFailed, Outcome, as_owner, run
from essor.processes.permissions import get_process_for

KIND = "contributions.import_notes"
MANAGE = "contributions.manage_contributions"
register_kind(KIND, gettext_lazy("Import of notes"))


def item_data(item: services.NoteItem) -> dict:
    """A reviewed line as the task carries it (JSON)."""
    return {
        "line": item.line,
        "text": item.text,
        "kind": item.kind,
        "question": item.question.pk if item.question else None,
        "new_question": item.new_question,
        "theme": item.theme,
    }


def _import(job, progress, process_id: int, workshop_id: int, items: list[dict]) -> Outcome:
    process = as_owner(job, get_process_for, process_id, MANAGE)
    again = reverse("contributions:import_notes", args=[process.pk])
    workshop = process.workshops.filter(pk=workshop_id).first()
    if workshop is None:
        raise JobFailed(_("The workshop no longer exists; nothing was imported."), again)
    progress(0, 2, _("Checking the lines"))
    questions = {question.pk: question for question in workshop.questions.all()}
    notes = []
    for data in items:
        if data["question"] is not None and data["question"] not in questions:
            raise JobFailed(
                _("Line %(line)s: this question no longer exists; nothing was imported.")
                % {"line": data["line"]},
                again,
            )
        notes.append(services.NoteItem(**{**data, "question": questions.get(data["question"])}))
    try:
        created = services.import_parsed_notes(
            workshop,
            notes,
            actor=job.owner,
            progress=lambda done, total: progress(done, total, _("Writing the contributions")),
        )
    except ValidationError as error:
        raise JobFailed(" ".join([*error.messages, _("Nothing was imported.")]), again) from None
    return Outcome(
        ngettext(
            "%(count)s contribution imported into “%(workshop)s”.",
            "%(count)s contributions imported into “%(workshop)s”.",
            len(created),
        )
        % {"count": len(created), "workshop": workshop.title},
        reverse("contributions:list", args=[process.pk]) + f"?workshop={workshop.pk}",
    )


@task()
def import_notes(job_id: str, process_id: int, workshop_id: int, items: list[dict]):
    run(job_id, lambda job, progress: _import(job, progress, process_id, workshop_id, items))
