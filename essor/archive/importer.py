"""Read a process archive (``import_process``): check everything, then write it all or nothing.

``read_archive`` refuses what is not an archive of this format, a bomb, a tampered or
truncated member, an archive of a newer Essor; ``plan_import`` resolves every reference
(rows of the archive, territories, accounts, the workspace's people and organisations)
and says what will be created and matched, without writing; ``import_process`` writes in
one transaction.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from essor.archive import spec
from essor.archive.export import FORMAT, FORMAT_VERSION
from essor.core.uploads import UploadRejected, open_archive


class ArchiveError(Exception):
    """The archive cannot be imported; the message says why, in French, and where."""


@dataclass
class Archive:
    manifest: dict
    data: dict[str, list[dict]]
    files: dict[str, bytes]


@dataclass
class ImportPlan:
    process_title: str
    counts: dict[str, int] = field(default_factory=dict)
    people_matched: list[str] = field(default_factory=list)
    organisations_matched: list[str] = field(default_factory=list)
    unknown_accounts: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)


def _json(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(
            _("The member “%(name)s” of the archive cannot be read.") % {"name": name}
        ) from exc


def read_archive(source) -> Archive:
    try:
        archive = open_archive(source)
    except zipfile.BadZipFile as exc:
        raise ArchiveError(_("This file is not a ZIP archive.")) from exc
    except UploadRejected as exc:
        raise ArchiveError(str(exc)) from exc
    with archive:
        names = set(archive.namelist())
        if "manifeste.json" not in names:
            raise ArchiveError(
                _("This ZIP file is not an Essor process archive (no manifeste.json).")
            )
        manifest = _json(archive, "manifeste.json")
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError(_("This ZIP file is not an Essor process archive."))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(
                _("This archive has format version %(found)s; this Essor reads version %(ours)s.")
                % {"found": manifest.get("format_version"), "ours": FORMAT_VERSION}
            )
        check_migrations(manifest.get("migrations") or {})
        digests = manifest.get("sha256") or {}
        extra = names - set(digests) - {"manifeste.json"}
        if extra:
            raise ArchiveError(
                _("The archive holds a member its manifest does not list: “%(name)s”.")
                % {"name": sorted(extra)[0]}
            )
        contents = {}
        for name, digest in digests.items():
            if name not in names:
                raise ArchiveError(
                    _("The archive is incomplete: “%(name)s” is missing.") % {"name": name}
                )
            body = archive.read(name)
            if hashlib.sha256(body).hexdigest() != digest:
                raise ArchiveError(
                    _("The member “%(name)s” was changed after the export (its SHA-256 differs).")
                    % {"name": name}
                )
            contents[name] = body
    known = {spec.entity_name(label) for label, _lookup in spec.ENTITIES}
    data = {}
    for name, body in contents.items():
        if name.startswith("donnees/"):
            entity = name.removeprefix("donnees/").removesuffix(".json")
            if entity not in known:
                raise ArchiveError(
                    _("Unknown kind of data in the archive: “%(name)s”.") % {"name": name}
                )
            rows = json.loads(body)
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise ArchiveError(
                    _("The member “%(name)s” is not a list of rows.") % {"name": name}
                )
            data[entity] = rows
    files = {name: body for name, body in contents.items() if name.startswith("fichiers/")}
    return Archive(manifest=manifest, data=data, files=files)


def check_migrations(state: dict) -> None:
    """Refuse an archive made by a newer Essor: a migration this one does not know."""
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=True)
    for app, name in sorted(state.items()):
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations:
            raise ArchiveError(
                _(
                    "This archive comes from a more recent Essor (migration “%(name)s” of "
                    "“%(app)s” is unknown here): update Essor before importing it."
                )
                % {"name": name, "app": app}
            )


class _Resolver:
    """Names of what is outside the archive -> primary keys here (one query per kind)."""

    def __init__(self, archive: Archive):
        from django.contrib.contenttypes.models import ContentType

        from essor.accounts.models import User
        from essor.methods.models import MethodTemplate
        from essor.territories.models import Territory

        wanted: dict[type, set] = {}
        for model, _lookup in spec.models_in_order():
            for row in archive.data.get(spec.entity_name(model._meta.label), []):
                for f in _outside_fields(model):
                    if row.get(f.name) is not None:
                        values = row[f.name] if f.many_to_many else [row[f.name]]
                        wanted.setdefault(f.related_model, set()).update(map(str, values))
        self.users = dict(
            User.objects.filter(email__in=wanted.get(User, ())).values_list("email", "pk")
        )
        self.territories = {
            f"{kind}:{code}": pk
            for pk, kind, code in Territory.objects.values_list("pk", "kind", "code")
            if f"{kind}:{code}" in wanted.get(Territory, ())
        }
        self.content_types = {
            f"{ct.app_label}.{ct.model}": ct.pk for ct in ContentType.objects.all()
        }
        self.templates = dict(
            MethodTemplate.objects.filter(name__in=wanted.get(MethodTemplate, ())).values_list(
                "name", "pk"
            )
        )
        self.tables = {
            User: self.users,
            Territory: self.territories,
            ContentType: self.content_types,
            MethodTemplate: self.templates,
        }

    def pk(self, model, name):
        return self.tables[model].get(name)


@functools.cache
def _outside_fields(model) -> tuple:
    skipped = spec.skipped_fields(model)
    held = {apps.get_model(label) for label, _lookup in spec.ENTITIES}
    return tuple(
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.is_relation and f.name not in skipped and f.related_model not in held
    )


def _where(entity: str, row: dict) -> str:
    return f"donnees/{entity}.json, {row.get('id', '?')}"


def _check_rows(archive: Archive, resolver: _Resolver, plan: ImportPlan) -> None:
    """Every identifier unique and well formed, every reference known, every value valid."""
    from essor.accounts.models import User
    from essor.territories.models import Territory

    ids = set()
    for model, _lookup in spec.models_in_order():
        entity = spec.entity_name(model._meta.label)
        for rank, row in enumerate(archive.data.get(entity, []), start=1):
            if row.get("id") != f"{entity}/{rank}":
                raise ArchiveError(
                    _("%(where)s: the identifier should be “%(id)s” (rows are numbered in order).")
                    % {"where": _where(entity, row), "id": f"{entity}/{rank}"}
                )
            ids.add(row["id"])
    for model, _lookup in spec.models_in_order():
        entity = spec.entity_name(model._meta.label)
        fields = _fields(model)
        for row in archive.data.get(entity, []):
            unknown = (
                set(row) - set(fields) - {"id"} - {p.fk_field for p in model._meta.private_fields}
            )
            if unknown:
                raise ArchiveError(
                    _("%(where)s: unknown field “%(field)s” (archive of another Essor?).")
                    % {"where": _where(entity, row), "field": sorted(unknown)[0]}
                )
            for name, f in fields.items():
                value = row.get(name)
                if f.is_relation:
                    values = (value or []) if f.many_to_many else [value]
                    for one in values:
                        if one is None:
                            continue
                        if f in _outside_fields(model):
                            if resolver.pk(f.related_model, str(one)) is None:
                                if f.related_model is User:
                                    if one not in plan.unknown_accounts:
                                        plan.unknown_accounts.append(one)
                                elif f.related_model is Territory:
                                    raise ArchiveError(
                                        _("%(where)s: the territory “%(name)s” is unknown here "
                                          "(load the territories first).")
                                        % {"where": _where(entity, row), "name": one}
                                    )  # fmt: skip
                        elif one not in ids:
                            raise ArchiveError(
                                _(
                                    "%(where)s: “%(field)s” refers to “%(ref)s”, "
                                    "which is not in the archive."
                                )
                                % {"where": _where(entity, row), "field": name, "ref": one}
                            )
                elif isinstance(f, models.BinaryField):
                    if value not in archive.files:
                        raise ArchiveError(
                            _("%(where)s: the file “%(name)s” is missing.")
                            % {"where": _where(entity, row), "name": value}
                        )
                elif name in row:
                    try:
                        f.to_python(value)
                    except ValidationError as exc:
                        raise ArchiveError(
                            _("%(where)s: “%(field)s”: %(error)s")
                            % {
                                "where": _where(entity, row),
                                "field": name,
                                "error": " ".join(exc.messages),
                            }
                        ) from exc
            for private in model._meta.private_fields:
                ref = row.get(private.fk_field)
                if ref and ref not in ids:
                    raise ArchiveError(
                        _(
                            "%(where)s: “%(field)s” refers to “%(ref)s”, "
                            "which is not in the archive."
                        )
                        % {"where": _where(entity, row), "field": private.name, "ref": ref}
                    )


def _fields(model) -> dict:
    skipped = spec.skipped_fields(model)
    return {
        f.name: f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key and f.name not in skipped
    }


def _matches(archive: Archive, workspace, plan: ImportPlan) -> dict[str, int]:
    """Archive ids of people (by e-mail) and organisations (by SIREN, else name) found here."""
    from essor.organisations.models import Organisation, Person

    matched = {}
    people = {
        p.email.lower(): p.pk for p in Person.objects.filter(workspace=workspace).exclude(email="")
    }
    for row in archive.data.get("organisations.person", []):
        email = (row.get("email") or "").lower()
        if email and email in people:
            matched[row["id"]] = people[email]
            plan.people_matched.append(email)
    by_siren, by_name = {}, {}
    for org in Organisation.objects.filter(workspace=workspace):
        if org.siren:
            by_siren.setdefault(org.siren, org.pk)
        by_name.setdefault(org.name.casefold(), org.pk)
    for row in archive.data.get("organisations.organisation", []):
        pk = by_siren.get(row.get("siren") or "") or by_name.get((row.get("name") or "").casefold())
        if pk:
            matched[row["id"]] = pk
            plan.organisations_matched.append(row.get("name") or "")
    return matched


def plan_import(archive: Archive, workspace) -> ImportPlan:
    """What an import would create and match; raises ArchiveError on the first fault."""
    plan = ImportPlan(process_title=str(archive.manifest.get("process", "")))
    resolver = _Resolver(archive)
    _check_rows(archive, resolver, plan)
    matched = _matches(archive, workspace, plan)
    for model, _lookup in spec.models_in_order():
        entity = spec.entity_name(model._meta.label)
        rows = [r for r in archive.data.get(entity, []) if r["id"] not in matched]
        plan.counts[entity] = len(rows)
        for f in model._meta.concrete_fields:
            if (
                f.unique
                and not f.primary_key
                and not f.is_relation
                and f.name not in spec.skipped_fields(model)
            ):
                values = [r.get(f.name) for r in rows if r.get(f.name) not in (None, "")]
                taken = model.objects.filter(**{f"{f.name}__in": values}).count() if values else 0
                if taken:
                    plan.renewed.append(f"{entity}.{f.name} : {taken}")
    if not archive.data.get("processes.process"):
        raise ArchiveError(_("The archive holds no process."))
    return plan


def import_process(archive: Archive, workspace, *, actor=None):
    """Create the archive's process in ``workspace``; all or nothing. Returns (process, plan)."""
    plan = plan_import(archive, workspace)
    try:
        with transaction.atomic():
            process = _Writer(archive, workspace, plan).write()
    except (DatabaseError, ValidationError, ValueError) as exc:
        raise ArchiveError(
            _("The archive could not be written (%(error)s); nothing was imported.")
            % {"error": exc}
        ) from exc
    if actor is not None:
        from essor.core.audit import log_action

        log_action(actor, "process.imported", process, title=process.title)
    return process, plan


class _Writer:
    def __init__(self, archive: Archive, workspace, plan: ImportPlan):
        self.archive, self.workspace, self.plan = archive, workspace, plan
        self.resolver = _Resolver(archive)
        self.pks: dict[str, int] = _matches(archive, workspace, ImportPlan(""))
        self.deferred: list[tuple] = []  # (model, pk, attname, archive id)
        self.generic: list[tuple] = []  # (model, pk, fk_field, archive id)

    def write(self):
        for model, _lookup in spec.models_in_order():
            entity = spec.entity_name(model._meta.label)
            taken = self._taken(model, entity)
            built = []
            for row in self.archive.data.get(entity, []):
                if row["id"] not in self.pks:
                    built.append(self._build(model, row, taken))
            self._insert(model, [b for b in built if b is not None])
        for model, pk, attname, ref in self.deferred:
            model.objects.filter(pk=pk).update(**{attname: self.pks[ref]})
        for model, pk, fk_field, ref in self.generic:
            model.objects.filter(pk=pk).update(**{fk_field: str(self.pks[ref])})
        self._many_to_many()
        process_id = self.pks[self.archive.data["processes.process"][0]["id"]]
        return apps.get_model("processes.Process").objects.get(pk=process_id)

    def _taken(self, model, entity) -> dict[str, set]:
        taken = {}
        for f in model._meta.concrete_fields:
            if (
                f.unique
                and not f.primary_key
                and not f.is_relation
                and f.name not in spec.skipped_fields(model)
            ):
                values = [r.get(f.name) for r in self.archive.data.get(entity, [])]
                taken[f.name] = set(
                    model.objects.filter(**{f"{f.name}__in": [v for v in values if v]}).values_list(
                        f.name, flat=True
                    )
                )
                taken[f.name] = {str(v) for v in taken[f.name]}
        return taken

    def _insert(self, model, built):
        """Insert in archive order (so ranks survive a round trip), dates kept as exported:
        bulk_create stamps auto_now fields, bulk_update puts the archive's values back."""
        stamped = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        kept = [[getattr(obj, f.attname) for f in stamped] for _row, obj, _l, _g in built]
        model.objects.bulk_create([obj for _row, obj, _l, _g in built], batch_size=500)
        for (row_id, obj, later, generic), values in zip(built, kept, strict=True):
            for f, value in zip(stamped, values, strict=True):
                setattr(obj, f.attname, value)
            self.pks[row_id] = obj.pk
            self.deferred += [(model, obj.pk, attname, ref) for attname, ref in later]
            self.generic += [(model, obj.pk, fk_field, ref) for fk_field, ref in generic]
        if stamped:
            objs = [obj for _row, obj, _l, _g in built]
            model.objects.bulk_update(objs, [f.name for f in stamped], batch_size=500)

    def _build(self, model, row, taken):
        """An unsaved instance of ``row`` with what to set once every row exists."""
        obj = model()
        skipped = spec.skipped_fields(model)
        later = []
        for f in model._meta.concrete_fields:
            if f.primary_key:
                continue
            if f.name == "workspace" and f.related_model._meta.label == "workspaces.Workspace":
                obj.workspace = self.workspace
                continue
            if f.name in skipped or f.name not in row:
                continue
            value = row[f.name]
            if f.is_relation:
                if value is None:
                    setattr(obj, f.attname, None)
                elif f.related_model in self.resolver.tables:
                    pk = self.resolver.pk(f.related_model, str(value))
                    if pk is None and not f.null:
                        return None  # a membership of an account unknown here: left out
                    setattr(obj, f.attname, pk)
                elif value in self.pks:
                    setattr(obj, f.attname, self.pks[value])
                elif f.null:
                    setattr(obj, f.attname, None)
                    later.append((f.attname, value))
                else:
                    raise ValueError(f"{row['id']}: {f.name} -> {value}")
            elif isinstance(f, models.BinaryField):
                setattr(obj, f.attname, self.archive.files[value])
            else:
                python = f.to_python(value)
                if f.name in taken and value is not None and str(value) in taken[f.name]:
                    python = f.get_default()  # a unique code already used here: a new one
                setattr(obj, f.attname, python)
        generic = []
        for private in model._meta.private_fields:  # set once every row exists
            setattr(obj, private.fk_field, "")
            if row.get(private.fk_field):
                generic.append((private.fk_field, row[private.fk_field]))
        return row["id"], obj, later, generic

    def _many_to_many(self):
        for model, _lookup in spec.models_in_order():
            entity = spec.entity_name(model._meta.label)
            for f in model._meta.many_to_many:
                if f.name in spec.skipped_fields(model):
                    continue
                through = f.remote_field.through
                source, target = f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"
                links = []
                for row in self.archive.data.get(entity, []):
                    if row["id"] not in self.pks:
                        continue
                    for other in row.get(f.name) or []:
                        if f.related_model in self.resolver.tables:
                            pk = self.resolver.pk(f.related_model, str(other))
                        else:
                            pk = self.pks.get(other)
                        if pk is not None:
                            links.append(through(**{source: self.pks[row["id"]], target: pk}))
                through.objects.bulk_create(links)
