"""A workspace administrator's page of API keys: create (the key shown once), list with
their last use, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essor.api import services
from essor.api.forms import ApiKeyForm
from essor.api.permissions import get_api_key_for, get_keys_workspace_for


@login_required
def api_keys(request, slug):
    workspace = get_keys_workspace_for(request.user, slug)
    form = ApiKeyForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _key, secret = services.create_api_key(
            workspace, form.cleaned_data["name"], actor=request.user
        )
        form = ApiKeyForm()
    context = {
        "workspace": workspace,
        "form": form,
        "secret": secret,
        "keys": workspace.api_keys.select_related("created_by"),
        "docs_url": request.build_absolute_uri(reverse("api:docs")),
    }
    response = render(request, "api/keys.html", context)
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke_api_key(request, slug, key_id):
    key = get_api_key_for(request.user, slug, key_id)
    services.revoke_api_key(key, actor=request.user)
    messages.success(request, _("The key %(name)s has been revoked.") % {"name": key.name})
    return redirect("api_keys:list", slug)
