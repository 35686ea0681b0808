"""Use cases of the directory (each writes an audit entry)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models.functions import Lower

from essor.core.audit import log_action
from essor.core.personal_data import erase_everywhere
from essor.core.text import fold
from essor.organisations.importing import ImportRow
from essor.organisations.models import Organisation, OrganisationKind, Person
from essor.organisations.rgpd import person_data
from essor.processes.models import Process
from essor.workspaces.models import Workspace


@transaction.atomic
def save_organisation(organisation: Organisation, *, actor) -> Organisation:
    created = organisation.pk is None
    organisation.save()
    log_action(actor, "organisation.created" if created else "organisation.updated", organisation)
    return organisation


@transaction.atomic
def delete_organisation(organisation: Organisation, *, actor) -> None:
    """Its people stay in the directory without an organisation."""
    log_action(actor, "organisation.deleted", organisation, name=organisation.name)
    organisation.delete()


@transaction.atomic
def save_person(person: Person, *, actor) -> Person:
    created = person.pk is None
    person.save()
    # The audit keeps the id only: names are personal data and may have to be erased.
    log_action(actor, "person.created" if created else "person.updated", None, person=person.pk)
    return person


def export_person(person: Person, *, processes, actor) -> dict:
    """Everything stored about the person in ``processes`` (those the requester may read),
    for a right of access; the export itself is audited."""
    log_action(actor, "person.exported", None, person=person.pk)
    return person_data(person, processes)


class PersonHasHistory(Exception):
    """A person who sits in a body or attended meetings is part of the process's memory."""


@transaction.atomic
def delete_person(person: Person, *, actor) -> None:
    if person.body_memberships.exists() or person.attendances.exists():
        raise PersonHasHistory
    log_action(actor, "person.deleted", None, person=person.pk)
    person.delete()


@transaction.atomic
def erase_person(person: Person, *, actor) -> int:
    """Right to erasure (GDPR art. 17): the person everywhere Essor holds them.

    Every app's registered eraser runs (essor.core.personal_data): what is only
    about the person is deleted (memberships, attendances, invitations), what
    belongs to a process is kept without them (contributions, survey responses,
    history of actions, comments, audit entries). Then the directory record goes;
    the new audit entry holds nothing but the id. The linked user account, if any,
    is not deleted here. Returns the id of the erased person.
    """
    pk = person.pk
    erase_everywhere(person)
    person.delete()
    log_action(actor, "person.erased", None, person=pk)
    return pk


@dataclass
class ImportResult:
    organisations_created: int = 0
    organisations_updated: int = 0
    people_created: int = 0
    people_updated: int = 0


BATCH = 500


def _batches(values) -> list[list]:
    values = sorted(values)
    return [values[i : i + BATCH] for i in range(0, len(values), BATCH)]


def _person_key(first_name: str, last_name: str, organisation_id) -> tuple:
    return (fold(first_name), fold(last_name), organisation_id)


class _DirectoryIndex:
    """What an import may match, loaded in a few queries rather than a few per row.

    Organisations by SIRET and by (folded name, commune); people by e-mail
    (case-insensitive) and by (first name, last name, organisation). Objects
    created during the import are added as they come, so a file may mention
    the same organisation on several lines.
    """

    def __init__(self, rows: list[ImportRow], workspace: Workspace):
        self.by_siret: dict[str, Organisation] = {}
        self.by_name: dict[tuple, list[Organisation]] = {}
        self.by_email: dict[str, Person] = {}
        self.by_person_name: dict[tuple, Person] = {}
        organisations = {}
        in_workspace = Organisation.objects.filter(workspace=workspace)  # never another's rows
        sirets = {r.organisation["siret"] for r in rows if r.organisation.get("siret")}
        names = {fold(r.organisation["name"]) for r in rows if r.organisation.get("name")}
        for batch in _batches(sirets):
            organisations.update({o.pk: o for o in in_workspace.filter(siret__in=batch)})
        for batch in _batches(names):
            organisations.update({o.pk: o for o in in_workspace.filter(search_name__in=batch)})
        for organisation in sorted(organisations.values(), key=lambda o: o.pk):
            self.add_organisation(organisation)
        emails = {r.person["email"].lower() for r in rows if r.person.get("email")}
        # Case variants: SQL LOWER() ignores accents' case on SQLite.
        last_names = {
            variant
            for r in rows
            if r.person and not r.person.get("email")
            for name in [r.person["last_name"]]
            for variant in (name, name.lower(), name.upper(), name.title(), name.capitalize())
        }
        people = Person.objects.filter(workspace=workspace)
        found_people = {}
        for batch in _batches(emails):
            found = people.annotate(email_lower=Lower("email")).filter(email_lower__in=batch)
            found_people.update({p.pk: p for p in found})
        for batch in _batches(last_names):
            found_people.update({p.pk: p for p in people.filter(last_name__in=batch)})
        for person in sorted(found_people.values(), key=lambda p: p.pk, reverse=True):
            self.add_person(person)  # the oldest wins: added last

    def add_organisation(self, organisation: Organisation) -> None:
        if organisation.siret:
            self.by_siret.setdefault(organisation.siret, organisation)
        key = (fold(organisation.name), organisation.commune_id)
        same = self.by_name.setdefault(key, [])
        if organisation not in same:
            same.append(organisation)

    def add_person(self, person: Person) -> None:
        if person.email:
            self.by_email[person.email.lower()] = person
        key = _person_key(person.first_name, person.last_name, person.organisation_id)
        self.by_person_name[key] = person

    def find_organisation(self, data: dict) -> Organisation | None:
        """By SIRET; else (or failing that, among those without one) by name and commune."""
        siret = data.get("siret")
        if siret and siret in self.by_siret:
            return self.by_siret[siret]
        commune = data.get("commune")
        key = (fold(data["name"]), commune.pk if commune else None)
        candidates = [o for o in self.by_name.get(key, []) if not (siret and o.siret)]
        return candidates[0] if candidates else None

    def find_person(self, data: dict, organisation: Organisation | None) -> Person | None:
        if data.get("email"):
            return self.by_email.get(data["email"].lower())
        key = _person_key(
            data.get("first_name", ""), data["last_name"], organisation.pk if organisation else None
        )
        return self.by_person_name.get(key)


def _apply(obj, data: dict) -> bool:
    """Copy non-empty imported values; never erase what the directory already holds."""
    changed = False
    for name, value in data.items():
        if value in ("", None):
            continue
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)  # an id for a foreign key: no query
        if current != (value.pk if field.is_relation else value):  # related objects are saved
            setattr(obj, name, value)
            changed = True
    return changed


@transaction.atomic
def import_directory(
    rows: list[ImportRow],
    *,
    workspace: Workspace,
    actor,
    process: Process | None = None,
    progress=None,
) -> ImportResult:
    """Create or update every row's organisation and person in the directory of
    ``workspace``, all or nothing. ``progress(done, total)`` follows the rows, once for
    the organisations and once for the people (the job's progress bar).

    Rows must come from importing.validate_table without errors. New
    organisations without a kind are ESS organisations. New objects are
    inserted in batches: a file may hold 20,000 lines.
    """
    if process is not None and process.workspace_id != workspace.pk:
        raise ValueError("The process belongs to another workspace.")
    index = _DirectoryIndex(rows, workspace)
    new_organisations: list[Organisation] = []
    changed: dict[int, Organisation] = {}
    row_organisations: list[Organisation | None] = []
    total = 2 * len(rows)

    def advance(done: int) -> None:
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)

    for number, row in enumerate(rows, 1):
        advance(number)
        organisation = None
        if row.organisation:
            organisation = index.find_organisation(row.organisation)
            if organisation is None:
                organisation = Organisation(workspace=workspace, kind=OrganisationKind.ESS)
                new_organisations.append(organisation)
            if _apply(organisation, row.organisation) and organisation.pk:
                changed[organisation.pk] = organisation
            index.add_organisation(organisation)
        row_organisations.append(organisation)
    for organisation in new_organisations:
        organisation.set_derived_fields()
    Organisation.objects.bulk_create(new_organisations, batch_size=BATCH)
    for organisation in changed.values():
        organisation.save()

    new_people: list[Person] = []
    changed_people: dict[int, Person] = {}
    for number, (row, organisation) in enumerate(zip(rows, row_organisations, strict=True), 1):
        advance(len(rows) + number)
        if not row.person:
            continue
        person = index.find_person(row.person, organisation)
        if person is None:
            person = Person(workspace=workspace)
            new_people.append(person)
        if _apply(person, {**row.person, "organisation": organisation}) and person.pk:
            changed_people[person.pk] = person
        index.add_person(person)
    Person.objects.bulk_create(new_people, batch_size=BATCH)
    for person in changed_people.values():
        person.save()

    touched = {o.pk: o for o in row_organisations if o is not None}
    if process is not None and touched:
        process.organisations.add(*touched.values())
    result = ImportResult(
        organisations_created=len(new_organisations),
        organisations_updated=len(changed),
        people_created=len(new_people),
        people_updated=len(changed_people),
    )
    log_action(actor, "organisations.imported", process, rows=len(rows), **asdict(result))
    return result
