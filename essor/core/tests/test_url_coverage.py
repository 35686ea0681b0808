"""The plugin that checks every URL name is requested (essor/core/tests/url_coverage.py)."""

import pytest
from django.urls import reverse

from essor.core.tests import url_coverage


def test_url_names_include_nested_namespaces_and_leave_out_the_admin():
    names = url_coverage.url_names()
    assert "plans:axis_edit" in names
    assert "core:home" in names and "set_language" in names
    assert not any(name.startswith("admin:") for name in names)


@pytest.mark.django_db
def test_a_request_records_the_name_of_its_url(client):
    url_coverage.REQUESTED.discard("accounts:login")
    client.get(reverse("accounts:login"))
    assert "accounts:login" in url_coverage.REQUESTED
