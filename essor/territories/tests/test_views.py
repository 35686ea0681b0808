"""Every territory page for every role of the cast, and bad inputs."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.territories.models import Territory, TerritoryKind

PAGES = [
    ("search", reverse("territories:search")),
    ("search-q", reverse("territories:search") + "?q=poitiers"),
    ("search-kind", reverse("territories:search") + "?q=poitiers&kind=commune"),
    ("suggest", reverse("territories:suggest") + "?q=poit"),
    ("detail-commune", reverse("territories:detail", args=["commune", "86194"])),
    ("detail-epci", reverse("territories:detail", args=["epci", "200069854"])),
    ("detail-departement", reverse("territories:detail", args=["departement", "86"])),
    ("detail-region", reverse("territories:detail", args=["region", "75"])),
]
MATRIX = [pytest.param(url, role, id=f"{name}-{role}") for name, url in PAGES for role in ROLES]


@pytest.mark.parametrize("url,role", MATRIX)
def test_territory_pages_are_public(client_as, url, role):
    assert client_as(role).get(url).status_code == 200


def test_search_page_lists_results_with_links(client_as):
    html = client_as("anonymous").get("/territoires/?q=POITIERS").content.decode()
    assert "<caption>Résultats de la recherche</caption>" in html
    assert 'href="/territoires/commune/86194/"' in html
    assert 'href="/territoires/epci/200069854/"' in html
    assert html.index("/territoires/commune/86194/") < html.index("/territoires/epci/200069854/")
    assert "2 territoires correspondent à «\u00a0POITIERS\u00a0»." in html
    assert "Vienne (86)" in html and "90 000" in html.replace("\xa0", " ")


def test_search_kind_filter_and_no_result(client_as):
    client = client_as("anonymous")
    html = client.get("/territoires/?q=poitiers&kind=epci").content.decode()
    assert "/territoires/epci/200069854/" in html and "/territoires/commune/86194/" not in html
    html = client.get("/territoires/?q=zzzz").content.decode()
    assert "Aucun territoire ne correspond à «\u00a0zzzz\u00a0»." in html
    assert "<table" not in html


def test_search_says_when_more_results_exist(client_as, cast):
    Territory.objects.bulk_create(
        Territory(kind=TerritoryKind.COMMUNE, code=f"860{n:02d}", name=f"Village {n}",
                  search_name=f"village {n}")
        for n in range(60)
    )  # fmt: skip
    html = client_as("anonymous").get("/territoires/?q=village").content.decode()
    assert "Plus de 50 territoires correspondent à «\u00a0village\u00a0»" in html
    assert html.count('<th scope="row">') == 50


def test_search_htmx_returns_a_fragment_with_the_status(client_as):
    response = client_as("contributor").get("/territoires/?q=poitiers", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="territory-status" hx-swap-oob="innerHTML"' in html
    assert "/territoires/commune/86194/" in html
    assert "HX-Request" in response["Vary"]
    restore = client_as("contributor").get(
        "/territoires/?q=poitiers", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 500},
        {"q": "poitiers", "kind": "planete"},
        {"q": "%_\\'\"<script>"},
        {"q": "\x00"},
    ],
)
def test_search_bad_input_is_not_an_error(client_as, params):
    response = client_as("anonymous").get("/territoires/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_search_too_long_query_explains(client_as):
    html = client_as("anonymous").get("/territoires/", {"q": "x" * 500}).content.decode()
    assert "au plus 100 caractères" in html


def test_suggestions_are_options_with_keys(client_as):
    html = client_as("anonymous").get("/territoires/suggestions/?q=poitiers").content.decode()
    assert '<option value="commune:86194">Poitiers (commune, 86194)</option>' in html
    assert '<option value="epci:200069854">CU du Grand Poitiers (EPCI, 200069854)</option>' in html
    only_communes = client_as("anonymous").get(
        "/territoires/suggestions/", {"q": "poitiers", "kind": ["commune", "nope"]}
    )
    assert "epci:" not in only_communes.content.decode()
    assert "commune:86194" in only_communes.content.decode()


@pytest.mark.parametrize("query", ["", "p", " p ", "x" * 500])
def test_suggestions_short_or_long_queries(client_as, query):
    response = client_as("anonymous").get("/territoires/suggestions/", {"q": query})
    assert response.status_code == 200
    assert "<option" not in response.content.decode()


def test_suggestions_are_limited_to_15(client_as, cast):
    Territory.objects.bulk_create(
        Territory(kind=TerritoryKind.COMMUNE, code=f"860{n:02d}", name=f"Village {n}",
                  search_name=f"village {n}")
        for n in range(30)
    )  # fmt: skip
    html = client_as("anonymous").get("/territoires/suggestions/?q=village").content.decode()
    assert html.count("<option") == 15


def test_epci_page_lists_members_parents_and_published_processes(client_as, cast):
    Territory.objects.filter(pk=cast.territory.pk).update(epci_nature="CU")
    url = reverse("territories:detail", args=["epci", "200069854"])
    html = client_as("anonymous").get(url).content.decode()
    assert "<h1>CU du Grand Poitiers</h1>" in html
    assert "Communes membres" in html and 'href="/territoires/commune/86194/"' in html
    assert 'href="/territoires/departement/86/"' in html
    assert 'href="/territoires/region/75/"' in html
    assert "communauté urbaine" in html
    assert "Plan ESS du Grand Poitiers" not in html  # not published yet
    cast.process.is_published = True
    cast.process.save()
    html = client_as("anonymous").get(url).content.decode()
    assert "Plan ESS du Grand Poitiers" in html
    # A process on the EPCI also shows on its communes' pages.
    commune = client_as("anonymous").get(reverse("territories:detail", args=["commune", "86194"]))
    assert "Plan ESS du Grand Poitiers" in commune.content.decode()
    assert 'href="/territoires/epci/200069854/"' in commune.content.decode()


def test_departement_and_region_pages_count_what_they_hold(client_as, cast):
    html = client_as("anonymous").get("/territoires/departement/86/").content.decode()
    assert 'href="/territoires/epci/200069854/"' in html
    assert "<dt>Communes</dt><dd>1</dd>" in html
    html = client_as("anonymous").get("/territoires/region/75/").content.decode()
    assert 'href="/territoires/departement/86/"' in html
    assert "<dt>Départements</dt><dd>1</dd>" in html


def test_country_page_lists_regions(client_as, cast):
    Territory.objects.create(kind=TerritoryKind.COUNTRY, code="FR", name="France")
    html = client_as("anonymous").get("/territoires/pays/FR/").content.decode()
    assert 'href="/territoires/region/75/"' in html


@pytest.mark.parametrize(
    "kind,code",
    [("planete", "86194"), ("commune", "99999"), ("epci", "86194"), ("commune", "x" * 500)],
)
def test_unknown_territory_is_404(client_as, kind, code):
    url = reverse("territories:detail", args=[kind, code])
    assert client_as("anonymous").get(url).status_code == 404


def test_lowercase_corsican_code_is_found(client_as, cast):
    Territory.objects.create(kind=TerritoryKind.DEPARTEMENT, code="2A", name="Corse-du-Sud")
    assert client_as("anonymous").get("/territoires/departement/2a/").status_code == 200


def test_epci_page_says_de_la_cu(client_as, cast):
    """ "1 commune membre de la CU du Grand Poitiers", not "de CU du Grand Poitiers"."""
    url = reverse("territories:detail", args=["epci", "200069854"])
    html = client_as("anonymous").get(url).content.decode()
    assert "1 commune membre de la CU du Grand Poitiers" in html
