"""Right to erasure: decisions stay, with the person's name replaced."""

from essor.decisions import rgpd
from essor.organisations.tests.erasure_data import make_everywhere


def test_erasing_replaces_the_name_in_decisions(cast):
    e = make_everywhere(cast)
    [effect] = rgpd.describe(e.helene)
    assert effect.count == 1
    rgpd.erase(e.helene)
    e.decision.refresh_from_db()
    assert e.decision.summary == "Présidence confiée à personne effacée"
    assert e.decision.comment == "Bob Durand s’abstient"
