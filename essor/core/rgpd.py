"""Right to erasure (GDPR art. 17) in the audit log, registered in CoreConfig.ready().

Audit entries are the platform's accountability: they are kept, never deleted, but
lose what names the person. Entries about the person's directory record lose their
description; every other entry has the person's name and e-mail replaced in its
description and details (JSON). The log is not split by workspace, so the whole log
is read: erasure is rare, and a homonym elsewhere losing their name in a log line
loses nothing the directory does not still hold.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import ngettext

from essor.core.models import AuditEntry
from essor.core.personal_data import Effect
from essor.core.redaction import PersonMatcher


def _about_person(person):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(type(person)), target_id=str(person.pk)
    )


def _mentioning(person) -> list[AuditEntry]:
    matcher = PersonMatcher.of(person)
    entries = AuditEntry.objects.only("pk", "target_repr", "data").iterator(chunk_size=2000)
    return [e for e in entries if matcher.found_in(e.target_repr) or _data_mentions(matcher, e)]


def _data_mentions(matcher: PersonMatcher, entry: AuditEntry) -> bool:
    return matcher.redact_json(entry.data) != entry.data


def describe(person) -> list[Effect]:
    about = set(_about_person(person).values_list("pk", flat=True))
    count = len(about | {e.pk for e in _mentioning(person)})
    text = ngettext(
        "%(count)d audit entry kept, with the person's name and e-mail removed",
        "%(count)d audit entries kept, with the person's name and e-mail removed",
        count,
    ) % {"count": count}
    return [Effect(text, count)]


def erase(person) -> None:
    _about_person(person).update(target_repr="")
    matcher = PersonMatcher.of(person)
    entries = _mentioning(person)
    for entry in entries:
        entry.target_repr = matcher.redact(entry.target_repr)
        entry.data = matcher.redact_json(entry.data)
    AuditEntry.objects.bulk_update(entries, ["target_repr", "data"], batch_size=500)
