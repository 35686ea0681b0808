"""Right to erasure: the person's seats in governance bodies."""

from essor.bodies import rgpd
from essor.bodies.models import BodyMember
from essor.organisations.tests.erasure_data import make_everywhere


def test_erasing_deletes_the_persons_seats_only(cast):
    e = make_everywhere(cast)
    [effect] = rgpd.describe(e.helene)
    assert (effect.count, effect.processes) == (1, ((cast.process.pk, cast.process.title),))
    rgpd.erase(e.helene)
    assert not BodyMember.objects.filter(person=e.helene).exists()
    assert list(BodyMember.objects.values_list("person", flat=True)) == [e.bob.pk]
    assert rgpd.describe(e.helene)[0].count == 0
