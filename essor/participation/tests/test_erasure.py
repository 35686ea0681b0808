"""Right to erasure: workshop participants who typed the person's full name lose it."""

import datetime as dt

from essor.contributions.models import Contribution
from essor.organisations.tests.erasure_data import make_everywhere
from essor.participation import rgpd
from essor.participation.models import Participant
from essor.participation.services import join_workshop
from essor.workshops.services import create_workshop


def test_participants_named_like_the_person_become_anonymous_in_her_workspace_only(cast):
    e = make_everywhere(cast)
    elsewhere = create_workshop(
        process=cast.elsewhere_process, title="Atelier voisin", date=dt.date(2026, 6, 4),
        questions=["Besoins ?"],
    )  # fmt: skip
    homonym = join_workshop(elsewhere, name="Hélène Dupré")
    [effect] = rgpd.describe(e.helene)
    assert effect.count == 1
    rgpd.erase(e.helene)
    names = dict(Participant.objects.values_list("pk", "name"))
    assert names[e.participant.pk] == ""
    assert names[e.first_name_only.pk] == "Hélène"  # a first name alone is nobody in particular
    assert names[e.bob_participant.pk] == "Bob Durand"
    assert names[homonym.pk] == "Hélène Dupré"
    # What they said stays theirs, anonymous now.
    assert Contribution.objects.get(pk=e.said.pk).participant_id == e.participant.pk
