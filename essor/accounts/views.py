import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.accounts import self_service, throttling
from essor.accounts.forms import AccountDeletionForm, EmailAuthenticationForm, ProfileForm
from essor.core.caching import no_store


class LoginView(auth_views.LoginView):
    """Django's login, answering 429 while the account or address is throttled, and 503
    while the shared cache that counts the attempts is down."""

    authentication_form = EmailAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        throttling.remember_device(response, form.cleaned_data.get("username"))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.is_throttled():
            response.status_code = 429
        elif form.is_unavailable():
            response.status_code = 503
            response["Retry-After"] = "60"
        return response


@no_store
@login_required
def profile(request):
    """The signed-in user's own account (every user may see and edit theirs)."""
    form = ProfileForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        request.user.full_name = form.cleaned_data["full_name"]
        request.user.save(update_fields=["full_name"])
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    memberships = request.user.memberships.select_related("process")
    return render(request, "accounts/profile.html", {"form": form, "memberships": memberships})


@no_store
@login_required
@require_safe
def my_data(request):
    """Everything Essor holds about the signed-in user's account (JSON download)."""
    content = json.dumps(self_service.account_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="essor-mon-compte.json"'
    return response


@no_store
@login_required
def delete_account(request):
    """Delete one's own account, after typing the password again."""
    user = request.user
    blockers = self_service.deletion_blockers(user)
    form = AccountDeletionForm(request.POST or None, user=user)
    if request.method == "POST" and not blockers and form.is_valid():
        self_service.delete_account(user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("core:home")
    context = {"form": form, "blockers": blockers, "person": getattr(user, "person", None)}
    return render(request, "accounts/delete.html", context)
