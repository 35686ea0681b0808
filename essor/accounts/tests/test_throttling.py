"""Login (site and admin) and password reset throttling, password change, idle timeout."""

import time

import pytest
from django.core import mail

from conftest import PASSWORD
from essor.core.middleware import IdleSessionTimeoutMiddleware

LOGIN = "/comptes/connexion/"
ADMIN_LOGIN = "/admin/login/"
RESET = "/comptes/mot-de-passe/oubli/"


def _fail(client, url=LOGIN, email="animatrice@example.org", times=1, **extra):
    for _ in range(times):
        response = client.post(url, {"username": email, "password": "wrong"}, **extra)
    return response


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_account_with_a_french_429(client, cast):
    assert _fail(client, times=5).status_code == 200
    response = client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert not _is_logged_in(client)


def test_account_lock_applies_from_another_address_but_not_to_other_accounts(client, cast):
    _fail(client, times=5, REMOTE_ADDR="10.0.0.1")
    locked = client.post(
        LOGIN,
        {"username": "Animatrice@Example.org", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert locked.status_code == 429
    other = client.post(
        LOGIN, {"username": "copil@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 302
    assert _is_logged_in(client)


def test_success_before_the_limit_clears_the_account_counter(client, cast):
    _fail(client, times=4)
    assert client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    client.logout()
    _fail(client, times=4)
    response = client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_lock_is_temporary(client, cast, settings):
    # A lock lasts LOGIN_LOCK_MINUTES from the first failure; with a window of 0
    # minutes the cache entry expires at once: nobody can lock an account for good.
    settings.LOGIN_LOCK_MINUTES = 0
    _fail(client, times=6)
    response = client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_failures_from_one_address_on_many_accounts_lock_that_address(client, cast, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        _fail(client, email=f"personne{n}@example.org", REMOTE_ADDR="10.0.0.9")
    blocked = client.post(
        LOGIN, {"username": "copil@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert blocked.status_code == 429
    assert not _is_logged_in(client)
    elsewhere = client.post(
        LOGIN, {"username": "copil@example.org", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert elsewhere.status_code == 302


def test_admin_login_is_throttled_too(client, cast):
    assert _fail(client, url=ADMIN_LOGIN, email="admin@example.org", times=5).status_code == 200
    response = client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert not _is_logged_in(client)
    # The site and the admin share the counter: the site login is locked as well.
    assert (
        client.post(LOGIN, {"username": "admin@example.org", "password": PASSWORD}).status_code
        == 429
    )


def test_admin_login_still_works(client, cast):
    response = client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert _is_logged_in(client)


def test_reset_sends_one_mail_per_address_per_window(client, cast):
    for _ in range(3):
        response = client.post(RESET, {"email": "animatrice@example.org"})
        assert response.status_code == 302
        assert response["Location"] == "/comptes/mot-de-passe/oubli/envoye/"
    assert len(mail.outbox) == 1


def test_reset_window_ends(client, cast, settings):
    settings.PASSWORD_RESET_MINUTES = 0
    client.post(RESET, {"email": "animatrice@example.org"})
    client.post(RESET, {"email": "animatrice@example.org"})
    assert len(mail.outbox) == 2


def test_reset_limited_per_client_address_with_the_same_answer(client, cast, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 2
    for email in ("inconnu@example.org", "copil@example.org"):
        client.post(RESET, {"email": email}, REMOTE_ADDR="10.0.0.3")
    assert len(mail.outbox) == 1
    response = client.post(RESET, {"email": "animatrice@example.org"}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/mot-de-passe/oubli/envoye/"
    assert len(mail.outbox) == 1
    client.post(RESET, {"email": "animatrice@example.org"}, REMOTE_ADDR="10.0.0.4")
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("role", ["facilitator", "contributor", "outsider"])
def test_logged_in_user_changes_password(client_as, cast, role):
    client = client_as(role)
    page = client.get("/comptes/profil/")
    assert "/comptes/mot-de-passe/modifier/" in page.content.decode()
    assert client.get("/comptes/mot-de-passe/modifier/").status_code == 200
    response = client.post(
        "/comptes/mot-de-passe/modifier/",
        {
            "old_password": PASSWORD,
            "new_password1": "un-nouveau-secret-93",
            "new_password2": "un-nouveau-secret-93",
        },
    )
    assert response.status_code == 302
    user = cast.user(role)
    user.refresh_from_db()
    assert user.check_password("un-nouveau-secret-93")
    assert client.get("/comptes/profil/").status_code == 200  # still signed in


def test_password_change_refuses_a_wrong_old_password(client_as, cast):
    client = client_as("contributor")
    response = client.post(
        "/comptes/mot-de-passe/modifier/",
        {
            "old_password": "pas-le-bon",
            "new_password1": "un-nouveau-secret-93",
            "new_password2": "un-nouveau-secret-93",
        },
    )
    assert response.status_code == 200
    assert "ancien mot de passe est incorrect" in response.content.decode()
    cast.contributor.refresh_from_db()
    assert cast.contributor.check_password(PASSWORD)


def test_password_change_needs_login(client, cast):
    response = client.get("/comptes/mot-de-passe/modifier/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")


def _last_seen(client, minutes_ago: int):
    session = client.session
    session[IdleSessionTimeoutMiddleware.KEY] = int(time.time()) - minutes_ago * 60
    session.save()


def test_idle_session_is_signed_out(client_as, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = client_as("facilitator")
    _last_seen(client, 31)
    response = client.get("/comptes/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")
    assert not _is_logged_in(client)
    assert "session avait expiré" in client.get(response["Location"]).content.decode()


def test_active_session_stays_signed_in(client_as, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = client_as("facilitator")
    _last_seen(client, 29)
    assert client.get("/comptes/profil/").status_code == 200
    # The request counts as activity: the clock restarts from now.
    assert client.session[IdleSessionTimeoutMiddleware.KEY] > int(time.time()) - 60


def test_login_starts_the_idle_clock(client, cast):
    client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    assert client.session[IdleSessionTimeoutMiddleware.KEY] > int(time.time()) - 60


def test_a_browser_known_to_the_account_is_not_held_by_its_lock(client, cast):
    from django.test import Client

    assert client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    client.post("/comptes/deconnexion/")  # the browser keeps its cookies (not client.logout())
    assert not _is_logged_in(client)
    # Someone else fails five times on purpose, from another address.
    _fail(Client(), times=5, REMOTE_ADDR="10.6.6.6")
    stranger = Client().post(
        LOGIN, {"username": "animatrice@example.org", "password": PASSWORD}, REMOTE_ADDR="10.7.7.7"
    )
    assert stranger.status_code == 429
    # The user's usual browser still logs in.
    response = client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert _is_logged_in(client)


def test_the_known_browser_cookie_is_for_one_account_only(client, cast):
    client.post(LOGIN, {"username": "copil@example.org", "password": PASSWORD})
    client.post("/comptes/deconnexion/")
    _fail(client, email="animatrice@example.org", times=5)
    response = client.post(LOGIN, {"username": "animatrice@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_admin_login_marks_the_browser_as_known(client, cast):
    client.post(ADMIN_LOGIN, {"username": "admin@example.org", "password": PASSWORD})
    assert "essor_device" in client.cookies
