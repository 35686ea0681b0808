"""Right to erasure in the audit log: entries kept, name and e-mail removed."""

from essor.core import rgpd
from essor.core.models import AuditEntry
from essor.organisations.tests.erasure_data import EMAIL, make_everywhere


def test_audit_entries_are_kept_and_redacted(cast):
    e = make_everywhere(cast)
    count = AuditEntry.objects.count()
    [effect] = rgpd.describe(e.helene)
    assert effect.count == 2
    rgpd.erase(e.helene)
    assert AuditEntry.objects.count() == count
    imported = AuditEntry.objects.get(verb="person.imported")
    assert imported.target_repr == ""
    assert imported.data == {"name": "personne effacée", "email": "personne effacée"}
    note = AuditEntry.objects.get(verb="note")
    assert note.data == {"people": [{"name": "personne effacée"}, {"name": "Bob Durand"}]}
    assert EMAIL not in str(list(AuditEntry.objects.values_list("data", flat=True))).lower()
