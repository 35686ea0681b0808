"""Downloads and the DCAT catalogue: public, read-only, published processes only."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import ROLES
from essor.portal.models import PortalSettings
from essor.workspaces.models import DataLicence

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_every_visitor_downloads_a_published_process(client_as, published, role):
    response = client_as(role).get(reverse("opendata:process_zip", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="essor-grand-poitiers-{published.pk}.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "datapackage.json" in archive.namelist()


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_process_has_no_download(client_as, cast, role):
    response = client_as(role).get(reverse("opendata:process_zip", args=[cast.process.pk]))
    assert response.status_code == 404


def test_downloads_are_read_only_and_cached(client, published):
    url = reverse("opendata:process_zip", args=[published.pk])
    with CaptureQueriesContext(connection) as first:
        content = client.get(url).content
    writes = [q["sql"] for q in first.captured_queries if not q["sql"].startswith("SELECT")]
    assert writes == []
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content == content
    assert len(again.captured_queries) == 1  # finding the process; the package is cached
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("opendata:instance_zip"))
        client.get(reverse("opendata:instance_zip"))
        client.get(reverse("opendata:catalogue"))
        client.get(reverse("opendata:catalogue"))
    before = len(again.captured_queries)
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("opendata:instance_zip"))
        client.get(reverse("opendata:catalogue"))
    assert len(again.captured_queries) == 2  # the fingerprint of the published processes
    assert before > 4
    assert client.post(url).status_code == 405


def test_the_whole_instance_download(client, published, cast):
    response = client.get(reverse("opendata:instance_zip"))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        processes = archive.read("processes.csv").decode()
    assert published.title in processes and cast.elsewhere_process.title not in processes


def test_catalogue_lists_published_processes_only(client, published, cast):
    cast.workspace.data_licence = DataLicence.CC_BY_4
    cast.workspace.save()
    response = client.get(reverse("opendata:catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    [dataset, everything] = catalogue["dcat:dataset"]
    assert everything["dcat:distribution"][0]["dcat:downloadURL"]["@id"].endswith(
        reverse("opendata:instance_zip")
    )
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:title"] == published.title
    assert dataset["dct:identifier"] == f"grand-poitiers-{published.pk}"
    assert dataset["dct:publisher"]["foaf:name"] == "Grand Poitiers"
    assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
    spatial = {s["@id"] for s in dataset["dct:spatial"]}
    assert "http://id.insee.fr/geo/commune/86194" in spatial
    downloads = [d.get("dcat:downloadURL", {}).get("@id", "") for d in dataset["dcat:distribution"]]
    assert downloads[0].endswith(reverse("opendata:process_zip", args=[published.pk]))
    api = dataset["dcat:distribution"][1]["dcat:accessURL"]["@id"]
    assert api.endswith(reverse("api:process", args=[published.pk]))
    assert cast.elsewhere_process.title not in response.content.decode()


def test_catalogue_of_an_instance_without_published_process(client, cast):
    catalogue = json.loads(client.get(reverse("opendata:catalogue")).content)
    assert catalogue["dcat:dataset"] == [] and "dct:modified" not in catalogue


def test_public_roadmap_links_to_open_data(client, published):
    html = client.get(reverse("plans:public", args=[published.pk])).content.decode()
    assert reverse("opendata:process_zip", args=[published.pk]) in html
    assert "Données ouvertes" in html


def test_unpublishing_or_hiding_takes_effect_at_once_despite_the_cache(client, published):
    everything = reverse("opendata:instance_zip")
    one = reverse("opendata:process_zip", args=[published.pk])
    assert published.title in _table(client.get(everything), "processes.csv")
    assert "Atelier ouvert" in _table(client.get(one), "meetings.csv")
    settings = PortalSettings.objects.get(process=published)
    settings.show_calendar = False
    settings.save()
    assert "Atelier ouvert" not in _table(client.get(one), "meetings.csv")
    assert "Atelier ouvert" not in _table(client.get(everything), "meetings.csv")
    published.is_published = False
    published.save()
    assert published.title not in _table(client.get(everything), "processes.csv")
    assert client.get(one).status_code == 404
    catalogue = json.loads(client.get(reverse("opendata:catalogue")).content)
    assert catalogue["dcat:dataset"] == []


def _table(response, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return archive.read(name).decode()
