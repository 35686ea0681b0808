"""Facilitators' pages: build, open and close a survey, invite people, read results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.core.caching import no_store
from essor.processes.context import process_context
from essor.processes.permissions import get_process_for
from essor.surveys import exports, services
from essor.surveys.forms import ConvertForm, QuestionForm, SurveyForm
from essor.surveys.models import Answer, Question, Survey
from essor.surveys.permissions import (
    can_view_responses,
    get_question_for,
    get_survey_for,
    get_survey_responses_for,
)
from essor.surveys.results import survey_results


def survey_context(request, process, **extra) -> dict:
    return {
        **process_context(request.user, process, "surveys"),
        "can_manage_surveys": request.user.has_perm("surveys.manage_survey", process),
        **extra,
    }


def answer_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:answer", args=[token]))


@login_required
def survey_list(request, process_id):
    process = get_process_for(request.user, process_id, "surveys.view_survey")
    surveys = process.surveys.annotate(response_count=Count("responses"))
    return render(
        request, "surveys/survey_list.html", survey_context(request, process, surveys=surveys)
    )


@login_required
def survey_create(request, process_id):
    process = get_process_for(request.user, process_id, "surveys.manage_survey")
    form = SurveyForm(request.POST or None, instance=Survey(process=process))
    if request.method == "POST" and form.is_valid():
        survey = services.save_survey(form.save(commit=False), actor=request.user)
        messages.success(request, _("The survey has been created: now add its questions."))
        return redirect("surveys:detail", process.pk, survey.pk)
    return render(request, "surveys/survey_form.html", survey_context(request, process, form=form))


@login_required
def survey_edit(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id, "surveys.manage_survey")
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.save_survey(form.save(commit=False), actor=request.user)
        messages.success(request, _("The survey has been saved."))
        return redirect("surveys:detail", survey.process_id, survey.pk)
    context = survey_context(request, survey.process, form=form, survey=survey)
    return render(request, "surveys/survey_form.html", context)


@login_required
def survey_detail(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id)
    questions = survey.questions.select_related("condition_choice__question").prefetch_related(
        "choices"
    )
    context = survey_context(
        request,
        survey.process,
        survey=survey,
        questions=questions,
        response_count=survey.responses.count(),
        invitation_count=survey.invitations.count(),
        public_url=answer_url(request, survey.public_token),
    )
    return render(request, "surveys/survey_detail.html", context)


@login_required
@require_POST
def survey_status(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id, "surveys.manage_survey")
    try:
        services.set_status(survey, request.POST.get("status", ""), actor=request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The survey is now %(status)s.") % {"status": survey.get_status_display()}
        )
    return redirect("surveys:detail", survey.process_id, survey.pk)


def _question_form(request, survey: Survey, question: Question):
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        services.save_question(
            form.save(commit=False),
            choice_labels=form.cleaned_data.get("choices_text") or [],
            actor=request.user,
        )
        messages.success(request, _("The question has been saved."))
        return redirect(
            reverse("surveys:detail", args=[survey.process_id, survey.pk]) + "#questions"
        )
    context = survey_context(request, survey.process, form=form, survey=survey, question=question)
    return render(request, "surveys/question_form.html", context)


@login_required
def question_add(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id, "surveys.manage_survey")
    if survey.has_responses:
        messages.error(request, _("The survey has responses: no question can be added any more."))
        return redirect("surveys:detail", survey.process_id, survey.pk)
    return _question_form(request, survey, Question(survey=survey))


@login_required
def question_edit(request, process_id, survey_id, question_id):
    question = get_question_for(request.user, process_id, survey_id, question_id)
    return _question_form(request, question.survey, question)


@login_required
def question_delete(request, process_id, survey_id, question_id):
    question = get_question_for(request.user, process_id, survey_id, question_id)
    survey = question.survey
    if request.method == "POST":
        try:
            services.delete_question(question, actor=request.user)
        except services.SurveyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The question has been deleted."))
        return redirect("surveys:detail", survey.process_id, survey.pk)
    context = survey_context(request, survey.process, survey=survey, question=question)
    return render(request, "surveys/question_confirm_delete.html", context)


@login_required
@require_POST
def question_move(request, process_id, survey_id, question_id):
    question = get_question_for(request.user, process_id, survey_id, question_id)
    try:
        services.move_question(question, request.POST.get("direction", ""), actor=request.user)
    except services.SurveyError as error:
        messages.error(request, str(error))
    url = reverse("surveys:detail", args=[question.survey.process_id, question.survey_id])
    return redirect(f"{url}#question-{question.pk}")


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@no_store
@login_required
def results(request, process_id, survey_id):
    survey = get_survey_for(request.user, process_id, survey_id)
    respondents, question_results = survey_results(survey)
    context = survey_context(
        request,
        survey.process,
        survey=survey,
        respondents=respondents,
        results=question_results,
        convert_form=ConvertForm(),
        can_view_responses=can_view_responses(request.user, survey),
    )
    return render(request, "surveys/results.html", context)


@no_store
@login_required
def export(request, process_id, survey_id, fmt):
    if fmt == "summary.csv":
        survey = get_survey_for(request.user, process_id, survey_id)
    else:  # one row per response
        survey = get_survey_responses_for(request.user, process_id, survey_id)
    base = slugify(survey.title) or "enquete"
    if fmt == "xlsx":
        return download(
            exports.survey_xlsx(survey),
            f"{base}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "summary.csv":
        return download(exports.to_csv(exports.summary_rows(survey)), f"{base}-resultats.csv",
                         "text/csv; charset=utf-8")  # fmt: skip
    return download(exports.to_csv(exports.response_rows(survey)), f"{base}-reponses.csv",
                     "text/csv; charset=utf-8")  # fmt: skip


@login_required
@require_POST
def answer_convert(request, process_id, survey_id, answer_id):
    survey = get_survey_for(request.user, process_id, survey_id, "surveys.manage_survey")
    url = reverse("surveys:results", args=[survey.process_id, survey.pk])
    answer = Answer.objects.filter(pk=answer_id, question__survey=survey).first()
    form = ConvertForm(request.POST)
    if answer is None:
        messages.error(request, _("This answer does not exist any more."))
        return redirect(url)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of contribution."))
    else:
        try:
            services.convert_answer(answer, kind=form.cleaned_data["kind"], actor=request.user)
        except (services.SurveyError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The answer is now a contribution of the process."))
    return redirect(f"{url}#answer-{answer.pk}")
