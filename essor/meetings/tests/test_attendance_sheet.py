"""The printable attendance sheet (PDF), the attendance CSV and the personal data export."""

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from essor.meetings.models import Attendance
from essor.meetings.rgpd import person_data
from essor.meetings.sheet import attendance_csv, attendance_sheet_pdf
from essor.organisations.models import Person
from essor.organisations.services import erase_person


def _people(gov):
    meeting = gov.meeting
    gov.bob.last_name, gov.bob.first_name = "Durand", "Bob"
    gov.bob.save()
    Attendance.objects.create(meeting=meeting, person=gov.bob)
    carl = Person.objects.create(
        workspace=gov.process.workspace, first_name="Carl", last_name="Abbott"
    )
    Attendance.objects.create(meeting=meeting, person=carl)
    excused = Person.objects.create(
        workspace=gov.process.workspace, first_name="Eve", last_name="Excused"
    )
    Attendance.objects.create(meeting=meeting, person=excused, status="excused")
    return meeting


def test_pdf_lists_expected_names_sorted_with_signature_column(gov):
    meeting = _people(gov)
    pdf = attendance_sheet_pdf(meeting, compress=False)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4
    for text in (b"ABBOTT Carl", b"DURAND Bob", b"MARTIN Alice", b"Recyclerie du Clain",
                 b"Signature", b"COPIL n", b"heure de Paris", b"Feuille d"):  # fmt: skip
        assert text in pdf, text
    assert b"EXCUSED Eve" not in pdf  # excused people do not sign
    assert pdf.index(b"ABBOTT Carl") < pdf.index(b"DURAND Bob") < pdf.index(b"MARTIN Alice")
    # 15 h in Paris (14:00 UTC+1 stored as 13:00 UTC): the sheet shows Paris time.
    assert b"14:00" in pdf and b"16:00" in pdf


def test_pdf_view_is_a_download(client_as, gov):
    url = reverse("meetings:attendance_sheet", args=[gov.process.pk, gov.meeting.pk])
    response = client_as("facilitator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="emargement-copil-n1.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_pdf_escapes_markup_in_names(gov):
    Person.objects.filter(pk=gov.alice.pk).update(first_name="<b>Alice</b> & co")
    pdf = attendance_sheet_pdf(gov.meeting, compress=False)
    # The tags are printed as text (not turned into bold), the ampersand too.
    assert b"(MARTIN <) Tj (b) Tj (>) Tj (Alice) Tj (<) Tj (/b) Tj (> & co) Tj" in pdf


def test_csv_has_every_person_with_invitation_answer_and_status(client_as, gov):
    meeting = _people(gov)
    Attendance.objects.filter(person=gov.alice).update(
        invited_at=timezone.now(), response="yes", responded_at=timezone.now()
    )
    url = reverse("meetings:attendance_export", args=[gov.process.pk, meeting.pk])
    response = client_as("facilitator").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Nom", "Prénom", "Organisation", "Invité par e-mail le", "Réponse", "Répondu le",
        "Présences",
    ]  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["Abbott", "Durand", "Excused", "Martin"]
    martin = rows[4]
    assert martin[2] == "Recyclerie du Clain"
    assert martin[4] == "viendra" and martin[6] == "présent"
    assert martin[3] and martin[5]
    assert rows[3][6] == "excusé"


def test_csv_neutralises_formulas(gov):
    Person.objects.filter(pk=gov.alice.pk).update(last_name='=HYPERLINK("x")')
    data = attendance_csv(gov.meeting)
    assert b"'=HYPERLINK" in data


def test_csv_bytes_have_bom_semicolons_and_french_moments(gov):
    moment = dt.datetime(2027, 3, 15, 9, 30, tzinfo=dt.UTC)  # 10:30 in Paris
    Attendance.objects.filter(person=gov.alice).update(invited_at=moment)
    data = attendance_csv(gov.meeting)
    assert data.startswith("\ufeffNom;Prénom;Organisation;".encode())
    assert data.endswith(b"\r\n")
    assert b";15/03/2027 10:30;" in data


def test_person_data_includes_invitation_and_answer(gov):
    Attendance.objects.filter(person=gov.alice).update(
        invited_at=timezone.now(), response="no", responded_at=timezone.now()
    )
    data = person_data(gov.alice)
    (entry,) = data["meeting_attendances"]
    assert entry["meeting"] == "COPIL n°1"
    assert entry["response"] == "no"
    assert entry["invited_at"] and entry["responded_at"]
    assert entry["status"] == "present"
    attendance = Attendance.objects.get(person=gov.alice)
    assert attendance.rsvp_token_hash not in str(data)


def test_erasing_a_person_deletes_invitations_and_their_links(client, gov):
    attendance = Attendance.objects.get(person=gov.alice)
    token = attendance.issue_rsvp_token()
    attendance.save()
    erase_person(gov.alice, actor=None)
    assert not Attendance.objects.filter(rsvp_token_hash=attendance.rsvp_token_hash).exists()
    assert client.get(reverse("meetings:rsvp", args=[token])).status_code == 404
