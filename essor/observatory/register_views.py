"""The platform's SIRENE register: which import is in service, and a new import from
the files an administrator dropped in the server's inbox folder (ESSOR_SIRENE_INBOX).

The stock files weigh gigabytes: they are not uploaded through the browser but
downloaded on the server (by the monthly cron of the deployment guide, or by hand)
and chosen here; the import runs as background work with its progress bar.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.caching import no_store
from essor.core.forms import FrenchIntegerField
from essor.jobs import services as jobs
from essor.jobs.models import Job
from essor.observatory import register, tasks

STOCK_SUFFIXES = (".csv", ".zip", ".parquet")


def inbox_files() -> list[Path]:
    """The stock files waiting in the inbox folder (not its subfolders)."""
    folder = Path(settings.SIRENE_INBOX)
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and p.name.lower().endswith(STOCK_SUFFIXES)),
        key=lambda p: p.name,
    )


class ImportForm(forms.Form):
    legal_units = forms.ChoiceField(label=gettext_lazy("Legal units file (StockUniteLegale)"))
    establishments = forms.ChoiceField(
        label=gettext_lazy("Establishments file (StockEtablissement)")
    )
    max_bad_lines = FrenchIntegerField(
        label=gettext_lazy("Malformed lines tolerated"), min_value=0, max_value=1_000_000,
        initial=0,
    )  # fmt: skip

    def __init__(self, *args, files: list[Path], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(p.name, p.name) for p in files]
        self.fields["legal_units"].choices = choices
        self.fields["establishments"].choices = choices
        self.paths = {p.name: p for p in files}

    def clean(self):
        data = super().clean()
        if data.get("legal_units") and data.get("legal_units") == data.get("establishments"):
            raise forms.ValidationError(_("Choose two different files."))
        return data


@login_required
@no_store
def register_page(request):
    if not request.user.has_perm("observatory.import_register"):
        raise PermissionDenied
    files = inbox_files()
    form = ImportForm(request.POST or None, files=files)
    if request.method == "POST" and form.is_valid():
        job = jobs.start(
            tasks.KIND,
            tasks.import_register,
            owner=request.user,
            args=(
                str(form.paths[form.cleaned_data["legal_units"]]),
                str(form.paths[form.cleaned_data["establishments"]]),
                form.cleaned_data["max_bad_lines"],
            ),
        )
        return redirect("jobs:detail", job.pk)
    context = {
        "version": register.current_version(),
        "files": files,
        "inbox": settings.SIRENE_INBOX,
        "form": form,
        "recent": Job.objects.filter(kind=tasks.KIND).select_related("owner")[:10],
    }
    return render(request, "observatory/register.html", context)
