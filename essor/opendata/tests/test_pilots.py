"""Pilot organisations as the validated plan shows them, with their SIREN for other tools."""

import io
import zipfile

import pytest

from essor.opendata.package import process_package, write_package
from essor.plans.tests.conftest import setup, validate  # noqa: F401

pytestmark = pytest.mark.django_db


def test_pilots_are_given_with_their_siren(setup, cast):  # noqa: F811
    setup.organisations[0].siren = "123456789"
    setup.organisations[0].save()
    validate(setup, cast)
    setup.process.is_published = True
    setup.process.save()
    buffer = io.BytesIO()
    write_package(process_package(setup.process), buffer)
    with zipfile.ZipFile(buffer) as archive:
        actions = archive.read("actions.csv").decode()
    [club] = [line for line in actions.splitlines() if "Créer un club ESS" in line]
    assert "Recyclerie du Clain" in club and "123456789" in club
    assert "Claude Contributeur" not in actions  # people are personal data
