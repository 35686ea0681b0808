"""Load the reference territories (régions, départements, EPCI, communes, France)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from essor.core.audit import log_action
from essor.core.text import fold
from essor.territories.datafile import FILE_KINDS, TERRITORIES_FILE, read_territory_file
from essor.territories.models import Territory, TerritoryKind

# Compared and written by attribute name: building model instances through the
# foreign-key descriptors costs seconds for 35,000 communes.
FIELDS = [
    "name",
    "search_name",
    "population",
    "departement_id",
    "region_id",
    "epci_id",
    "epci_nature",
]
BATCH_SIZE = 1000


@dataclass
class LoadReport:
    """What a load did, per kind: created, updated and unchanged rows."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def total(self, kind: str) -> int:
        return self.created[kind] + self.updated[kind] + self.unchanged[kind]


def _save_kind(kind: str, wanted: dict[str, tuple], report: LoadReport) -> dict[str, int]:
    """Create or update the territories of one kind (code -> FIELDS values); return code -> pk."""
    existing = {
        code: (pk, values)
        for pk, code, *values in Territory.objects.filter(kind=kind).values_list(
            "pk", "code", *FIELDS
        )
    }
    to_create, to_update = [], []
    for code, values in wanted.items():
        if code not in existing:
            to_create.append(
                Territory(kind=kind, code=code, **dict(zip(FIELDS, values, strict=True)))
            )
        elif tuple(existing[code][1]) != values:
            pk = existing[code][0]
            to_update.append(Territory(pk=pk, **dict(zip(FIELDS, values, strict=True))))
        else:
            report.unchanged[kind] += 1
    Territory.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Territory.objects.bulk_update(to_update, FIELDS, batch_size=BATCH_SIZE)
    report.created[kind] += len(to_create)
    report.updated[kind] += len(to_update)
    pks = {code: pk for code, (pk, _values) in existing.items()}
    if any(t.pk is None for t in to_create):  # a database that returns no ids from inserts
        return dict(Territory.objects.filter(kind=kind).values_list("code", "pk"))
    pks.update((t.code, t.pk) for t in to_create)
    return pks


def load_territories(path: Path = TERRITORIES_FILE, actor=None) -> LoadReport:
    """Create or update every territory of the file, and France; idempotent.

    The whole file is checked first (``TerritoryFileError``, French message
    naming the lines); then everything is written in one transaction. Rows
    missing from the file are kept: processes and organisations may point to
    them.
    """
    rows = read_territory_file(path)
    report = LoadReport()
    with transaction.atomic():
        pks: dict[str, dict[str, int]] = {}
        for kind in FILE_KINDS:
            departements = pks.get(TerritoryKind.DEPARTEMENT, {})
            regions = pks.get(TerritoryKind.REGION, {})
            epcis = pks.get(TerritoryKind.EPCI, {})
            wanted = {
                row.code: (
                    row.name,
                    fold(row.name),
                    row.population,
                    departements.get(row.departement),
                    regions.get(row.region),
                    epcis.get(row.epci),
                    row.epci_nature,
                )
                for row in rows
                if row.kind == kind
            }
            pks[kind] = _save_kind(kind, wanted, report)
        population = sum(row.population or 0 for row in rows if row.kind == TerritoryKind.REGION)
        france = ("France", fold("France"), population, None, None, None, "")
        _save_kind(TerritoryKind.COUNTRY, {"FR": france}, report)
        log_action(
            actor,
            "territories.loaded",
            file=Path(path).name,
            created=sum(report.created.values()),
            updated=sum(report.updated.values()),
        )
    return report
