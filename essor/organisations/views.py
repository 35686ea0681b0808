import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from essor.core.caching import no_store
from essor.organisations import services
from essor.organisations.forms import DirectorySearchForm, OrganisationForm, PersonForm
from essor.organisations.models import Organisation, Person
from essor.organisations.permissions import (
    check_directory_perm,
    get_organisation_for,
    get_person_for,
    visible_processes_for,
)

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
    form = DirectorySearchForm(request.GET or None)
    organisations = Organisation.objects.select_related("commune")
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["family"]:
            organisations = organisations.filter(ess_family=form.cleaned_data["family"])
    context = {
        "form": form,
        "page": _page(request, organisations),
        "query_string": _query_without_page(request),
        "searching": form.is_bound and any(request.GET.get(k) for k in ("q", "kind", "family")),
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
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.save_organisation(form.save(commit=False), actor=request.user)
        messages.success(request, _("The organisation has been added to the directory."))
        return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request, pk):
    organisation = get_organisation_for(request.user, pk, "organisations.change_organisation")
    form = OrganisationForm(request.POST or None, instance=organisation)
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
    people = Person.objects.select_related("organisation").search(query)
    context = {
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
    initial = {}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        initial["organisation"] = Organisation.objects.filter(pk=organisation_id).first()
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = services.save_person(form.save(commit=False), actor=request.user)
        messages.success(request, _("The person has been added to the directory."))
        return _after_person(person)
    return render(request, "organisations/person_form.html", {"form": form})


@no_store
@login_required
def person_edit(request, pk):
    person = get_person_for(request.user, pk, "organisations.change_person")
    form = PersonForm(request.POST or None, instance=person)
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
    data = services.export_person(person, actor=request.user)
    content = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    # The file name holds the id only: names are personal data.
    response["Content-Disposition"] = f'attachment; filename="essor-personne-{person.pk}.json"'
    return response


@login_required
def person_erase(request, pk):
    person = get_person_for(request.user, pk, "organisations.erase_person")
    if request.method == "POST":
        services.erase_person(person, actor=request.user)
        messages.success(request, _("The person and everything linked to them have been erased."))
        return redirect("organisations:person_list")
    context = {
        "person": person,
        "membership_count": person.body_memberships.count(),
        "attendance_count": person.attendances.count(),
    }
    return render(request, "organisations/person_confirm_erase.html", context)
