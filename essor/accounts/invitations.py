"""The e-mail telling someone they were given access: a link to choose a password for a new
account, a link to log in otherwise. Whoever added them gets the same answer in both cases
(they need not learn whether an account exists); the owner of the address learns it."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def send_access_email(request, user, *, new_account_template: str, existing_template: str) -> None:
    """Send ``user`` the access e-mail rendered from one of the two templates.

    Django's PasswordResetForm skips accounts without a usable password, which
    is exactly the case of a new member: the same link is built here.
    """
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "protocol": "https" if request.is_secure() else "http",
        "inviter": request.user,
    }
    if user.has_usable_password():
        template = existing_template
    else:
        template = new_account_template
        context["uid"] = urlsafe_base64_encode(force_bytes(user.pk))
        context["token"] = default_token_generator.make_token(user)
    subject = "".join(render_to_string("accounts/access_subject.txt", context).splitlines())
    send_mail(subject, render_to_string(template, context), None, [user.email])
