"""Numbers typed the French way and dates limited to 2000–2100, in every form.

Each form family is built as its view builds it; the field must read "1 500",
refuse "2,5" in a whole number and garbage with a French message at the field,
and refuse year 9999 at the field. A refused form is never saved (the views
save only valid forms: see the view tests at the end)."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from essor.core.forms import FrenchDecimalField, FrenchIntegerField, french_fields

WHOLE = "Écrivez un nombre entier, comme 1\u202f500."
YEAR = "Indiquez une année entre 2000 et 2100."


def _plan(cast):
    from essor.plans import services

    return services.create_plan(process=cast.process, name="Plan", actor=cast.facilitator)


def _workshop(cast):
    from essor.workshops.services import create_workshop

    return create_workshop(process=cast.process, title="Atelier", actor=cast.facilitator)


def _build(cast, name: str, data: dict):
    """The form ``name`` bound to ``data``, with what its view gives it."""
    from essor.bodies.forms import BodyForm
    from essor.decisions.forms import DecisionForm
    from essor.meetings.forms import MeetingForm
    from essor.methods.forms import PhaseForm as TemplatePhaseForm
    from essor.plans.forms import ActionForm, AxisForm, CouncilVoteForm, PlanForm
    from essor.processes.forms import PhaseForm, ProcessCreateForm, ProcessForm
    from essor.surveys.forms import SurveyForm
    from essor.synthesis.forms import SuggestForm
    from essor.workshops.forms import QuestionForm, WorkshopCreateForm, WorkshopSettingsForm

    process = cast.process
    builders = {
        "body": lambda: BodyForm(data, process=process),
        "decision": lambda: DecisionForm(data, process=process),
        "meeting": lambda: MeetingForm(data, process=process),
        "template_phase": lambda: TemplatePhaseForm(data),
        "action": lambda: ActionForm(data, plan=_plan(cast)),
        "axis": lambda: AxisForm(data, plan=_plan(cast)),
        "council_vote": lambda: CouncilVoteForm(data),
        "plan": lambda: PlanForm(data),
        "phase": lambda: PhaseForm(data),
        "process_create": lambda: ProcessCreateForm(data, user=cast.facilitator),
        "process": lambda: ProcessForm(data, instance=process),
        "survey": lambda: SurveyForm(data),
        "suggest": lambda: SuggestForm(data),
        "workshop_create": lambda: WorkshopCreateForm(data, process=process),
        "workshop": lambda: WorkshopSettingsForm(data, instance=_workshop(cast)),
        "question": lambda: QuestionForm(data),
    }
    return builders[name]()


NUMBER_FIELDS = [
    ("body", "order"),
    ("template_phase", "duration_weeks"),
    ("axis", "order"),
    ("plan", "mandate_start"),
    ("phase", "order"),
    ("phase", "typical_duration_weeks"),
    ("suggest", "themes"),
    ("workshop", "dots_per_participant"),
    ("question", "order"),
]
DATE_FIELDS = [
    ("decision", "decided_on"),
    ("meeting", "date"),
    ("meeting", "end_date"),
    ("action", "start_date"),
    ("action", "end_date"),
    ("council_vote", "date"),
    ("phase", "start_date"),
    ("phase", "end_date"),
    ("process_create", "start_date"),
    ("process", "start_date"),
    ("process", "end_date"),
    ("survey", "opens_on"),
    ("survey", "closes_on"),
    ("workshop_create", "date"),
    ("workshop", "date"),
]


@pytest.mark.parametrize(("form", "name"), NUMBER_FIELDS)
def test_number_fields_read_french_numbers(cast, form, name):
    field = _build(cast, form, {}).fields[name]
    assert isinstance(field, FrenchIntegerField)
    html = str(_build(cast, form, {})[name])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    # "1 500" is read as 1500: accepted, or refused only by the field's maximum.
    try:
        assert field.clean("1 500") == 1500
    except forms.ValidationError as refused:
        assert [error.code for error in refused.error_list] == ["max_value"]
    assert field.clean("\u202f2\u00a0") == 2
    for garbage in ("2,5", "deux", "1.500", "3 abc"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(garbage)
        assert refused.value.messages == [WHOLE], garbage
    bound = _build(cast, form, {name: "douze"})
    assert not bound.is_valid()
    assert bound.errors[name] == [WHOLE]


@pytest.mark.parametrize(("form", "name"), NUMBER_FIELDS)
def test_number_fields_keep_their_minimum(cast, form, name):
    field = _build(cast, form, {}).fields[name]
    with pytest.raises(forms.ValidationError):
        field.clean("-1 000 000")


@pytest.mark.parametrize(("form", "name"), DATE_FIELDS)
def test_year_9999_is_refused_at_the_field(cast, form, name):
    bound = _build(cast, form, {name: "9999-01-01"})
    assert not bound.is_valid()
    assert YEAR in bound.errors[name]
    assert 'max="2100-12-31"' in str(bound[name])
    assert YEAR in _build(cast, form, {name: "1999-12-31"}).errors[name]
    assert _build(cast, form, {name: "2024-03-15"}).errors.get(name) is None


def test_decimal_field_reads_french_decimals():
    field = FrenchDecimalField(max_digits=12, decimal_places=2, min_value=0)
    assert field.clean("1 500,50 €") == Decimal("1500.50")
    assert field.clean("2,5") == Decimal("2.5")
    assert field.clean("12,5 %") == Decimal("12.5")
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("beaucoup")
    assert refused.value.messages == ["Écrivez un nombre, comme 1\u202f500 ou 2,5."]
    with pytest.raises(forms.ValidationError):
        field.clean("-3")  # the minimum still holds
    with pytest.raises(forms.ValidationError):
        field.clean("1,555")  # two decimal places at most


def test_model_decimal_and_float_fields_become_french():
    class Form(forms.Form):
        amount = forms.DecimalField(max_digits=5, decimal_places=1, max_value=100, label="Montant")
        share = forms.FloatField(required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            french_fields(self)

    form = Form({"amount": "99,5", "share": "0,25"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("99.5"), "share": Decimal("0.25")}
    assert 'inputmode="decimal"' in str(form["amount"])
    shown = str(Form(initial={"share": Decimal("1500.5")})["share"])
    assert 'value="1\u202f500,5"' in shown  # as typed in France, read back as is
    assert Form().fields["share"].clean("1\u202f500,5") == Decimal("1500.5")
    assert not Form({"amount": "100,5"}).is_valid()  # max_value kept
    assert not Form({"amount": "1 000,0"}).is_valid()  # max_digits kept


def test_a_refused_number_writes_nothing(client_as, cast):
    from essor.workshops.models import Workshop

    workshop = _workshop(cast)
    url = reverse("workshops:edit", args=[cast.process.pk, workshop.pk])
    data = {
        "title": "Atelier renommé",
        "vote_mode": "dots",
        "dots_per_participant": "2,5",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    response = client_as("facilitator").post(url, data)
    assert response.status_code == 200
    assert WHOLE in response.content.decode()
    workshop = Workshop.objects.get(pk=workshop.pk)
    assert workshop.title == "Atelier" and workshop.dots_per_participant == 3


def test_a_refused_year_writes_nothing(client_as, cast):
    from essor.surveys.models import Survey

    url = reverse("surveys:create", args=[cast.process.pk])
    response = client_as("facilitator").post(url, {"title": "Enquête", "opens_on": "9999-01-01"})
    assert response.status_code == 200
    assert YEAR in response.content.decode()
    assert not Survey.objects.exists()
