import pytest

from essor.observatory.importing import import_sirene
from essor.observatory.tests.stock import write_stock


@pytest.fixture
def sirene_dir(tmp_path, settings):
    settings.SIRENE_DIR = tmp_path / "sirene"
    return settings.SIRENE_DIR


@pytest.fixture
def imported(sirene_dir, tmp_path):
    """The hand-built stock imported into an empty register."""
    ul, est = write_stock(tmp_path)
    return import_sirene(ul, est)


@pytest.fixture
def france(db):
    from essor.territories.models import Territory, TerritoryKind

    return Territory.objects.get_or_create(
        kind=TerritoryKind.COUNTRY, code="FR", defaults={"name": "France"}
    )[0]
