from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from essor.accounts import throttling

THROTTLED = "throttled"
UNAVAILABLE = "unavailable"


class AccountDeletionForm(forms.Form):
    """Deleting one's account asks for the password again (a session left open is not
    enough to delete it)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password


class ThrottledLoginMixin:
    """Refuses to check a password once the account or the client address has
    failed too often (see throttling.py); counts failures, clears on success."""

    def clean(self):
        username = self.cleaned_data.get("username")
        blocked = throttling.login_blocked(self.request, username)
        if blocked == throttling.UNAVAILABLE:
            raise ValidationError(
                _(
                    "Logging in is unavailable for a moment: the server cannot count the "
                    "attempts right now. Try again in a few minutes."
                ),
                code=UNAVAILABLE,
            )
        if blocked:
            raise ValidationError(
                _(
                    "Too many failed attempts. Wait a few minutes before trying again, "
                    "or choose a new password with “Forgotten password?”."
                ),
                code=THROTTLED,
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            # A right password refused (inactive account, admin without staff status)
            # is not a guess: only wrong passwords count.
            if self.user_cache is None:
                throttling.login_failed(self.request, username)
            raise
        throttling.login_succeeded(self.request, username)
        return cleaned_data

    def is_throttled(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, THROTTLED)

    def is_unavailable(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, UNAVAILABLE)


class EmailAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Incorrect e-mail address or password."),
        "inactive": _("This account is inactive."),
    }


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args, request=None, **kwargs):
        # The view answers the same whether or not a mail left (no enumeration).
        if not throttling.may_send_reset_mail(request, self.cleaned_data["email"]):
            return
        super().save(*args, request=request, **kwargs)
