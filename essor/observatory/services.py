"""Use cases of the observatory that write to the database."""

from __future__ import annotations

from django.db import transaction

from essor.core.audit import log_action
from essor.observatory.listing import find_by_siret
from essor.organisations.models import EssFamily, Organisation, OrganisationKind
from essor.processes.models import Process
from essor.territories.models import Territory, TerritoryKind


@transaction.atomic
def add_to_process_directory(process: Process, sirets: list[str], *, actor) -> tuple[int, int]:
    """Add the chosen ESS establishments to the process directory.

    An establishment already in the shared directory (same SIRET) is reused,
    not duplicated. Returns (organisations created, organisations added to
    the process).
    """
    rows = find_by_siret(sirets)
    communes = {
        t.code: t
        for t in Territory.objects.filter(
            kind=TerritoryKind.COMMUNE, code__in={row.commune for row in rows}
        )
    }
    # The shared register gives identity facts; the copy in the directory is the workspace's.
    existing = {
        o.siret: o
        for o in Organisation.objects.filter(
            workspace_id=process.workspace_id, siret__in=[r.siret for r in rows]
        )
    }
    in_process = set(process.organisations.values_list("pk", flat=True))
    created = added = 0
    for row in rows:
        organisation = existing.get(row.siret)
        if organisation is None:
            name = row.name or row.establishment_name or row.siret
            if row.establishment_name and row.establishment_name != row.name:
                name = f"{row.name} — {row.establishment_name}" if row.name else name
            organisation = Organisation(
                workspace_id=process.workspace_id,
                name=name[:250],
                kind=OrganisationKind.ESS,
                ess_family=row.family if row.family in EssFamily.values else EssFamily.NOT_ESS,
                siren=row.siren,
                siret=row.siret,
                legal_category=row.legal_category[:4],
                naf_code=row.naf[:6],
                commune=communes.get(row.commune),
            )
            organisation.save()
            log_action(actor, "organisation.created", organisation, source="observatory")
            created += 1
        if organisation.pk not in in_process:
            process.organisations.add(organisation)
            in_process.add(organisation.pk)
            added += 1
    if added:
        log_action(actor, "observatory.directory_added", process, count=added)
    return created, added
