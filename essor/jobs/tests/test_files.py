"""Files produced by background work: stored with the job, downloaded by its owner and
platform admins only."""

import pytest
from django.urls import reverse

from essor.jobs.files import download_url, save_file
from essor.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_a_stored_file_is_downloaded_by_its_owner_only(cast, client_as):
    job = Job.objects.create(kind="test.count", owner=cast.facilitator)
    stored = save_file(job, "relevé été.txt", "text/plain; charset=utf-8", "Données\n".encode())
    url = download_url(stored)
    assert url == reverse("jobs:download", args=[job.pk, stored.pk])
    response = client_as("facilitator").get(url)
    assert response.status_code == 200 and response.content == "Données\n".encode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    # The name is kept, accents included (RFC 5987 form).
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''relev")
    assert "no-store" in response["Cache-Control"]
    assert client_as("admin").get(url).status_code == 200  # platform admins
    for role in ("committee_member", "contributor", "other_workspace"):
        assert client_as(role).get(url).status_code == 404
    assert client_as("anonymous").get(url).status_code == 302
    assert client_as("facilitator").post(url).status_code == 405
    assert job.files.get() == stored
