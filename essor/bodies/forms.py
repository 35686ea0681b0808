from django import forms
from django.utils.translation import gettext_lazy as _

from essor.bodies.models import Body
from essor.bodies.people import PersonChoiceField
from essor.core.forms import french_fields, limit_free_text
from essor.plans.models import Axis


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "short_name", "mission", "axis", "order"]
        help_texts = {
            "axis": _(
                "For a working group set up after the vote: the axis of the validated plan it "
                "follows. The follow-up shows it beside that axis, in amended versions too."
            ),
            "short_name": _("Used in the calendar and the timeline, e.g. COPIL."),
            "order": _("Bodies are listed by increasing order."),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        self.process = process
        axes = Axis.objects.filter(
            plan__process=process, plan__frozen_at__isnull=False, parent__isnull=True
        ).select_related("plan")
        self.fields["axis"].queryset = axes.order_by("plan__frozen_at", "plan_id", "order", "id")
        self.fields["axis"].label_from_instance = lambda axis: f"{axis.plan.name} — {axis}"
        if not axes.exists():
            del self.fields["axis"]

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
