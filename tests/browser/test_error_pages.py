"""The 403, 404 and 500 pages in real Chromium: axe-clean, French, with a way back home."""

from django.test import RequestFactory
from django.views.defaults import server_error

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, login


def test_404_page_is_accessible_and_leads_back_home(page, db):
    response = page.goto("/cette-page-n-existe-pas/")
    assert response.status == 404
    page.get_by_role("heading", name="Page introuvable", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Retour à l’accueil").click()
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2)


def test_403_page_is_accessible(page, cast):
    login(page, "contrib@example.org", PASSWORD)
    response = page.goto("/organisations/")
    assert response.status == 403
    page.get_by_role("heading", name="Accès refusé", level=1).wait_for()
    assert_accessible(page)


def test_500_page_is_accessible(page, live_server):
    html = server_error(RequestFactory().get("/")).content.decode()
    # Served at an address of the live server so that its stylesheet loads as in production.
    page.route(
        "**/erreur-serveur/",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )
    page.goto("/erreur-serveur/")
    page.get_by_role("heading", name="Erreur du serveur", level=1).wait_for()
    assert_accessible(page)
    assert page.get_by_role("link", name="Retour à l’accueil").get_attribute("href") == "/"
