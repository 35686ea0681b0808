"""Importing raw notes in two steps: paste or upload, then review and confirm.

The parsed ideas wait in the session (at most ``notes.MAX_IDEAS``), one
import in progress per process; nothing is written before the confirmation,
and then everything is written at once or nothing, by background work.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from essor.contributions import services, tasks
from essor.contributions.forms import ImportNotesForm, ReviewFormSet
from essor.contributions.models import ContributionKind
from essor.contributions.notes import MAX_IDEAS, ParsedNotes
from essor.contributions.views import MANAGE, context_for
from essor.jobs import services as jobs
from essor.processes.permissions import get_process_for


def _session_key(process) -> str:
    return f"contributions_notes_{process.pk}"


@login_required
def import_notes(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    initial = {}
    if request.GET.get("workshop", "").isdigit():
        initial["workshop"] = int(request.GET["workshop"])
    form = ImportNotesForm(
        request.POST or None, request.FILES or None, process=process, initial=initial
    )
    if request.method == "POST" and form.is_valid() and form.notes is not None:
        request.session[_session_key(process)] = {
            "workshop": form.cleaned_data["workshop"].pk,
            "source_name": form.source_name,
            **form.notes.to_dict(),
        }
        return redirect("contributions:import_review", process.pk)
    context = context_for(
        request,
        process,
        form=form,
        has_workshops=process.workshops.exists(),
        max_ideas=MAX_IDEAS,
    )
    return render(request, "contributions/import_notes.html", context)


def _question_choices(workshop, notes: ParsedNotes, matched: dict) -> list:
    choices = [("", _("No question"))]
    choices += [(f"q:{question.pk}", question.text) for question in workshop.questions.all()]
    choices += [
        (f"new:{index}", _("New question: %(text)s") % {"text": heading})
        for index, heading in enumerate(notes.headings)
        if matched.get(heading) is None
    ]
    return choices


def _initial_question(idea, notes: ParsedNotes, matched: dict) -> str:
    if not idea.heading:
        return ""
    question = matched.get(idea.heading)
    if question is not None:
        return f"q:{question.pk}"
    return f"new:{notes.headings.index(idea.heading)}"


def _items(formset, notes: ParsedNotes, workshop) -> list[services.NoteItem]:
    questions = {f"q:{question.pk}": question for question in workshop.questions.all()}
    items = []
    for idea, form in zip(notes.ideas, formset.forms, strict=True):
        data = form.cleaned_data
        if data.get("skip"):
            continue
        choice = data.get("question") or ""
        new_question = ""
        if choice.startswith("new:"):
            new_question = notes.headings[int(choice[4:])]
        items.append(
            services.NoteItem(
                line=idea.line,
                text=data["text"],
                kind=data["kind"],
                question=questions.get(choice),
                new_question=new_question,
                theme=data.get("theme") or "",
            )
        )
    return items


@login_required
def import_review(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    key = _session_key(process)
    state = request.session.get(key)
    workshop = state and process.workshops.filter(pk=state.get("workshop")).first()
    if not workshop:
        request.session.pop(key, None)
        messages.error(request, _("No notes are being imported: paste or upload them first."))
        return redirect("contributions:import_notes", process.pk)
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(key, None)
        messages.info(request, _("The import has been cancelled; nothing was saved."))
        return redirect("contributions:import_notes", process.pk)
    notes = ParsedNotes.from_dict(state)
    matched = services.match_headings(workshop, notes.headings)
    initial = [
        {
            "text": idea.text,
            "kind": idea.kind or ContributionKind.IDEA,
            "question": _initial_question(idea, notes, matched),
        }
        for idea in notes.ideas
    ]
    formset = ReviewFormSet(
        request.POST if request.method == "POST" else None,
        initial=initial,
        form_kwargs={"question_choices": _question_choices(workshop, notes, matched)},
        prefix="ideas",
    )
    error = None
    if request.method == "POST":
        if formset.total_form_count() != len(notes.ideas):
            request.session.pop(key, None)
            messages.error(request, _("These notes changed meanwhile: import them again."))
            return redirect("contributions:import_notes", process.pk)
        if formset.is_valid():
            items = _items(formset, notes, workshop)
            if not items:
                error = _("Every line is skipped: there is nothing to import.")
            else:
                # Taken out of the session: confirming twice does not import twice.
                request.session.pop(key, None)
                job = jobs.start(
                    tasks.KIND,
                    tasks.import_notes,
                    owner=request.user,
                    workspace=process.workspace,
                    args=(process.pk, workshop.pk, [tasks.item_data(item) for item in items]),
                )
                return redirect("jobs:detail", job.pk)
        else:
            error = _("Some lines need a correction: see the messages below.")
    context = context_for(
        request,
        process,
        workshop=workshop,
        formset=formset,
        rows=list(zip(notes.ideas, formset.forms, strict=True)),
        source_name=state.get("source_name", ""),
        error=error,
        line_errors=len(notes.errors),
    )
    return render(request, "contributions/import_review.html", context)
