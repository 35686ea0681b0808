"""What data.gouv.fr and a Data Package need to know of each licence a workspace may choose."""

from __future__ import annotations

from essor.workspaces.models import DataLicence

LICENCES = {
    DataLicence.ETALAB_2: {
        "name": "etalab-2.0",
        "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "title": "Licence Ouverte / Open Licence version 2.0",
    },
    DataLicence.ODBL_1: {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Data Commons Open Database License (ODbL) 1.0",
    },
    DataLicence.CC_BY_4: {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International",
    },
}


def licence_descriptor(code: str) -> dict:
    """The Data Package ``licenses`` entry of a workspace's licence (the default if unknown)."""
    return dict(LICENCES.get(code, LICENCES[DataLicence.ETALAB_2]))
