"""403, 404 and 500 pages: French, inside the site's layout, with a way back; the 500 page
renders without the database; in development (DEBUG) the styled 404 is shown too."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied, server_error


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_404_is_french_in_the_layout_with_a_way_back(client, settings):
    settings.DEBUG = False
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = _page(response)
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html
    assert 'class="site-header"' in html  # the site's layout
    assert f'href="{reverse("core:home")}"' in html
    assert "Retour à l’accueil" in html


def test_404_raised_by_a_view_uses_the_page(client_as, cast, settings):
    settings.DEBUG = False
    response = client_as("facilitator").get(reverse("processes:detail", args=[987654]))
    assert response.status_code == 404
    assert "Page introuvable" in _page(response)


def test_403_is_french_in_the_layout_with_a_way_back(client_as, settings):
    settings.DEBUG = False
    response = client_as("contributor").get(reverse("organisations:list"))
    assert response.status_code == 403
    html = _page(response)
    assert "Accès refusé" in html
    assert 'class="site-header"' in html
    assert "Retour à l’accueil" in html


def test_403_handler_view_renders_the_page(rf_user_request):
    response = permission_denied(rf_user_request, PermissionError())
    assert response.status_code == 403
    assert "Accès refusé" in _page(response)


def test_500_renders_without_the_database_nor_a_request_context(settings):
    settings.DEBUG = False
    # No django_db mark: pytest-django refuses any query, as a database that is down would.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = _page(response)
    assert '<html lang="fr">' in html
    assert "Erreur du serveur" in html
    assert 'class="site-header"' in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_debug_run_shows_the_styled_404_not_the_technical_page(client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_404 = False
    for url in ("/nulle-part/", reverse("processes:detail", args=[987654])):
        response = client.get(url)
        assert response.status_code == 404
        html = _page(response)
        assert "Page introuvable" in html
        assert "URLconf" not in html  # Django's technical page lists the URL patterns


@pytest.mark.django_db
def test_technical_404_can_be_asked_for_in_development(client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_404 = True
    html = _page(client.get("/nulle-part/"))
    assert "URLconf" in html


@pytest.mark.django_db
def test_styled_404_keeps_the_missing_slash_redirect(client, settings):
    settings.DEBUG = True
    response = client.get("/demarches")
    assert response.status_code == 301
    assert response["Location"].endswith("/demarches/")


@pytest.fixture
def rf_user_request(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/quelque-part/")
    request.user = AnonymousUser()
    return request
