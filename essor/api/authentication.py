"""``Authorization: Bearer <key>`` (or ``Api-Key <key>``): read access scoped to the key's
workspace. No header: an anonymous reader of public data. A wrong or revoked key is a 401,
never a silent fallback to public data (a dashboard must notice that its key stopped)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from essor.api.models import ApiKey, hash_key

SCHEMES = (b"bearer", b"api-key")


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise AuthenticationFailed(_("Give the key after the word Bearer, with one space."))
        try:
            secret = header[1].decode()
        except UnicodeDecodeError:
            secret = ""
        key = (
            ApiKey.objects.select_related("workspace").filter(key_hash=hash_key(secret)).first()
            if secret
            else None
        )
        if key is None:
            raise AuthenticationFailed(_("This API key is not valid."))
        if key.is_revoked:
            raise AuthenticationFailed(_("This API key has been revoked."))
        key.note_use()
        # No user: a key reads data, it acts as nobody.
        return (None, key)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "An API key created by a workspace administrator: read access to that "
                "workspace's non-public processes, plans, actions and values."
            ),
        }
