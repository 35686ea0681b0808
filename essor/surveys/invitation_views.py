"""Personal links of a survey, and the renewal of its public link.

Only the hash of a personal link's token is stored: a link is given once, when
it is created or renewed, on the page that answers the form (never stored by
the browser) or in a CSV file for an e-mail merge. Afterwards the page shows
only its state (used or not, given when); a lost link is renewed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from essor.core.caching import no_store
from essor.surveys import exports, mailing, services
from essor.surveys.forms import InvitationForm
from essor.surveys.models import Survey
from essor.surveys.permissions import get_invitation_to_manage, get_survey_for
from essor.surveys.views import answer_url, download, survey_context

MANAGE = "surveys.manage_survey"


def _links_page(request, survey: Survey, *, form=None, fresh=()):
    """The links page; ``fresh`` are links just made, shown this once."""
    context = survey_context(
        request,
        survey.process,
        survey=survey,
        form=form or InvitationForm(survey=survey),
        invitations=survey.invitations.select_related("person__organisation"),
        fresh=[(invitation, answer_url(request, token)) for invitation, token in fresh],
        to_email=mailing.recipients(survey, mailing.INITIAL).count(),
        to_remind=mailing.recipients(survey, mailing.REMINDER).count(),
    )
    return render(request, "surveys/invitations.html", context)


def _links_csv(request, survey: Survey, fresh):
    """The links just made, for an e-mail merge: the only file that holds them."""
    rows = [[_("Last name"), _("First name"), _("Organisation"), _("E-mail"), _("Link")]]
    for invitation, token in sorted(fresh, key=lambda pair: str(pair[0].person.last_name)):
        person = invitation.person
        organisation = person.organisation.name if person.organisation else ""
        rows.append(
            [person.last_name, person.first_name, organisation, person.email,
             answer_url(request, token)]
        )  # fmt: skip
    name = f"{slugify(survey.title) or 'enquete'}-liens.csv"
    return download(exports.to_csv(rows), name, "text/csv; charset=utf-8")


def _to_links(survey: Survey):
    return redirect("surveys:invitations", survey.process_id, survey.pk)


@no_store
@login_required
def invitations(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id, MANAGE)
    form = InvitationForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method != "POST" or not form.is_valid():
        return _links_page(request, survey, form=form)
    if "email" in request.POST and (reason := mailing.refusal(survey, mailing.INITIAL)):
        messages.error(request, reason)
        return _links_page(request, survey, form=form)
    fresh = services.create_invitations(survey, form.cleaned_data["people"], actor=request.user)
    if "email" in request.POST:
        # The links are made again in the worker, in the e-mails: these are never shown.
        return redirect(
            "jobs:detail", mailing.start_sending(survey, mailing.INITIAL, request.user).pk
        )
    if "download" in request.POST:
        return _links_csv(request, survey, fresh)
    message = ngettext(
        "%(count)d personal link created.", "%(count)d personal links created.", len(fresh)
    )
    messages.success(request, message % {"count": len(fresh)})
    return _links_page(request, survey, fresh=fresh)


@no_store
@login_required
@require_POST
def invitation_renew(request, process_id, survey_id, invitation_id):
    """A new link for one person (lost, leaked): the previous one stops working."""
    invitation = get_invitation_to_manage(request.user, process_id, survey_id, invitation_id)
    if invitation.is_used:
        messages.error(request, _("This link has already been used: it no longer opens anything."))
        return _to_links(invitation.survey)
    fresh = services.renew_invitations([invitation], actor=request.user)
    messages.success(
        request,
        _("New link for %(person)s: the previous one no longer works.")
        % {"person": invitation.person},
    )
    return _links_page(request, invitation.survey, fresh=fresh)


@login_required
@require_POST
def invitation_revoke(request, process_id, survey_id, invitation_id):
    invitation = get_invitation_to_manage(request.user, process_id, survey_id, invitation_id)
    try:
        services.revoke_invitation(invitation, actor=request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The link of %(person)s has been revoked: it no longer works.")
            % {"person": invitation.person},
        )
    return _to_links(invitation.survey)


@no_store
@login_required
@require_POST
def invitations_csv(request, process_id, survey_id):
    """New links for everybody who has not answered yet, in a CSV file: the links
    given before stop working (they cannot be read back, only replaced)."""
    survey = get_survey_for(request.user, process_id, survey_id, MANAGE)
    unused = survey.invitations.filter(is_used=False).select_related("person__organisation")
    fresh = services.renew_invitations(unused, actor=request.user)
    if not fresh:
        messages.info(request, _("Every personal link has been used: there is none to renew."))
        return _to_links(survey)
    return _links_csv(request, survey, fresh)


@login_required
@require_POST
def invitations_email(request, process_id, survey_id, kind):
    """E-mail the links not sent yet (``initial``) or the one reminder (``reminder``)."""
    survey = get_survey_for(request.user, process_id, survey_id, MANAGE)
    reason = mailing.refusal(survey, kind)
    if not reason and not mailing.recipients(survey, kind).exists():
        reason = (
            _("Everybody with an e-mail address has been reminded or has answered.")
            if kind == mailing.REMINDER
            else _("Every link has been e-mailed (or its person has no e-mail address).")
        )
    if reason:
        messages.error(request, reason)
        return _to_links(survey)
    return redirect("jobs:detail", mailing.start_sending(survey, kind, request.user).pk)


@login_required
@require_POST
def public_link_renew(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id, MANAGE)
    services.renew_public_link(survey, actor=request.user)
    messages.success(
        request, _("The survey has a new public link; the previous one no longer works.")
    )
    return redirect(reverse("surveys:detail", args=[survey.process_id, survey.pk]) + "#public")
