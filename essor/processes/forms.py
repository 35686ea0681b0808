from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from essor.core.forms import french_fields
from essor.core.text import capitalised
from essor.methods.models import MethodTemplate
from essor.methods.permissions import templates_visible_to
from essor.processes.models import Phase, Process, ProcessStatus, Role
from essor.territories.lookup import TerritoryKeyError, resolve_key
from essor.territories.models import Territory
from essor.workspaces.models import Workspace
from essor.workspaces.permissions import admin_workspaces_for

TERRITORY_FIELDS = ("territory_1", "territory_2", "territory_3")


def territory_from_input(value: str) -> Territory:
    """A territory from a key ("epci:200069854") or a bare code (SIREN, INSEE code).

    Raises TerritoryKeyError with a message for the user.
    """
    raw = value.strip()
    if ":" in raw or raw.lower() == "france":
        return resolve_key(raw)
    compact = raw.replace(" ", "").upper()
    guessed = {9: "epci", 5: "commune"}.get(len(compact))
    if guessed:
        return resolve_key(f"{guessed}:{compact}")
    raise TerritoryKeyError(
        _(
            "“%(value)s” is not a territory: choose one among the suggestions, or type a key "
            "such as epci:200069854 or commune:86194."
        )
        % {"value": raw}
    )


class TerritoryInput(forms.TextInput):
    """A text input completed by the territories' suggestions (HTMX, datalist)."""

    def __init__(self, list_id: str):
        super().__init__(
            attrs={
                "list": list_id,
                "autocomplete": "off",
                "hx-get": reverse_lazy("territories:suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
            }
        )


class TerritoriesFormMixin:
    """Up to three territories (e.g. the city and its métropole), by key or code."""

    def add_territory_fields(self, initial: list[Territory]):
        help_text = _("Type a name or a code, then choose a suggestion (e.g. epci:200069854).")
        labels = [_("Territory"), _("Second territory"), _("Third territory")]
        for index, name in enumerate(TERRITORY_FIELDS):
            self.fields[name] = forms.CharField(
                label=labels[index],
                required=index == 0,
                max_length=120,
                help_text=help_text if index == 0 else "",
                widget=TerritoryInput(f"{name}-suggestions"),
                initial=initial[index].key if index < len(initial) else "",
            )

    def clean_territories(self) -> list[Territory]:
        territories: list[Territory] = []
        for name in TERRITORY_FIELDS:
            value = (self.cleaned_data.get(name) or "").strip()
            if not value:
                continue
            try:
                territory = territory_from_input(value)
            except TerritoryKeyError as exc:
                self.add_error(name, str(exc))
                continue
            if territory in territories:
                self.add_error(name, _("This territory is already chosen."))
                continue
            territories.append(territory)
        return territories


class ProcessCreateForm(TerritoriesFormMixin, forms.Form):
    workspace = forms.ModelChoiceField(label=_("Workspace"), queryset=Workspace.objects.none())
    title = forms.CharField(label=_("Title"), max_length=250)
    template = forms.ModelChoiceField(
        label=_("Method template"),
        queryset=MethodTemplate.objects.all(),
        empty_label=_("No template (start from an empty process)"),
        required=False,
        help_text=_("Phases, governance bodies, workshops and deliverables are copied from it."),
    )
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Phase dates are computed from it with their typical durations."),
    )
    ambition = forms.CharField(
        label=_("Political ambition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Simple HTML is kept (paragraphs, lists, bold, links)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)
        workspaces = admin_workspaces_for(user)
        self.fields["workspace"].queryset = workspaces
        self.fields["template"].queryset = templates_visible_to(user)
        if len(workspaces) == 1:  # nothing to choose: the only workspace the user administers
            self.only_workspace = workspaces[0]
            del self.fields["workspace"]
        self.add_territory_fields([])
        order = ["workspace", "title", *TERRITORY_FIELDS, "template", "start_date", "ambition"]
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        if "workspace" not in self.fields:
            cleaned["workspace"] = self.only_workspace
        template, workspace = cleaned.get("template"), cleaned.get("workspace")
        if template and workspace and template.workspace_id not in (None, workspace.pk):
            self.add_error("template", _("This template belongs to another workspace."))
        cleaned["territories"] = self.clean_territories()
        return cleaned


class ProcessForm(TerritoriesFormMixin, forms.ModelForm):
    class Meta:
        model = Process
        fields = ["title", "status", "is_published", "start_date", "end_date", "ambition"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ambition": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"ambition": _("Simple HTML is kept (paragraphs, lists, bold, links).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)
        self.fields["status"].choices = capitalised(self.fields["status"].choices)
        current = list(self.instance.territories.all()) if self.instance.pk else []
        self.add_territory_fields(current)
        self.order_fields(["title", *TERRITORY_FIELDS])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        cleaned["territories"] = self.clean_territories()
        return cleaned


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "order",
            "name",
            "start_date",
            "end_date",
            "typical_duration_weeks",
            "description",
            "expected_result",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return cleaned


PhaseFormSet = forms.inlineformset_factory(
    Process, Phase, form=PhaseForm, extra=1, can_delete=True, min_num=1, validate_min=True
)


def member_roles(may_grant_facilitator: bool) -> list:
    """Roles one may hand out: only admins of the platform or workspace make facilitators."""
    return [
        (value, label)
        for value, label in capitalised(Role.choices)
        if may_grant_facilitator or value != Role.FACILITATOR
    ]


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Used when the person has no account yet."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=capitalised(Role.choices))

    def __init__(self, *args, may_grant_facilitator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = member_roles(may_grant_facilitator)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=capitalised(Role.choices))

    def __init__(self, *args, may_grant_facilitator: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = member_roles(may_grant_facilitator)


class PublishedSearchForm(forms.Form):
    """The home page's search among published processes (GET: a link keeps the search)."""

    q = forms.CharField(
        label=_("Name or territory"),
        required=False,
        max_length=100,
        help_text=_("The name of a process, or a territory: its name or its INSEE code."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + list(ProcessStatus.choices),
    )

    def filter(self, processes):
        """``processes`` narrowed by the valid fields (an invalid one narrows nothing)."""
        data = self.cleaned_data if self.is_valid() else {}
        if query := (data.get("q") or "").strip():
            processes = processes.matching(query)
        if status := data.get("status"):
            processes = processes.filter(status=status)
        return processes
