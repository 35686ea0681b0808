"""Right to erasure: invitations deleted, named responses made anonymous."""

from essor.organisations.tests.erasure_data import make_everywhere
from essor.surveys import rgpd
from essor.surveys.models import Invitation, Response


def test_erasing_deletes_invitations_and_anonymises_the_response(cast):
    e = make_everywhere(cast)
    invitations, responses = rgpd.describe(e.helene)
    assert (invitations.count, responses.count) == (1, 1)
    rgpd.erase(e.helene)
    assert list(Invitation.objects.values_list("person", flat=True)) == [e.bob.pk]
    hers = Response.objects.get(pk=e.responses[e.helene.pk].pk)
    assert hers.person is None
    assert hers.answers.get().text == (
        "Un tiers-lieu. Écrivez-moi : personne effacée (personne effacée)"
    )
    bobs = Response.objects.get(pk=e.responses[e.bob.pk].pk)
    assert bobs.person == e.bob and bobs.answers.get().text == "Une monnaie locale, Bob Durand"
