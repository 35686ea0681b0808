import re

from django.core import mail

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_login_logout_and_profile_are_accessible(page, cast):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Se connecter").click()
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("animatrice@example.org")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Adresse e-mail ou mot de passe incorrect").is_visible()
    assert_accessible(page)
    login(page, "animatrice@example.org", PASSWORD)
    page.get_by_role("link", name="Fanny").click()
    assert page.get_by_role("heading", name="Mon compte").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Se déconnecter").click()
    assert page.get_by_role("link", name="Se connecter").is_visible()


def test_password_reset_by_email(page, cast):
    page.goto("/comptes/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("animatrice@example.org")
    page.get_by_role("button", name="Envoyer le lien").click()
    assert page.get_by_role("heading", name="E-mail envoyé").is_visible()
    assert_accessible(page)
    link = re.search(r"https?://\S+/comptes/mot-de-passe/nouveau/\S+", mail.outbox[0].body)
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("un-autre-mot-de-passe-77")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("un-autre-mot-de-passe-77")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert page.get_by_role("heading", name="Mot de passe modifié").is_visible()
    login(page, "animatrice@example.org", "un-autre-mot-de-passe-77")


def test_keyboard_skip_link_and_language_switch(page, cast):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Aller au contenu principal" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def test_home_fits_a_phone(phone_page, cast):
    phone_page.goto("/")
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)


def test_password_change_from_my_account(page, cast):
    login(page, "animatrice@example.org", PASSWORD)
    page.get_by_role("link", name="Fanny").click()
    page.get_by_role("link", name="Changer mon mot de passe").click()
    assert page.get_by_role("heading", name="Changer mon mot de passe").is_visible()
    assert_accessible(page)
    page.get_by_label("Ancien mot de passe").fill("mauvais")
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("encore-un-secret-58")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("encore-un-secret-58")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert page.get_by_text("ancien mot de passe est incorrect").is_visible()
    assert_accessible(page)
    page.get_by_label("Ancien mot de passe").fill(PASSWORD)
    page.get_by_label(re.compile(r"^Nouveau mot de passe")).fill("encore-un-secret-58")
    page.get_by_label("Confirmation du nouveau mot de passe").fill("encore-un-secret-58")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    assert page.get_by_role("heading", name="Mot de passe modifié").is_visible()
    assert_accessible(page)


def test_throttled_login_page_is_accessible(page, cast):
    page.goto("/comptes/connexion/")
    for _ in range(6):
        page.get_by_label("Adresse e-mail").fill("animatrice@example.org")
        page.get_by_label("Mot de passe").fill("mauvais")
        page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Trop de tentatives infructueuses").is_visible()
    assert_accessible(page)


def test_a_user_downloads_their_data_then_deletes_their_account_on_a_phone(phone_page, cast):
    import json

    from django.contrib.auth import get_user_model

    page = phone_page
    login(page, "contrib@example.org", PASSWORD)
    page.goto("/comptes/profil/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    with open(info.value.path(), encoding="utf-8") as handle:
        assert json.load(handle)["account"]["email"] == "contrib@example.org"
    page.get_by_role("link", name="Supprimer mon compte").click()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    page.get_by_label("Votre mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert page.get_by_text("Ce n’est pas votre mot de passe.").is_visible()
    assert_accessible(page)
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.get_by_text("Votre compte a été supprimé.").wait_for()
    assert_accessible(page)
    assert not get_user_model().objects.filter(email="contrib@example.org").exists()
