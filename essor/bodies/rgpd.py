"""Right to erasure (GDPR art. 17): a person's seats in governance bodies are deleted.

A seat says nothing but that the person sat there; once they are erased it would
be a seat of nobody, so it goes (registered in BodiesConfig.ready()).
"""

from __future__ import annotations

from django.utils.translation import ngettext

from essor.bodies.models import BodyMember
from essor.core.personal_data import Effect, processes_of


def describe(person) -> list[Effect]:
    memberships = BodyMember.objects.filter(person=person)
    count = memberships.count()
    text = ngettext(
        "%(count)d membership of a governance body deleted",
        "%(count)d memberships of governance bodies deleted",
        count,
    ) % {"count": count}
    return [Effect(text, count, processes_of(memberships, "body__process"))]


def erase(person) -> None:
    BodyMember.objects.filter(person=person).delete()
