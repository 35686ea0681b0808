"""Write a whole process to a ZIP archive (``export_process``): see spec.py for what it holds.

Layout: ``manifeste.json`` (format, Essor version, migration state, date, row counts, SHA-256
of every other member), ``donnees/<app.model>.json`` (one list of rows per entity),
``fichiers/…`` (attachments' bytes), ``LISEZMOI.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections import defaultdict
from importlib.metadata import PackageNotFoundError, version

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from essor.archive import spec
from essor.processes.models import Process

FORMAT = "essor-process-archive"
FORMAT_VERSION = 1


def essor_version() -> str:
    try:
        return version("essor")
    except PackageNotFoundError:  # pragma: no cover - the project is always installed
        return "0"


def migration_state() -> dict[str, str]:
    """The last migration applied of each app: an importer must know every one of them."""
    state: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        state[app] = max(state.get(app, ""), name)
    return dict(sorted(state.items()))


class Refs:
    """Archive identifiers ("plans.action/12") of the rows exported, by model and pk."""

    def __init__(self):
        self.by_model: dict[type, dict[int, str]] = {}

    def assign(self, model, pks):
        name = spec.entity_name(model._meta.label)
        self.by_model[model] = {pk: f"{name}/{rank}" for rank, pk in enumerate(pks, start=1)}

    def of(self, model, pk):
        if pk is None:
            return None
        return self.by_model.get(model, {}).get(pk)

    def holds(self, model) -> bool:
        return model in self.by_model


class Outside:
    """How a row names what is outside the archive (users, territories, content types…)."""

    def __init__(self):
        from django.contrib.contenttypes.models import ContentType

        from essor.accounts.models import User
        from essor.methods.models import MethodTemplate
        from essor.territories.models import Territory

        self.names = {
            User: lambda pks: dict(User.objects.filter(pk__in=pks).values_list("pk", "email")),
            Territory: lambda pks: {
                pk: f"{kind}:{code}"
                for pk, kind, code in Territory.objects.filter(pk__in=pks).values_list(
                    "pk", "kind", "code"
                )
            },
            ContentType: lambda pks: {
                ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.filter(pk__in=pks)
            },
            MethodTemplate: lambda pks: dict(
                MethodTemplate.objects.filter(pk__in=pks).values_list("pk", "name")
            ),
        }

    def resolve(self, wanted: dict[type, set]) -> dict[type, dict]:
        return {model: self.names[model](pks) for model, pks in wanted.items() if pks}


def _rows(process: Process):
    """{model: [instances]} for the process, shared organisations and people included."""
    rows = {}
    for model, lookup in spec.models_in_order():
        if model._meta.label in spec.SHARED:
            continue
        rows[model] = list(model.objects.filter(**{lookup: process.pk}).order_by("pk"))
    return rows


def _through_pairs(model, field, lookup, process):
    """(source pk, target pk) of a many-to-many field, for the process's rows, in one query."""
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    scope = {f"{source}__{lookup}" if lookup != "pk" else source: process.pk}
    return (
        through.objects.filter(**scope).order_by("pk").values_list(f"{source}_id", f"{target}_id")
    )


def collect(process: Process):
    """Every row of the process, its many-to-many pairs, and the identifiers to write."""
    from essor.organisations.models import Organisation, Person

    rows = _rows(process)
    lookups = dict(spec.models_in_order())
    pairs = {}
    for model in list(rows):
        for field in model._meta.many_to_many:
            pairs[(model, field.name)] = list(_through_pairs(model, field, lookups[model], process))
    # Organisations and people named by the process (and people's organisations).
    named: dict[type, set] = {Organisation: set(), Person: set()}
    for model, instances in rows.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in named:
                named[field.related_model].update(getattr(obj, field.attname) for obj in instances)
        for field in model._meta.many_to_many:
            if field.related_model in named:
                named[field.related_model].update(t for _s, t in pairs[(model, field.name)])
    people = list(Person.objects.filter(pk__in=named[Person] - {None}).order_by("pk"))
    named[Organisation].update(p.organisation_id for p in people)
    organisations = list(
        Organisation.objects.filter(pk__in=named[Organisation] - {None}).order_by("pk")
    )
    everything = {Organisation: organisations, Person: people, **rows}
    refs = Refs()
    for model, instances in everything.items():
        refs.assign(model, [obj.pk for obj in instances])
    return everything, pairs, refs


class ArchiveEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to
    milliseconds): an archive gives back exactly what was exported."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _plain(value):
    return json.loads(json.dumps(value, cls=ArchiveEncoder))


def serialise(everything, pairs, refs):
    """{entity: [row dicts]} and {member name: bytes} of the attachments."""
    from django.contrib.contenttypes.models import ContentType

    wanted: dict[type, set] = defaultdict(set)
    for model, instances in everything.items():
        for field in model._meta.concrete_fields:
            if field.is_relation and not refs.holds(field.related_model):
                wanted[field.related_model].update(getattr(o, field.attname) for o in instances)
        for field in model._meta.many_to_many:
            if not refs.holds(field.related_model):
                wanted[field.related_model].update(t for _s, t in pairs[(model, field.name)])
    wanted = {
        m: pks - {None} for m, pks in wanted.items() if m._meta.label != "workspaces.Workspace"
    }
    outside = Outside().resolve(wanted)
    content_types = {ct.pk: ct.model_class() for ct in ContentType.objects.all()}

    data, files = {}, {}
    for model, instances in everything.items():
        name = spec.entity_name(model._meta.label)
        skipped = spec.skipped_fields(model)
        m2m = {
            field.name: _grouped(pairs[(model, field.name)], field, refs, outside)
            for field in model._meta.many_to_many
            if field.name not in skipped
        }
        out = []
        for obj in instances:
            row = {"id": refs.of(model, obj.pk)}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in skipped:
                    continue
                value = getattr(obj, field.attname)
                if field.is_relation:
                    target = field.related_model
                    row[field.name] = (
                        refs.of(target, value)
                        if refs.holds(target)
                        else outside.get(target, {}).get(value)
                    )
                elif isinstance(field, models.BinaryField):
                    member = f"fichiers/{row['id']}/{field.name}"
                    files[member] = bytes(value or b"")
                    row[field.name] = member
                else:
                    row[field.name] = _plain(value)
            for private in model._meta.private_fields:  # generic relations (decisions)
                type_id = getattr(obj, private.ct_field + "_id")
                target = content_types.get(type_id)
                object_id = getattr(obj, private.fk_field)
                known = target is not None and refs.holds(target) and str(object_id).isdigit()
                row[private.fk_field] = (refs.of(target, int(object_id)) if known else None) or ""
            for field_name, grouped in m2m.items():
                row[field_name] = grouped.get(obj.pk, [])
            out.append(row)
        data[name] = out
    return data, files


def _grouped(pairs, field, refs, outside):
    target = field.related_model
    grouped = defaultdict(list)
    for source, other in pairs:
        name = refs.of(target, other) if refs.holds(target) else outside.get(target, {}).get(other)
        if name is not None:
            grouped[source].append(name)
    return grouped


README = """# Archive d'une démarche Essor

Démarche : {title}
Archive créée le {date} par Essor {version}.

Cette archive contient toute la démarche : ses phases, instances, réunions, ateliers,
enquêtes, contributions, synthèse, plans et leur suivi. Elle se réimporte dans une autre
instance d'Essor (même version ou plus récente) avec :

    python manage.py import_process ARCHIVE.zip --workspace ESPACE --dry-run
    python manage.py import_process ARCHIVE.zip --workspace ESPACE

- `manifeste.json` : version, état des migrations, nombre de lignes, empreintes SHA-256 ;
- `donnees/<application.modèle>.json` : une liste de lignes par entité ; chaque ligne a un
  identifiant stable « entité/rang » ; les références vers une autre ligne de l'archive
  utilisent cet identifiant ; les comptes sont désignés par leur adresse électronique, les
  territoires par leur type et leur code INSEE ;
- `fichiers/` : le contenu des pièces jointes.

Aucun mot de passe, jeton ni lien personnel n'est exporté.

## Nombre de lignes

{counts}
"""


def export_process(process: Process, target) -> dict[str, int]:
    """Write ``process``'s archive to ``target`` (a path or a binary file); return the counts."""
    everything, pairs, refs = collect(process)
    data, files = serialise(everything, pairs, refs)
    counts = {name: len(rows) for name, rows in data.items()}
    members: dict[str, bytes] = {}
    for name, rows in data.items():
        members[f"donnees/{name}.json"] = json.dumps(
            rows, ensure_ascii=False, indent=1, sort_keys=True
        ).encode()
    members.update(files)
    now = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    members["LISEZMOI.md"] = README.format(
        title=process.title,
        date=now.isoformat(),
        version=essor_version(),
        counts="\n".join(f"- {name} : {n}" for name, n in counts.items()),
    ).encode()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "essor_version": essor_version(),
        "migrations": migration_state(),
        "created": now.isoformat(),
        "process": process.title,
        "counts": counts,
        "sha256": {
            name: hashlib.sha256(body).hexdigest() for name, body in sorted(members.items())
        },
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifeste.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        )
        for name, body in sorted(members.items()):
            archive.writestr(name, body)
    return counts
