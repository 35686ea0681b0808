import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from essor.core.caching import no_store
from essor.core.personal_data import erasure_preview
from essor.organisations import services
from essor.organisations.forms import DirectorySearchForm, OrganisationForm, PersonForm
from essor.organisations.models import Person
from essor.organisations.permissions import (
    check_directory_perm,
    directory_workspaces_for,
    erase_blockers,
    get_organisation_for,
    get_person_for,
    organisations_for,
    people_for,
    processes_readable_by,
    visible_processes_for,
)
from essor.processes.permissions import processes_visible_to

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def organisation_list(request):
    check_directory_perm(request.user, "organisations.view_organisation")
    workspaces = directory_workspaces_for(request.user)
    form = DirectorySearchForm(request.GET or None, workspaces=workspaces)
    organisations = organisations_for(request.user).select_related("commune", "workspace")
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["family"]:
            organisations = organisations.filter(ess_family=form.cleaned_data["family"])
        if form.cleaned_data.get("workspace"):
            organisations = organisations.filter(workspace=form.cleaned_data["workspace"])
    context = {
        "several_workspaces": "workspace" in form.fields,
        "form": form,
        "page": _page(request, organisations),
        "query_string": _query_without_page(request),
        "searching": form.is_bound
        and any(request.GET.get(k) for k in ("q", "kind", "family", "workspace")),
    }
    return render(request, "organisations/organisation_list.html", context)


@login_required
def organisation_detail(request, pk):
    organisation = get_organisation_for(request.user, pk)
    context = {
        "organisation": organisation,
        "people": organisation.people.all(),
        "processes": visible_processes_for(request.user, organisation),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
def organisation_create(request):
    check_directory_perm(request.user, "organisations.add_organisation")
    workspaces = directory_workspaces_for(request.user)
    form = OrganisationForm(request.POST or None, workspaces=workspaces)
    if request.method == "POST" and form.is_valid():
        organisation = services.save_organisation(form.save(commit=False), actor=request.user)
        messages.success(request, _("The organisation has been added to the directory."))
        return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request, pk):
    organisation = get_organisation_for(request.user, pk, "organisations.change_organisation")
    form = OrganisationForm(request.POST or None, instance=organisation, workspaces=[])
    if request.method == "POST" and form.is_valid():
        services.save_organisation(form.save(commit=False), actor=request.user)
        messages.success(request, _("The organisation has been saved."))
        return redirect("organisations:detail", organisation.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/organisation_form.html", context)


@login_required
def organisation_delete(request, pk):
    organisation = get_organisation_for(request.user, pk, "organisations.delete_organisation")
    if request.method == "POST":
        services.delete_organisation(organisation, actor=request.user)
        messages.success(request, _("The organisation has been deleted."))
        return redirect("organisations:list")
    context = {
        "organisation": organisation,
        "people_count": organisation.people.count(),
        "process_count": organisation.processes.count(),
    }
    return render(request, "organisations/organisation_confirm_delete.html", context)


@no_store
@login_required
def person_list(request):
    check_directory_perm(request.user, "organisations.view_person")
    query = request.GET.get("q", "").strip()[:100]
    workspaces = directory_workspaces_for(request.user)
    people = people_for(request.user).select_related("organisation", "workspace").search(query)
    chosen = request.GET.get("workspace", "")
    if chosen.isdigit():
        people = people.filter(workspace_id=chosen)
    context = {
        "workspaces": workspaces if len(workspaces) > 1 else [],
        "chosen_workspace": int(chosen) if chosen.isdigit() else None,
        "query": query,
        "page": _page(request, people),
        "query_string": _query_without_page(request),
    }
    return render(request, "organisations/person_list.html", context)


def _after_person(person: Person):
    if person.organisation_id:
        return redirect("organisations:detail", person.organisation_id)
    return redirect("organisations:person_list")


@login_required
def person_create(request):
    check_directory_perm(request.user, "organisations.add_person")
    workspaces = directory_workspaces_for(request.user)
    initial = {}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        organisation = organisations_for(request.user).filter(pk=organisation_id).first()
        if organisation is not None:
            initial.update(organisation=organisation, workspace=organisation.workspace_id)
    form = PersonForm(request.POST or None, initial=initial, workspaces=workspaces)
    if request.method == "POST" and form.is_valid():
        person = services.save_person(form.save(commit=False), actor=request.user)
        messages.success(request, _("The person has been added to the directory."))
        return _after_person(person)
    return render(request, "organisations/person_form.html", {"form": form})


@no_store
@login_required
def person_edit(request, pk):
    person = get_person_for(request.user, pk, "organisations.change_person")
    form = PersonForm(request.POST or None, instance=person, workspaces=[])
    if request.method == "POST" and form.is_valid():
        services.save_person(form.save(commit=False), actor=request.user)
        messages.success(request, _("The person has been saved."))
        return _after_person(person)
    context = {
        "form": form,
        "person": person,
        "membership_count": person.body_memberships.count(),
        "attendance_count": person.attendances.count(),
    }
    return render(request, "organisations/person_form.html", context)


@login_required
def person_delete(request, pk):
    person = get_person_for(request.user, pk, "organisations.delete_person")
    has_history = person.body_memberships.exists() or person.attendances.exists()
    if request.method == "POST" and not has_history:
        try:
            services.delete_person(person, actor=request.user)
        except services.PersonHasHistory:  # a membership added meanwhile
            has_history = True
        else:
            messages.success(request, _("The person has been deleted."))
            return _after_person(person)
    context = {"person": person, "has_history": has_history}
    return render(request, "organisations/person_confirm_delete.html", context)


@no_store
@login_required
def person_export(request, pk):
    """Download everything stored about the person (JSON), e.g. to answer an access request."""
    person = get_person_for(request.user, pk, "organisations.export_person")
    data = services.export_person(
        person, processes=processes_readable_by(request.user), actor=request.user
    )
    content = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    # The file name holds the id only: names are personal data.
    response["Content-Disposition"] = f'attachment; filename="essor-personne-{person.pk}.json"'
    return response


@login_required
def person_erase(request, pk):
    person = get_person_for(request.user, pk, "organisations.erase_person")
    blockers = erase_blockers(request.user, person)
    if request.method == "POST" and not blockers:
        services.erase_person(person, actor=request.user)
        messages.success(request, _("The person and everything linked to them have been erased."))
        return redirect("organisations:person_list")
    visible = set(processes_visible_to(request.user).values_list("pk", flat=True))
    context = {
        "person": person,
        "blocked": bool(blockers),
        "blocking_titles": [p.title for p in blockers if p.pk in visible],
        "hidden_blockers": sum(1 for p in blockers if p.pk not in visible),
        "erasure": erasure_preview(person, visible),
    }
    status = 403 if request.method == "POST" else 200  # a refused erasure
    return render(request, "organisations/person_confirm_erase.html", context, status=status)
