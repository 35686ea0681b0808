from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.core.forms import SHORT_TEXT_LIMIT, french_fields, limit_free_text
from essor.core.text import capitalised
from essor.decisions.models import Decision
from essor.decisions.services import check_meeting


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["body", "meeting", "decided_on", "outcome", "summary", "subject_label", "comment"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "meeting": _("The meeting where it was decided, if any."),
            "subject_label": _("What the decision is about, e.g. “Intervention proposal”."),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self, SHORT_TEXT_LIMIT)
        french_fields(self)
        self.fields["body"].queryset = process.bodies.all()
        self.fields["outcome"].choices = capitalised(self.fields["outcome"].choices)
        # Meetings already held (plus the one already chosen, so that an edit shows it).
        held = Q(starts_at__lte=timezone.now())
        if self.instance.meeting_id:
            held |= Q(pk=self.instance.meeting_id)
        self.fields["meeting"].queryset = process.meetings.filter(held).select_related("body")
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{timezone.localtime(m.starts_at):%d/%m/%Y} — {m.title}"
        )

    def clean_decided_on(self):
        # Decisions are recorded after the fact; a future date is a typing error.
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A decision cannot be dated in the future."), code="future")
        return day

    def clean(self):
        data = super().clean()
        body, meeting = data.get("body"), data.get("meeting")
        if body is not None:
            try:
                check_meeting(body, meeting)
            except ValidationError as error:
                self.add_error(None, error)
        return data
