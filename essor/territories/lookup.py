"""Parse textual territory keys: "commune:86194", "epci:200069854", "france"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from essor.territories.models import Territory, TerritoryKind

KEY_KINDS = {
    "commune": TerritoryKind.COMMUNE,
    "epci": TerritoryKind.EPCI,
    "departement": TerritoryKind.DEPARTEMENT,
    "region": TerritoryKind.REGION,
}


class TerritoryKeyError(ValueError):
    """A key that does not name a loaded territory; the message is for users."""


def resolve_key(key: str) -> Territory:
    """Return the territory named by ``key`` or raise TerritoryKeyError (French message)."""
    raw = (key or "").strip()
    if raw.lower() == "france":
        kind, code = TerritoryKind.COUNTRY, "FR"
    else:
        prefix, sep, code = raw.partition(":")
        kind = KEY_KINDS.get(prefix.strip().lower())
        code = code.strip().upper()
        if not sep or kind is None or not code:
            raise TerritoryKeyError(
                _(
                    "“%(key)s” is not a territory key: expected commune:CODE, epci:SIREN, "
                    "departement:CODE, region:CODE or france."
                )
                % {"key": raw}
            )
    try:
        return Territory.objects.get(kind=kind, code=code)
    except Territory.DoesNotExist:
        raise TerritoryKeyError(
            _("No territory “%(key)s”: are the territories loaded (load_territories)?")
            % {"key": raw}
        ) from None
