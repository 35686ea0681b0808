from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.methods import services
from essor.methods.editor import TemplateEditor
from essor.methods.forms import ImportForm
from essor.methods.models import MethodTemplate
from essor.methods.outline import outline
from essor.methods.permissions import (
    can,
    get_template_for,
    home_workspace,
    templates_visible_to,
)
from essor.methods.schema import TemplateFormatError, dump_template_file


def _perms(user, template: MethodTemplate) -> dict:
    return {
        "can_add": can(user, "methods.add_template", template),
        "can_change": can(user, "methods.change_template", template),
        "can_delete": can(user, "methods.delete_template", template),
    }


@login_required
def template_list(request):
    if not can(request.user, "methods.view_template"):
        raise PermissionDenied
    can_add = can(request.user, "methods.add_template")
    rows = []
    for template in (
        templates_visible_to(request.user)
        .select_related("created_by")
        .order_by("-is_builtin", "name")
    ):
        rows.append(
            {
                "template": template,
                "can_change": can(request.user, "methods.change_template", template),
            }
        )
    return render(request, "methods/template_list.html", {"rows": rows, "can_add": can_add})


@login_required
def template_detail(request, slug):
    template = get_template_for(request.user, slug)
    context = {
        "template": template,
        **outline(template.structure),
        **_perms(request.user, template),
    }
    return render(request, "methods/template_detail.html", context)


@login_required
@require_POST
def template_duplicate(request, slug):
    template = get_template_for(request.user, slug, "methods.add_template")
    try:
        copy = services.duplicate_template(
            template,
            user=request.user,
            name=request.POST.get("name", "")[:200],
            workspace=template.workspace or home_workspace(request.user),
        )
    except TemplateFormatError as exc:
        messages.error(request, _("This template cannot be copied: %(error)s") % {"error": exc})
        return redirect(template)
    messages.success(request, _("The copy has been created: adapt it below."))
    return redirect("methods:edit", copy.slug)


@login_required
def template_edit(request, slug):
    template = get_template_for(request.user, slug, "methods.change_template")
    editor = TemplateEditor(template, request.POST if request.method == "POST" else None)
    if request.method == "POST" and editor.is_valid():
        services.save_structure(template, editor.structure, user=request.user)
        messages.success(request, _("The template has been saved."))
        return redirect(template)
    return render(request, "methods/template_form.html", {"template": template, "editor": editor})


@login_required
def template_export(request, slug):
    template = get_template_for(request.user, slug)
    response = HttpResponse(
        dump_template_file(template.structure), content_type="application/x-yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{template.slug}.yaml"'
    return response


@login_required
def template_import(request):
    if not can(request.user, "methods.add_template"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        template = services.import_template(
            form.structure,
            user=request.user,
            replace=form.cleaned_data["replace"],
            workspace=home_workspace(request.user),
        )
        messages.success(
            request,
            _("The template has been imported with the identifier “%(slug)s”.")
            % {"slug": template.slug},
        )
        return redirect(template)
    return render(request, "methods/template_import.html", {"form": form})


@login_required
def template_delete(request, slug):
    template = get_template_for(request.user, slug, "methods.delete_template")
    if request.method == "POST":
        services.delete_template(template, user=request.user)
        messages.success(request, _("The template has been deleted."))
        return redirect("methods:list")
    return render(
        request,
        "methods/template_confirm_delete.html",
        {"template": template, "process_count": template.processes.count()},
    )
