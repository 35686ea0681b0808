"""A participant edits or deletes an idea of their own (rules in own_ideas.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.participation import own_ideas
from essor.participation.forms import OwnIdeaForm
from essor.participation.views import participant_or_response


def _back(participant):
    return redirect(
        reverse("participation:workshop", args=[participant.workshop.join_code]) + "#idees"
    )


def edit_idea(request, code, idea_id):
    participant, response = participant_or_response(request, code)
    if response is not None:
        return response
    idea = own_ideas.own_idea(participant, idea_id)  # 404: not mine
    reason = own_ideas.why_locked(idea)
    if reason:
        messages.error(request, reason)
        return _back(participant)
    form = OwnIdeaForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": idea.kind, "text": idea.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            own_ideas.edit_own_idea(participant, idea_id, **form.cleaned_data)
        except own_ideas.IdeaLocked as exc:
            messages.error(request, exc.message)
            return _back(participant)
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(request, _("Your idea has been changed."))
            return _back(participant)
    return render(
        request,
        "participation/edit_idea.html",
        {"workshop": participant.workshop, "participant": participant, "idea": idea, "form": form},
    )


@require_POST
def delete_idea(request, code, idea_id):
    participant, response = participant_or_response(request, code)
    if response is not None:
        return response
    try:
        own_ideas.delete_own_idea(participant, idea_id)  # 404: not mine
    except own_ideas.IdeaLocked as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your idea has been deleted."))
    return _back(participant)
