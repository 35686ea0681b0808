"""Joining a workshop by its code, and the participant's cookie."""

from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from essor.participation.models import Participant, hash_token
from essor.participation.permissions import COOKIE_NAME
from essor.workshops.services import create_workshop


def test_join_form_redirects_to_the_workshop_ignoring_case_and_spaces(client, workshop):
    code = workshop.join_code
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    response = client.get(reverse("participation:join"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/participer/{code}/"


def test_unknown_code_gets_a_french_message_at_the_field(client, workshop):
    response = client.get(reverse("participation:join"), {"code": "zzzzzz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun atelier n’a le code «\u00a0ZZZZZZ\u00a0»" in html
    assert 'class="form-field field-error"' in html


def test_unknown_code_in_the_address_is_a_404_page_with_a_link_back(client, workshop):
    response = client.get("/participer/ZZZZZZ/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Code d’atelier inconnu" in html
    assert 'href="/participer/"' in html


def test_lower_case_address_redirects_to_the_canonical_one(client, workshop):
    response = client.get(f"/participer/{workshop.join_code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/participer/{workshop.join_code}/"


def test_first_visit_asks_who_you_are_and_creates_nobody(client, workshop):
    response = client.get(f"/participer/{workshop.join_code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Atelier acteurs" in html
    assert "Quels freins ?" in html
    assert "Votre nom ou un pseudonyme (facultatif)" in html
    assert not Participant.objects.exists()


def test_joining_creates_a_participant_and_a_scoped_signed_httponly_cookie(client, cast, workshop):
    from essor.organisations.models import Organisation, OrganisationKind

    organisation = Organisation.objects.create(
        workspace=cast.workspace, name="Coopérative Solidaire", kind=OrganisationKind.ESS
    )
    cast.process.organisations.add(organisation)
    response = client.post(
        f"/participer/{workshop.join_code}/", {"name": " Lou ", "organisation": organisation.pk}
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.workshop, participant.name) == (workshop, "Lou")
    assert participant.organisation == organisation
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == f"/participer/{workshop.join_code}/"
    # Signed; the database keeps only the hash of the token the cookie carries.
    request = HttpRequest()
    request.COOKIES[COOKIE_NAME] = cookie.value
    token = request.get_signed_cookie(COOKIE_NAME, salt=f"essor.participation.{workshop.join_code}")
    assert participant.token_hash == hash_token(token) != token
    assert not Participant.objects.filter(token_hash=token).exists()
    page = client.get(f"/participer/{workshop.join_code}/")
    assert "Ajouter mon idée" in page.content.decode()
    assert Participant.objects.count() == 1  # the next visits are the same person


def test_organisation_outside_the_process_directory_is_refused(client, workshop):
    from essor.organisations.models import Organisation, OrganisationKind

    elsewhere = Organisation.objects.create(
        workspace=workshop.process.workspace, name="Ailleurs SA", kind=OrganisationKind.BUSINESS
    )
    response = client.post(
        f"/participer/{workshop.join_code}/", {"name": "Lou", "organisation": elsewhere.pk}
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Participant.objects.exists()


def test_forged_token_is_a_new_participant(client, workshop, participant):
    client.cookies[COOKIE_NAME] = participant.token  # the bare token, not signed
    page = client.get(f"/participer/{workshop.join_code}/")
    assert "Votre nom ou un pseudonyme" in page.content.decode()  # asked to join again
    forged = signing.get_cookie_signer(salt=COOKIE_NAME + "essor.participation.999").sign(
        participant.token
    )
    client.cookies[COOKIE_NAME] = forged
    page = client.get(f"/participer/{workshop.join_code}/")
    assert "Votre nom ou un pseudonyme" in page.content.decode()


def test_cookie_of_another_workshop_is_never_someone_else(client, cast, workshop, ideas):
    other = create_workshop(process=cast.process, title="Atelier services")
    client.post(f"/participer/{other.join_code}/", {"name": "Max"})
    max_ = Participant.objects.get(name="Max")
    # Replay Max's cookie, signed for the other workshop, on this workshop's pages.
    client.cookies[COOKIE_NAME] = client.cookies[COOKIE_NAME].value
    client.cookies[COOKIE_NAME]["path"] = "/"
    page = client.get(f"/participer/{workshop.join_code}/")
    assert "Votre nom ou un pseudonyme" in page.content.decode()
    response = client.post(
        reverse("participation:add_idea", args=[workshop.join_code]), {"text": "Idée"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/participer/{workshop.join_code}/"
    assert not max_.contributions.exists()
    assert not workshop.contributions.filter(text="Idée").exists()


def test_unknown_codes_are_rate_limited_with_a_french_429(client, workshop):
    for attempt in range(30):
        response = client.get(reverse("participation:join"), {"code": f"AAA{attempt:03d}"})
        assert response.status_code == 200
    response = client.get(reverse("participation:join"), {"code": "AAA999"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert client.get("/participer/ZZZZZZ/").status_code == 429
    # a right code still works: only failed guesses count
    response = client.get(reverse("participation:join"), {"code": workshop.join_code})
    assert response.status_code == 302


def test_joining_is_rate_limited_per_ip(client, workshop, monkeypatch):
    from essor.participation import views

    # A whole room shares the venue's Wi-Fi: the real limit is generous.
    assert views.RATES["join"] == "120/m"
    monkeypatch.setitem(views.RATES, "join", "3/m")
    for _ in range(3):
        client.cookies.clear()
        assert client.post(f"/participer/{workshop.join_code}/").status_code == 302
    client.cookies.clear()
    response = client.post(f"/participer/{workshop.join_code}/")
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert Participant.objects.count() == 3


def test_ping_is_a_trivial_view(client, db):
    response = client.get(reverse("participation:ping"))
    assert response.content == b"ok"
