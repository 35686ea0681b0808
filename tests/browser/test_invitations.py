"""Invite people to a workshop, answer from the e-mail on a phone without an account, take
attendance, print the sheet and read the mobilisation dashboard, in Chromium."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login

LINK = re.compile(r"https?://\S+/demarches/invitation/[A-Za-z0-9_-]+/")


@pytest.fixture
def workshop(cast, settings, live_server):
    from essor.meetings.models import Meeting, MeetingKind
    from essor.organisations.models import Organisation, Person
    from essor.territories.models import Territory

    settings.SITE_URL = live_server.url  # the answer links point at the test server
    cache.clear()  # rate limits of the answer link
    process = cast.process
    poitiers = Territory.objects.get(code="86194")
    asso = Organisation.objects.create(
        workspace=cast.workspace,
        name="Recyclerie du Clain",
        kind="ess",
        ess_family="association",
        commune=poitiers,
    )
    department = Organisation.objects.create(
        workspace=cast.workspace, name="Direction de l'économie", kind="department"
    )
    garage = Organisation.objects.create(
        workspace=cast.workspace, name="Garage Dupont", kind="business"
    )
    process.organisations.add(asso, department, garage)
    ws = cast.workspace
    people = [
        Person.objects.create(workspace=ws, first_name="Zoé", last_name="Bernard",
                              email="zoe@example.org", organisation=asso),
        Person.objects.create(workspace=ws, first_name="Yann", last_name="Petit",
                              email="yann@example.org", organisation=department),
        Person.objects.create(workspace=ws, first_name="Xavier", last_name="Roux",
                              email="xavier@example.org", organisation=garage),
    ]  # fmt: skip
    meeting = Meeting.objects.create(
        process=process, kind=MeetingKind.WORKSHOP, title="Atelier des acteurs de l'ESS",
        starts_at=timezone.now() + dt.timedelta(days=7), place="Maison des associations",
    )  # fmt: skip
    return meeting, people


def test_invite_answer_attend_and_see_the_mobilisation(browser, page, phone_page, workshop):
    meeting, _people = workshop
    pid, mid = meeting.process_id, meeting.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/calendrier/{mid}/")
    page.get_by_role("link", name="Inviter des personnes").click()
    assert page.get_by_role("heading", name=re.compile("Inviter des personnes à")).is_visible()
    assert_accessible(page)
    for label in ("Bernard Zoé (Recyclerie du Clain)", "Petit Yann (Direction de l'économie)",
                  "Roux Xavier (Garage Dupont)"):  # fmt: skip
        page.get_by_label(label).check()
    page.get_by_role("button", name="Voir l’aperçu de l’e-mail").click()
    assert page.get_by_role("heading", name="3 personnes recevront l’e-mail").is_visible()
    assert page.get_by_text("Bonjour Zoé Bernard,").is_visible()
    assert mail.outbox == []
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer les invitations").click()
    # The e-mails go from background work: its page shows the progress bar and the count.
    page.get_by_role("heading", name="Envoi des invitations").wait_for()
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert page.get_by_text("3 invitations envoyées.").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("link", name="Inviter des personnes").wait_for()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "xavier@example.org", "yann@example.org", "zoe@example.org",
    ]  # fmt: skip

    # Zoé opens the link of her e-mail on her own device: no account, no login.
    zoe_mail = next(m for m in mail.outbox if m.to == ["zoe@example.org"])
    link = LINK.search(zoe_mail.body).group(0)
    guest = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 375, "height": 740},
        is_mobile=True, has_touch=True,
    )  # fmt: skip
    try:
        answer = guest.new_page()
        answer.goto(link)
        assert answer.get_by_role("heading", name=re.compile("Invitation : Atelier")).is_visible()
        assert answer.get_by_text("Vous n’avez pas encore répondu.").is_visible()
        assert_no_horizontal_overflow(answer)
        assert_accessible(answer)
        answer.get_by_role("button", name="Je viendrai", exact=True).click()
        assert answer.get_by_text("Merci, votre réponse est enregistrée.").is_visible()
        assert answer.get_by_text("Viendra", exact=True).is_visible()
        assert_accessible(answer)
    finally:
        guest.close()

    # Before the day, nobody can be ticked present.
    page.goto(f"/demarches/{pid}/calendrier/{mid}/")
    assert page.get_by_text("Envoyé par e-mail le").first.is_visible()
    assert page.get_by_label("Excusé : Zoé Bernard").is_visible()
    assert page.get_by_label("Présent : Zoé Bernard").count() == 0
    # Xavier's e-mail went to a shared mailbox: his link is revoked, Zoé's stays.
    xavier_mail = next(m for m in mail.outbox if m.to == ["xavier@example.org"])
    xavier_link = LINK.search(xavier_mail.body).group(0)
    page.get_by_role("button", name="Révoquer le lien : Xavier Roux").click()
    assert page.get_by_text("Le lien de réponse de Xavier Roux ne fonctionne plus").is_visible()
    assert page.get_by_role("button", name="Révoquer le lien : Xavier Roux").count() == 0
    assert page.get_by_role("button", name="Révoquer le lien : Zoé Bernard").is_visible()
    assert_accessible(page)
    assert page.request.get(xavier_link).status == 404
    assert page.request.get(link).ok

    # On the day (the meeting has begun): tick who came, print the attendance sheet.
    type(meeting).objects.filter(pk=mid).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    page.goto(f"/demarches/{pid}/calendrier/{mid}/")
    page.get_by_label("Présent : Zoé Bernard").check()
    page.get_by_label("Présent : Yann Petit").check()
    page.get_by_label("Absent : Xavier Roux").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    assert page.get_by_text("Les présences ont été enregistrées.").is_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Feuille d’émargement (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The mobilisation dashboard shows the figures, with their tables.
    page.get_by_role("link", name="Mobilisation", exact=True).click()
    assert page.get_by_role("heading", name="Mobilisation", level=1).is_visible()
    row = page.get_by_role("row", name=re.compile("Atelier des acteurs"))
    cells = row.get_by_role("cell").all_inner_texts()
    # Expected 3, invited 2 (Xavier's link was revoked: he is to be invited again).
    assert cells[:8] == ["3", "2", "1", "0", "2", "0", "1", "67 %"]
    kinds = page.get_by_role("table", name=re.compile("par type d’organisation"))
    assert kinds.get_by_role("row", name=re.compile("^ESS : associations")).get_by_role(
        "cell"
    ).all_inner_texts() == ["1", "1", "1", "1"]  # Zoé came to this last meeting held
    assert_accessible(page)

    login(phone_page, "animatrice@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{pid}/mobilisation/")
    assert phone_page.get_by_role("heading", name="Mobilisation", level=1).is_visible()
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)
