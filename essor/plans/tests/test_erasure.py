"""Right to erasure in action plans: pilots, field history, comments, reorientations."""

from essor.organisations.tests.erasure_data import make_everywhere
from essor.plans import rgpd


def test_erasing_removes_the_pilot_and_the_name_from_history_and_comments(cast):
    e = make_everywhere(cast)
    pilots, texts, changes, written, mentioning = rgpd.describe(e.helene)
    assert pilots.count == 2 and "dont 1 dans un plan validé" in pilots.text
    assert (texts.count, changes.count, written.count, mentioning.count) == (1, 1, 2, 2)
    rgpd.erase(e.helene)
    assert list(e.action.pilot_people.all()) == [e.bob]
    e.action.refresh_from_db()
    assert e.action.description == "Proposée par personne effacée"
    assert list(e.frozen_action.pilot_people.all()) == [e.bob]
    change = e.action.changes.get(field="pilot_people")
    assert (change.old_value, change.new_value) == ("", "Bob Durand, personne effacée")
    e.comment.refresh_from_db()
    e.reorientation.refresh_from_db()
    e.bob_comment.refresh_from_db()
    assert e.comment.author is None and e.comment.text == "Je m'en occupe. personne effacée"
    assert e.reorientation.proposed_by is None
    assert e.reorientation.proposal == "Élargir le club (contact : personne effacée)"
    assert e.bob_comment.author == cast.facilitator and e.bob_comment.text == "Vu avec Bob Durand"


def test_a_person_without_account_keeps_other_authors(cast):
    e = make_everywhere(cast)
    e.helene.user = None
    e.helene.save()
    assert rgpd.describe(e.helene)[3].count == 0
    rgpd.erase(e.helene)
    e.comment.refresh_from_db()
    assert e.comment.author == cast.committee_member  # the account is not hers any more
    assert e.comment.text == "Je m'en occupe. personne effacée"
