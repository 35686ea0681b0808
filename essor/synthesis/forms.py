from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from essor.core.forms import french_fields
from essor.synthesis.models import Synthesis
from essor.synthesis.services import SUMMARY_MAX, TITLE_MAX

ASIDE = "aside"


class SourcesForm(forms.ModelForm):
    class Meta:
        model = Synthesis
        fields = ["workshops", "surveys", "include_other", "include_online"]
        widgets = {
            "workshops": forms.CheckboxSelectMultiple,
            "surveys": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        process = self.instance.process
        self.fields["workshops"].queryset = process.workshops.order_by("date", "id")
        self.fields["surveys"].queryset = process.surveys.order_by("id")


class SuggestForm(forms.Form):
    themes = forms.IntegerField(
        label=_("Number of themes"),
        required=False,
        min_value=1,
        max_value=40,
        help_text=_("Leave empty to let Essor choose."),
    )
    replace = forms.TypedChoiceField(
        label=_("Current themes"),
        choices=[
            ("1", _("Replace them: group every contribution again")),
            (
                "0",
                _("Keep them: group only the contributions not yet placed or waiting in “To sort”"),
            ),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    by_workshop = forms.BooleanField(
        label=_("Group each workshop apart"),
        required=False,
        help_text=_(
            "When each workshop had its own subject: themes are suggested workshop by workshop. "
            "Ticked when the workshops asked different questions."
        ),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_fields(self)


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = forms.CharField(
        # Its own context: the observatory's "Summary" (of figures) reads otherwise in French.
        label=pgettext_lazy("synthesis theme", "Summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Set by the confirmation page shown when plan actions take up the theme.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class NewThemeForm(forms.Form):
    title = forms.CharField(label=_("Title of the new theme"), max_length=TITLE_MAX)


class MergeForm(forms.Form):
    source = forms.TypedChoiceField(label=_("Merge into this theme"), coerce=int, choices=[])
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, themes, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(t.pk, str(t)) for t in themes if t.pk != theme.pk]


class SplitForm(forms.Form):
    title = forms.CharField(label=_("Title of the new theme"), max_length=TITLE_MAX)
    contributions = forms.TypedMultipleChoiceField(
        label=_("Contributions that form the new theme"),
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].choices = [
            (line.contribution.pk, line.contribution.text[:300]) for line in lines
        ]


class MoveForm(forms.Form):
    """Where to move one line of the wall: a theme, the "To sort" bin or aside.

    Shown once on the wall, in the dialog that the lines' "Move" links open,
    and on a line's own move page (where the link leads without JavaScript);
    never once per line on the wall: 600 lists made it weigh a megabyte.
    """

    target = forms.ChoiceField(label=_("Move to"), choices=[])

    def __init__(self, *args, themes, contribution_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The order of the wall: the lettered themes, then the bin, then aside.
        ordered = sorted(themes, key=lambda theme: (theme.is_unsorted, theme.order, theme.pk))
        self.fields["target"].choices = [
            (str(theme.pk), Truncator(str(theme)).chars(60)) for theme in ordered
        ] + [(ASIDE, _("Set aside (out of scope)"))]
        if contribution_id is not None:
            self.fields["target"].label = _("Move contribution #%(number)s to") % {
                "number": contribution_id
            }
