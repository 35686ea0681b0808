"""The open data package: a ZIP of CSV files with ``datapackage.json`` and a README.

``write_package`` is the one use case: the management command, the download views and
the benchmark call it. Read-only: it queries and never writes to the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from essor.opendata.licences import licence_descriptor
from essor.opendata.rows import process_key, process_rows
from essor.opendata.schema import TABLES
from essor.portal import visibility


@dataclass
class Package:
    name: str  # datapackage name and file name, e.g. "essor-banc-12"
    title: str
    description: str
    processes: list  # published processes, with their workspace


def instance_package() -> Package:
    processes = list(visibility.published_processes().select_related("workspace").order_by("pk"))
    return Package(
        name="essor-demarches-publiees",
        title="Démarches ESS publiées sur Essor",
        description="Feuilles de route de l'économie sociale et solidaire co-construites "
        "avec les acteurs des territoires, leur mise en œuvre, les rencontres publiques, ce "
        "qui a été entendu et les décisions rendues publiques, pour toutes les démarches "
        "publiées de cette instance d'Essor.",
        processes=processes,
    )


def process_package(process) -> Package:
    return Package(
        name=f"essor-{process_key(process)}",
        title=process.title,
        description="Feuille de route de l'économie sociale et solidaire, sa mise en œuvre, "
        "les rencontres publiques, ce qui a été entendu et les décisions rendues publiques "
        f"de la démarche « {process.title} » ({process.workspace.name}).",
        processes=[process],
    )


def collect(processes) -> dict[str, list[dict]]:
    """{table name: rows} of the processes, in French (labels of codes)."""
    tables: dict[str, list[dict]] = defaultdict(list)
    with translation.override("fr"):
        for process in processes:
            for name, rows in process_rows(process).items():
                tables[name].extend(rows)
    return tables


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(table, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in table.headers])
    return out.getvalue().encode("utf-8")


def datapackage(package: Package, created: dt.datetime) -> dict:
    licences = []
    for process in package.processes:
        descriptor = licence_descriptor(process.workspace.data_licence)
        if descriptor not in licences:
            licences.append(descriptor)
    if not licences:  # an instance with nothing published yet: the default licence
        licences.append(licence_descriptor(""))
    return {
        "profile": "tabular-data-package",
        "name": package.name,
        "title": package.title,
        "description": package.description,
        "language": "fr",
        "keywords": [
            "économie sociale et solidaire",
            "ESS",
            "feuille de route",
            "fiches action",
            "collectivités",
        ],  # fmt: skip
        "licenses": licences,
        "sources": [{"title": "Essor", "path": settings.SITE_URL}],
        "contributors": [
            {"title": name, "role": "publisher"}
            for name in dict.fromkeys(p.workspace.name for p in package.processes)
        ],
        "created": created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": [
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table.schema(),
            }
            for table in TABLES
        ],
    }


def write_package(package: Package, target) -> dict[str, int]:
    """Write the ZIP of ``package`` to ``target`` (a path or a binary file); row counts."""
    created = timezone.now()
    tables = collect(package.processes)
    counts = {table.name: len(tables.get(table.name, [])) for table in TABLES}
    descriptor = datapackage(package, created)
    readme = render_to_string(
        "opendata/README.md",
        {
            "package": package,
            "descriptor": descriptor,
            "tables": [(table, counts[table.name]) for table in TABLES],
            "created": timezone.localtime(created),
            "site_url": settings.SITE_URL,
        },
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            archive.writestr(table.path, csv_bytes(table, tables.get(table.name, [])))
        archive.writestr(
            "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        )
        archive.writestr("README.md", readme)
    return counts
