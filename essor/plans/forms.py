from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.bodies.models import BodyKind
from essor.core.forms import SHORT_TEXT_LIMIT, french_fields, limit_free_text
from essor.core.text import capitalised
from essor.decisions.models import Outcome
from essor.organisations.models import Organisation, OrganisationKind, Person
from essor.plans import history, lines
from essor.plans.models import (
    Action,
    ActionStatus,
    Axis,
    CouncilResult,
    Plan,
    PlanKind,
    Priority,
)
from essor.plans.services import ActionData
from essor.plans.validation import decision_meetings
from essor.synthesis.models import Theme

CHILD_HELP = {
    "milestones": _("One per line: 15/03/2027 Launch of the call for projects"),
    "budget_lines": _("One per line: 2027 operating 10000 / 8000 (planned / actual)"),
    "fundings": _("One per line: Région Nouvelle-Aquitaine: 15000"),
    "indicators": _(
        "One per line (after the target, the parts separated by “|” are optional; "
        "“falling” when the lower the better): "
        "Number of SCIC [number] 2 (2024) -> 6 (2030) | milestones 2026 = 3 / 2028 = 5 "
        "| source: INSEE"
    ),
}


FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_MANDATE_YEARS = 12  # two municipal mandates of six years


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "introduction", "follow_up", "mandate_start", "mandate_end"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        for name in ("mandate_start", "mandate_end"):
            field = self.fields[name]
            field.min_value, field.max_value = FIRST_YEAR, LAST_YEAR

    def _clean_year(self, name):
        year = self.cleaned_data.get(name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Write a year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return year

    def clean_mandate_start(self):
        return self._clean_year("mandate_start")

    def clean_mandate_end(self):
        return self._clean_year("mandate_end")

    def clean(self):
        data = super().clean()
        start, end = data.get("mandate_start"), data.get("mandate_end")
        if start and end and end < start:
            self.add_error("mandate_end", _("The mandate ends before it starts."))
        elif start and end and end - start + 1 > MAX_MANDATE_YEARS:
            self.add_error(
                "mandate_end",
                _("A plan covers at most %(limit)s years: here %(years)s.")
                % {"limit": MAX_MANDATE_YEARS, "years": end - start + 1},
            )
        return data


class AxisForm(forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["number", "title", "parent", "order", "vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        parents = plan.axes.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["order"].required = False


def people_of(process):
    return Person.objects.filter(
        Q(organisation__processes=process) | Q(body_memberships__body__process=process),
        workspace_id=process.workspace_id,
    ).distinct()


class ActionForm(forms.ModelForm):
    """The action sheet; child rows are typed one per line (see essor.plans.lines)."""

    themes_text = forms.CharField(
        label=_("Themes"), required=False, help_text=_("Separated by commas.")
    )
    audiences_text = forms.CharField(
        label=_("Target audiences"), required=False, help_text=_("Separated by commas.")
    )
    milestones = forms.CharField(label=_("Milestones"), required=False, widget=forms.Textarea)
    budget_lines = forms.CharField(
        label=_("Budget per year"), required=False, widget=forms.Textarea
    )
    fundings = forms.CharField(label=_("Funders"), required=False, widget=forms.Textarea)
    indicators = forms.CharField(label=_("Indicators"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Action
        fields = [
            "title", "axis", "parent", "status", "status_reason", "priority", "description",
            "objectives", "expected_effects", "start_date", "end_date", "pilot_organisations",
            "pilot_people", "partners", "departments", "levers", "synthesis_themes", "notes",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "expected_effects": forms.Textarea(attrs={"rows": 3}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "pilot_organisations": forms.CheckboxSelectMultiple,
            "pilot_people": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
            "levers": forms.CheckboxSelectMultiple,
            "synthesis_themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        limit_free_text(self)
        french_fields(self)
        process = plan.process
        organisations = Organisation.objects.filter(
            processes=process, workspace_id=process.workspace_id
        )
        self.fields["axis"].queryset = plan.axes.all()
        parents = plan.actions.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["pilot_organisations"].queryset = organisations
        self.fields["partners"].queryset = organisations
        self.fields["departments"].queryset = organisations.filter(kind=OrganisationKind.DEPARTMENT)
        self.fields["pilot_people"].queryset = people_of(process)
        self.fields["levers"].queryset = process.plan_levers.all()
        # Only the themes of this process's synthesis (none until a synthesis exists); the
        # "To sort" bin is no theme an action can take up.
        self.fields["synthesis_themes"].queryset = (
            Theme.objects.filter(synthesis__process=process)
            .lettered()
            .select_related("synthesis")
            .order_by("order", "id")
        )
        self.fields["synthesis_themes"].help_text = _(
            "The themes of the synthesis of the contributions that this action takes up."
        )
        self.fields["status"].choices = capitalised(ActionStatus.choices)
        self.fields["priority"].choices = capitalised(Priority.choices)
        for name, help_text in CHILD_HELP.items():
            self.fields[name].help_text = help_text
            self.fields[name].widget.attrs["rows"] = 3
        action = self.instance
        self.fields["version"].initial = action.version if action.pk else 1
        if action.pk and not self.is_bound:
            self.fields["themes_text"].initial = ", ".join(action.themes)
            self.fields["audiences_text"].initial = ", ".join(action.audiences)
            snapshot = history.snapshot(action)
            for name in history.CHILD_FIELDS:
                self.fields[name].initial = snapshot[name]

    def _clean_children(self, name):
        return lines.PARSERS[name](self.cleaned_data.get(name, ""))

    def clean_milestones(self):
        return self._clean_children("milestones")

    def clean_budget_lines(self):
        return self._clean_children("budget_lines")

    def clean_fundings(self):
        return self._clean_children("fundings")

    def clean_indicators(self):
        return self._clean_children("indicators")

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields["themes"] = lines.split_list(data["themes_text"])
        fields["audiences"] = lines.split_list(data["audiences_text"])
        children = {name: data[name] for name in history.CHILD_FIELDS}
        return ActionData(fields=fields, children=children)


class ActionFilterForm(forms.Form):
    axis = forms.ModelChoiceField(label=_("Axis"), queryset=Axis.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    pilot = forms.ChoiceField(label=_("Pilot"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Organisation.objects.none(), required=False
    )
    lever = forms.ModelChoiceField(label=_("Lever"), queryset=None, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            processes=plan.process, workspace_id=plan.process.workspace_id
        )
        self.fields["axis"].queryset = plan.axes.all()
        self.fields["status"].choices = [("", _("All statuses"))] + capitalised(
            ActionStatus.choices
        )
        self.fields["priority"].choices = [("", _("All priorities"))] + capitalised(
            Priority.choices
        )
        # Pilots are organisations or people: "o12" or "p7".
        self.fields["pilot"].choices = (
            [("", _("All pilots"))]
            + [(f"o{o.pk}", str(o)) for o in organisations]
            + [(f"p{p.pk}", str(p)) for p in people_of(plan.process)]
        )
        self.fields["department"].queryset = organisations.filter(kind=OrganisationKind.DEPARTMENT)
        self.fields["lever"].queryset = plan.process.plan_levers.all()
        themes = {t for themes in plan.actions.values_list("themes", flat=True) for t in themes}
        self.fields["theme"].choices = [("", _("All themes"))] + [(t, t) for t in sorted(themes)]

    def filter(self, actions):
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data["axis"]:
            actions = actions.filter(Q(axis=data["axis"]) | Q(axis__parent=data["axis"]))
        if data["status"]:
            actions = actions.filter(status=data["status"])
        if data["priority"]:
            actions = actions.filter(priority=data["priority"])
        if data["pilot"]:
            kind, pk = data["pilot"][0], int(data["pilot"][1:])
            if kind == "o":
                actions = actions.filter(pilot_organisations=pk)
            else:
                actions = actions.filter(pilot_people=pk)
        if data["department"]:
            actions = actions.filter(departments=data["department"])
        if data["lever"]:
            actions = actions.filter(levers=data["lever"])
        if data["theme"]:
            # Themes are a JSON list: matched in Python, portable across databases.
            ids = [
                pk for pk, themes in actions.values_list("pk", "themes") if data["theme"] in themes
            ]
            actions = actions.filter(pk__in=ids)
        return actions.distinct()


class SourcesForm(forms.Form):
    contributions = forms.ModelMultipleChoiceField(
        label=_("Contributions"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    answers = forms.ModelMultipleChoiceField(
        label=_("Survey answers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, process, **kwargs):
        from essor.surveys.models import Answer

        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = process.contributions.kept()
        self.fields["answers"].queryset = (
            Answer.objects.filter(response__survey__process=process)
            .exclude(text="")
            .select_related("question", "response__survey")
        )
        self.fields["answers"].label_from_instance = lambda a: f"{a.question.text} — {a.text}"


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=SHORT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("The comment is empty.")},
    )


class ReorientationForm(forms.Form):
    proposal = forms.CharField(
        label=_("Proposed reorientation"),
        max_length=SHORT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the proposed reorientation.")},
    )


class ScenarioForm(forms.Form):
    """The name of a copy of the plan: a scenario, or a new version (``kind``)."""

    name = forms.CharField(label=_("Name of the scenario"), max_length=200)

    def __init__(self, *args, kind: str = PlanKind.SCENARIO, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == PlanKind.VERSION:
            self.fields["name"].label = _("Name of the new version")


class SubmitForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = process.bodies.all()


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Outcome.VALIDATED, _("Validated")), (Outcome.TO_REWORK, _("To be reworked"))],
        widget=forms.RadioSelect,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting where it was decided"),
        queryset=None,
        help_text=_("The decision is dated by its meeting."),
        error_messages={
            "invalid_choice": _("Choose a meeting of this body that has already taken place.")
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=SHORT_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        if body.kind != BodyKind.STEERING:  # only the COPIL validates; the others give opinions
            self.fields["outcome"].choices = [
                (Outcome.VALIDATED, _("Favourable opinion")),
                (Outcome.TO_REWORK, _("To be reworked")),
            ]
        # Only the body's meetings already held: a decision is recorded after the fact.
        self.fields["meeting"].queryset = decision_meetings(body)
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{timezone.localtime(m.starts_at):%d/%m/%Y} — {m.title}"
        )


class CouncilVoteForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the council vote"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    result = forms.ChoiceField(label=_("Result"), choices=capitalised(CouncilResult.choices))
    note = forms.CharField(label=_("Vote details"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)

    def clean_date(self):
        # The vote is recorded once it has taken place; a future date is a typing error.
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("A council vote cannot be dated in the future."), code="future"
            )
        return day


class LeverForm(forms.Form):
    name = forms.CharField(label=_("New lever"), max_length=150)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title of the file"), max_length=200, required=False)
    file = forms.FileField(label=_("File to attach"))
