"""Right of access (GDPR art. 15): everything Essor stores about a person of the directory."""

from __future__ import annotations

from django.utils import timezone

from essor.core.personal_data import erasure_preview, sections
from essor.organisations.models import Person


def _date(value) -> str | None:
    return value.isoformat() if value else None


def person_data(person: Person, processes=None) -> dict:
    """A JSON-ready description of the person and everything linked to them in
    ``processes`` (those the requester may see; all when None).

    The private calendar token is left out: it is a secret link, not
    information about the person, and the export may be sent by e-mail.
    "erasure" lists what erasing the person would touch, app by app (processes
    outside ``processes`` are counted, not named).
    """
    organisation = person.organisation
    memberships = person.body_memberships.select_related("body__process").order_by("pk")
    if processes is not None:
        memberships = memberships.filter(body__process__in=processes)
    return {
        "exported_at": _date(timezone.now()),
        "person": {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "role_title": person.role_title,
            "created_at": _date(person.created_at),
            "updated_at": _date(person.updated_at),
        },
        "organisation": (
            {"id": organisation.pk, "name": organisation.name, "siret": organisation.siret}
            if organisation
            else None
        ),
        "account": {"email": person.user.email} if person.user_id else None,
        "body_memberships": [
            {
                "process": m.body.process.title,
                "body": m.body.name,
                "role": m.role,
            }
            for m in memberships
        ],
        **sections(person, processes),
        "erasure": erasure_preview(
            person, None if processes is None else set(processes.values_list("pk", flat=True))
        ),
    }
