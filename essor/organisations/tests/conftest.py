from types import SimpleNamespace

import pytest

from essor.organisations.tests.numbers import siret


@pytest.fixture
def pending_imports(db):
    """How many parsed uploads wait between the steps of an import (core.PendingImport)."""
    from essor.core.models import PendingImport

    return PendingImport.objects.count


@pytest.fixture
def directory(cast):
    """An organisation in the cast's process directory, one of its people, and Poitiers."""
    from essor.organisations.models import EssFamily, Organisation, OrganisationKind, Person
    from essor.territories.models import Territory

    poitiers = Territory.objects.get(kind="commune", code="86194")
    org = Organisation.objects.create(workspace=cast.workspace,
        name="Recyclerie du Clain", kind=OrganisationKind.ESS, ess_family=EssFamily.ASSOCIATION,
        siret=siret("44306184"), commune=poitiers,
    )  # fmt: skip
    cast.process.organisations.add(org)
    person = Person.objects.create(workspace=cast.workspace,
        first_name="Élodie", last_name="Rivière", email="elodie@example.org", organisation=org,
        role_title="Coordinatrice",
    )  # fmt: skip
    return SimpleNamespace(
        org=org, person=person, poitiers=poitiers, process=cast.process,
        other_workspace=cast.elsewhere,
    )  # fmt: skip
