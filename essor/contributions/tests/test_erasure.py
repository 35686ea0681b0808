"""Right to erasure: contributions stay, without their author and without the name."""

from essor.contributions import rgpd
from essor.contributions.models import Contribution
from essor.organisations.tests.erasure_data import make_everywhere


def test_erasing_cuts_the_author_and_replaces_the_name_searchable_text_included(cast):
    e = make_everywhere(cast)
    # A facilitator set another author on the one made from her survey answer: it is
    # still hers through the answer.
    Contribution.objects.filter(pk=e.from_survey.pk).update(author_person=e.bob)
    authored, naming = rgpd.describe(e.helene)
    assert (authored.count, naming.count) == (2, 2)
    rgpd.erase(e.helene)
    e.authored.refresh_from_db()
    e.from_survey.refresh_from_db()
    e.naming.refresh_from_db()
    assert e.authored.author_person is None and e.from_survey.author_person is None
    assert e.authored.text == "Mutualiser les locaux"  # kept: part of the process
    assert e.naming.text == "Voir avec personne effacée pour le local"
    assert "dupre" not in e.naming.search_text and "personne effacee" in e.naming.search_text
    e.bobs.refresh_from_db()
    assert e.bobs.author_person == e.bob and e.bobs.text == "Un marché de Noël"
