"""The home page as the portal's entrance: published processes searched by name or
territory, filtered by status, page by page; a member's own processes first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.processes.models import Process, ProcessStatus
from essor.territories.models import Territory, TerritoryKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    """The cast's process (on the Grand Poitiers EPCI) and two more, published; one not."""
    cast.process.is_published = True
    cast.process.status = ProcessStatus.ONGOING
    cast.process.save()
    lot = Territory.objects.create(kind=TerritoryKind.DEPARTEMENT, code="46", name="Lot")
    cahors = Process.objects.create(workspace=cast.workspace, title="Stratégie ESS du Lot",
                                    is_published=True, status=ProcessStatus.FOLLOW_UP)  # fmt: skip
    cahors.territories.add(lot)
    Process.objects.create(workspace=cast.workspace, title="Feuille de route de la ruralité",
                           is_published=True, status=ProcessStatus.CLOSED)  # fmt: skip
    Process.objects.create(workspace=cast.workspace, title="Plan ESS confidentiel")
    return cast.process


TITLES = ("Plan ESS du Grand Poitiers", "Stratégie ESS du Lot", "Feuille de route de la ruralité",
          "Plan ESS confidentiel")  # fmt: skip


def _titles(client, **params):
    response = client.get(reverse("core:home"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {title for title in TITLES if title in html}


def test_anyone_searches_by_name_territory_code_or_commune(client, published):
    assert _titles(client) == set(TITLES[:3])
    assert _titles(client, q="ess") == {"Plan ESS du Grand Poitiers", "Stratégie ESS du Lot"}
    assert _titles(client, q="grand poitiers") == {"Plan ESS du Grand Poitiers"}
    assert _titles(client, q="200069854") == {"Plan ESS du Grand Poitiers"}  # SIREN of the EPCI
    # A commune's INSEE code or name finds the process of its EPCI.
    assert _titles(client, q="86194") == {"Plan ESS du Grand Poitiers"}
    assert _titles(client, q="Lot") == {"Stratégie ESS du Lot"}
    # Accents and case aside, in the title as in the territory's name.
    assert _titles(client, q="strategie") == {"Stratégie ESS du Lot"}
    assert _titles(client, q="RURALITÉ") == {"Feuille de route de la ruralité"}
    assert _titles(client, q="Bretagne") == set()
    assert "Aucune démarche publiée ne correspond" in client.get("/?q=Bretagne").content.decode()


def test_filter_by_status_and_links_to_each_portal(client, published):
    assert _titles(client, status="follow_up") == {"Stratégie ESS du Lot"}
    assert _titles(client, q="ess", status="ongoing") == {"Plan ESS du Grand Poitiers"}
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("portal:process", args=[published.pk])}"' in html
    assert 'role="search"' in html and 'property="og:title"' in html


def test_bad_input_shows_a_french_message_and_no_error(client, published):
    response = client.get(reverse("core:home"), {"status": "n-importe-quoi", "page": "zzz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert "Plan ESS du Grand Poitiers" in html  # nothing narrowed by an invalid field
    response = client.get(reverse("core:home"), {"q": "x" * 500})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur comporte au plus 100" in response.content.decode()


def test_members_see_their_processes_first_even_unpublished(client_as, published):
    html = client_as("contributor").get(reverse("core:home")).content.decode()
    assert html.index("Mes démarches") < html.index("Démarches publiées")
    assert html.index("Plan ESS du Grand Poitiers") < html.index("Démarches publiées")
    assert "Plan ESS confidentiel" not in client_as("outsider").get("/").content.decode()


def _count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home"), params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "contributor"])
def test_query_count_does_not_grow_with_the_processes(client_as, published, cast, role):
    client = client_as(role)
    few = (_count_queries(client), _count_queries(client, q="ess", status="ongoing"))
    for index in range(30):
        process = Process.objects.create(workspace=cast.workspace, title=f"Plan ESS {index}",
                                         is_published=True, status="ongoing")  # fmt: skip
        process.territories.add(cast.territory)
    many = (_count_queries(client), _count_queries(client, q="ess", status="ongoing"))
    assert many == few
    html = client.get(reverse("core:home"), {"q": "ess", "page": 2}).content.decode()
    assert "Page 2 sur 3" in html and 'rel="prev"' in html and "q=ess&amp;page=1" in html
