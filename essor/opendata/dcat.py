"""The DCAT catalogue (JSON-LD, DCAT-AP-FR style) of the published processes, for
data.gouv.fr's harvester: a dataset per process, its ZIP and the read API as distributions,
its licence, its publisher (the workspace) and its territories by their INSEE URIs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from essor.opendata.licences import licence_descriptor
from essor.opendata.rows import plain, process_key
from essor.portal import visibility
from essor.territories.models import Territory, TerritoryKind

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FRENCH = {"@id": "http://publications.europa.eu/resource/authority/language/FRA"}
# INSEE's URIs of the official geographic code (SIREN for the EPCI).
INSEE_GEO = {
    TerritoryKind.COMMUNE: "http://id.insee.fr/geo/commune/{}",
    TerritoryKind.EPCI: "http://id.insee.fr/geo/intercommunalite/{}",
    TerritoryKind.DEPARTEMENT: "http://id.insee.fr/geo/departement/{}",
    TerritoryKind.REGION: "http://id.insee.fr/geo/region/{}",
    TerritoryKind.COUNTRY: "http://id.insee.fr/geo/pays/{}",
}
ZIP = "http://www.iana.org/assignments/media-types/application/zip"
KEYWORDS = ["économie sociale et solidaire", "ESS", "feuille de route", "fiches action"]


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def moment(value: dt.datetime) -> dict:
    return {
        "@value": value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "@type": "xsd:dateTime",
    }


def catalogue() -> dict:
    """The catalogue, in two queries whatever the number of processes."""
    processes = list(
        visibility.published_processes()
        .select_related("workspace")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.order_by("kind", "code"))
        )
        .order_by("pk")
    )
    found = {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": "Démarches ESS publiées sur Essor",
        "dct:description": "Les feuilles de route de l'économie sociale et solidaire "
        "co-construites sur cette instance d'Essor, leur mise en œuvre et leurs données "
        "publiques, en données ouvertes.",
        "dct:language": FRENCH,
        "foaf:homepage": {"@id": absolute("/")},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Essor"},
        "dcat:dataset": [dataset(process) for process in processes],
    }
    if processes:
        found["dcat:dataset"].append(instance_dataset(processes))
    if processes:
        found["dct:modified"] = moment(max(p.updated_at for p in processes))
    return found


def dataset(process) -> dict:
    licence = {"@id": licence_descriptor(process.workspace.data_licence)["path"]}
    key = process_key(process)
    download = absolute(reverse("opendata:process_zip", args=[process.pk]))
    return {
        "@id": absolute(reverse("opendata:process_zip", args=[process.pk])) + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": key,
        "dct:title": process.title,
        "dct:description": plain(process.ambition) or process.title,
        "dct:language": FRENCH,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": process.workspace.name},
        "dct:license": licence,
        "dct:modified": moment(process.updated_at),
        "dcat:keyword": KEYWORDS,
        "dcat:landingPage": {"@id": absolute(reverse("plans:public", args=[process.pk]))},
        "dct:spatial": [
            {
                "@id": INSEE_GEO[territory.kind].format(territory.code),
                "@type": "dct:Location",
                "dct:identifier": territory.code,
                "skos:prefLabel": territory.name,
            }
            for territory in process.territories.all()
            if territory.kind in INSEE_GEO
        ],
        "dcat:distribution": [
            {
                "@id": download,
                "@type": "dcat:Distribution",
                "dct:title": "Paquet de données ouvertes (CSV, Data Package)",
                "dcat:downloadURL": {"@id": download},
                "dcat:accessURL": {"@id": download},
                "dcat:mediaType": {"@id": ZIP},
                "dct:format": "ZIP",
                "dct:license": licence,
            },
            {
                "@id": absolute(reverse("api:process", args=[process.pk])),
                "@type": "dcat:Distribution",
                "dct:title": "API de lecture (JSON)",
                "dcat:accessURL": {"@id": absolute(reverse("api:process", args=[process.pk]))},
                "dct:conformsTo": {"@id": absolute(reverse("api:schema"))},
                "dcat:mediaType": {
                    "@id": "http://www.iana.org/assignments/media-types/application/json"
                },
                "dct:format": "JSON",
                "dct:license": licence,
            },
        ],
    }


def instance_dataset(processes) -> dict:
    """Every published process in one package (each row gives its process's licence)."""
    download = absolute(reverse("opendata:instance_zip"))
    licences = [
        {"@id": path}
        for path in dict.fromkeys(
            licence_descriptor(p.workspace.data_licence)["path"] for p in processes
        )
    ]
    return {
        "@id": download + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": "essor-demarches-publiees",
        "dct:title": "Toutes les démarches ESS publiées sur Essor",
        "dct:description": "Les données ouvertes de toutes les démarches publiées de cette "
        "instance d'Essor, en un seul paquet.",
        "dct:language": FRENCH,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Essor"},
        "dct:license": licences[0] if len(licences) == 1 else licences,
        "dct:modified": moment(max(p.updated_at for p in processes)),
        "dcat:keyword": KEYWORDS,
        "dcat:distribution": [
            {
                "@id": download,
                "@type": "dcat:Distribution",
                "dct:title": "Paquet de données ouvertes (CSV, Data Package)",
                "dcat:downloadURL": {"@id": download},
                "dcat:accessURL": {"@id": download},
                "dcat:mediaType": {"@id": ZIP},
                "dct:format": "ZIP",
            }
        ],
    }
