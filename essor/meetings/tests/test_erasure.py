"""Right to erasure: the person's places on meeting lists, and their name in meetings' texts."""

from essor.meetings import rgpd
from essor.meetings.models import Attendance, Meeting
from essor.organisations.tests.erasure_data import make_everywhere


def test_erasing_deletes_attendances_and_replaces_the_name_in_the_minutes(cast):
    e = make_everywhere(cast)
    other = Meeting.objects.create(
        process=cast.elsewhere_process, title="Réunion voisine", starts_at=e.meeting.starts_at,
        minutes="<p>Hélène Dupré, homonyme d’un autre espace</p>",
    )  # fmt: skip
    attendances, mentions = rgpd.describe(e.helene)
    assert (attendances.count, mentions.count) == (1, 1)
    rgpd.erase(e.helene)
    assert list(Attendance.objects.values_list("person", flat=True)) == [e.bob.pk]
    e.meeting.refresh_from_db()
    assert e.meeting.minutes == "<p>Présents : personne effacée, Bob Durand.</p>"
    other.refresh_from_db()  # another workspace's directory is not this one's to erase
    assert other.minutes == "<p>Hélène Dupré, homonyme d’un autre espace</p>"
