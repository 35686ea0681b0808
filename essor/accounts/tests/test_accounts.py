import re

import pytest
from django.core import mail

from conftest import PASSWORD, ROLES


def test_login_by_email_case_insensitive(client, cast):
    response = client.post(
        "/comptes/connexion/", {"username": "Animatrice@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/comptes/profil/").status_code == 200


def test_login_wrong_password_gives_french_message(client, cast):
    response = client.post(
        "/comptes/connexion/", {"username": "animatrice@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_password_reset_flow_by_email(client, cast):
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "animatrice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+)", body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    new_password = "un-nouveau-mot-de-passe-42"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert client.login(username="animatrice@example.org", password=new_password)


def test_password_reset_unknown_email_sends_nothing(client, cast):
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("role", ROLES)
def test_profile_for_every_role(client_as, role):
    response = client_as(role).get("/comptes/profil/")
    if role == "anonymous":
        assert response.status_code == 302
        assert "/comptes/connexion/" in response["Location"]
    else:
        assert response.status_code == 200


def test_profile_update_escapes_name(client_as, cast):
    client = client_as("contributor")
    client.post("/comptes/profil/", {"full_name": "<script>alert(1)</script>"})
    cast.contributor.refresh_from_db()
    assert cast.contributor.full_name == "<script>alert(1)</script>"
    html = client.get("/comptes/profil/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
