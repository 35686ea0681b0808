from django import forms
from django.utils.translation import gettext_lazy as _

from essor.bodies.models import Body
from essor.bodies.people import PersonChoiceField
from essor.core.forms import french_fields, limit_free_text


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "short_name", "mission", "order"]
        help_texts = {
            "short_name": _("Used in the calendar and the timeline, e.g. COPIL."),
            "order": _("Bodies are listed by increasing order."),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        self.process = process

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Body.objects.filter(process=self.process, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This process already has a body with this name."))
        return name


class MemberForm(forms.Form):
    role = forms.CharField(
        label=_("Role in the body"),
        max_length=150,
        required=False,
        help_text=_("For example: chair, member, guest."),
    )

    def __init__(self, *args, body: Body, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields = {
            "person": PersonChoiceField(
                process=body.process,
                query=query,
                exclude=body.members.values_list("person_id", flat=True),
            ),
            **self.fields,
        }

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person is not None and self.body.members.filter(person=person).exists():
            raise forms.ValidationError(_("This person is already a member of the body."))
        return person
