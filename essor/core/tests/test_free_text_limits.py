"""Every free text typed in Essor has a maximum length (a 5 MB comment was accepted).

Contributions have their own, smaller limit with its message (contributions.services);
the plan's forms are tested in essor/plans/tests/test_text_limits.py."""

import pytest
from django import forms

from essor.core.forms import LONG_TEXT_LIMIT


def _forms(process):
    from essor.bodies.forms import BodyForm
    from essor.decisions.forms import DecisionForm
    from essor.meetings.forms import MeetingForm
    from essor.surveys.forms import QuestionForm, SurveyForm
    from essor.surveys.models import Question, Survey

    return {
        "body": lambda: BodyForm(process=process),
        "decision": lambda: DecisionForm(process=process),
        "meeting": lambda: MeetingForm(process=process),
        "survey": SurveyForm,
        "question": lambda: QuestionForm(
            instance=Question(survey=Survey.objects.create(process=process, title="Enquête"))
        ),
    }


@pytest.mark.parametrize("name", ["body", "decision", "meeting", "survey", "question"])
def test_every_text_field_has_a_maximum_length(cast, name):
    form = _forms(cast.process)[name]()
    texts = {n: f for n, f in form.fields.items() if isinstance(f, forms.CharField)}
    assert texts, name
    for field_name, field in texts.items():
        assert field.max_length is not None and field.max_length <= LONG_TEXT_LIMIT, field_name
        with pytest.raises(forms.ValidationError) as refused:
            field.clean("x" * (field.max_length + 1))
        assert "caractères" in " ".join(refused.value.messages), field_name
