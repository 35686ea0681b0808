"""sitemap.xml lists only what is published and shown; robots.txt keeps crawlers to it."""

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from essor.portal.models import PortalSettings

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(client):
    response = client.get(reverse("portal:sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {loc.text for loc in root.iter(f"{NS}loc")}


def test_sitemap_lists_the_public_pages_of_published_processes_only(client, public, cast):
    site = "http://127.0.0.1:8000"
    pk = public.process.pk
    assert _locations(client) == {
        f"{site}/",
        f"{site}{reverse('portal:process', args=[pk])}",
        f"{site}{reverse('portal:calendar', args=[pk])}",
        f"{site}{reverse('plans:public', args=[pk])}",
        f"{site}{reverse('observatory:page', args=[pk])}",
    }
    PortalSettings.objects.create(process=public.process, show_roadmap=False, show_calendar=False)
    assert _locations(client) == {
        f"{site}/",
        f"{site}{reverse('portal:process', args=[pk])}",
        f"{site}{reverse('observatory:page', args=[pk])}",
    }
    public.process.is_published = False
    public.process.save()
    assert _locations(client) == {f"{site}/"}


def test_robots_allow_the_public_pages_and_point_at_the_sitemap(client):
    response = client.get(reverse("portal:robots"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    for prefix in ("/admin/", "/comptes/", "/taches/"):
        assert f"Disallow: {prefix}" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    assert reverse("portal:robots") == "/robots.txt"


def test_every_public_page_has_its_open_graph_tags(client, public):
    pk = public.process.pk
    PortalSettings.objects.create(process=public.process, show_themes=True, show_contributions=True)
    pages = [reverse("core:home")] + [
        reverse(name, args=[pk])
        for name in ("portal:process", "portal:calendar", "portal:contributions", "plans:public",
                     "observatory:page", "observatory:organisations")
    ]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for tag in ("og:title", "og:description", "og:type"):
            assert f'<meta property="{tag}" content="' in html, (url, tag)
        assert f'<meta property="og:url" content="http://127.0.0.1:8000{url}">' in html, url
    html = client.get(reverse("plans:public", args=[pk])).content.decode()
    assert 'content="Feuille de route — Plan ESS du Grand Poitiers"' in html
