"""Hand-built SIRENE stock files for the observatory tests (all of INSEE's columns)."""

from __future__ import annotations

import csv
from pathlib import Path

from essor.observatory.sirene_format import ESTABLISHMENT_COLUMNS, LEGAL_UNIT_COLUMNS


def legal_unit(siren, category, flag="N", state="A", name="") -> dict:
    return {
        "siren": siren,
        "categorieJuridiqueUniteLegale": category,
        "economieSocialeSolidaireUniteLegale": flag,
        "etatAdministratifUniteLegale": state,
        "denominationUniteLegale": name or f"STRUCTURE {siren}",
    }


def establishment(siren, nic, commune, naf, band, state="A", name="") -> dict:
    return {
        "siren": siren,
        "nic": nic,
        "siret": f"{siren}{nic}",
        "codeCommuneEtablissement": commune,
        "libelleCommuneEtablissement": f"COMMUNE {commune}",
        "activitePrincipaleEtablissement": naf,
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
        "trancheEffectifsEtablissement": band,
        "anneeEffectifsEtablissement": "2023" if band not in ("", "NN") else "",
        "etatAdministratifEtablissement": state,
        "etablissementSiege": "true" if nic == "00011" else "false",
        "dateDernierTraitementEtablissement": "2026-10-31T20:00:00",
        "denominationUsuelleEtablissement": name,
    }


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path


# One legal unit per definition to check (see test_diagnostic for the counts by hand).
LEGAL_UNITS = [
    legal_unit("100000001", "9220", "O", name="ASSOCIATION DU CLAIN"),  # association
    legal_unit("100000002", "5458", "N", name="SCOP BATIR"),  # cooperative by its category
    legal_unit("100000003", "8210", "N", name="MUTUELLE DU POITOU"),  # mutual
    legal_unit("100000004", "9300", "N", name="FONDATION SANTE"),  # foundation
    legal_unit("100000005", "5710", "O", name="SCIC NUMERIQUE SAS"),  # ESS company (flag only)
    legal_unit("100000006", "5710", "N", name="EPICERIE SAS"),  # not ESS
    legal_unit("100000007", "9220", "O", name="PAROISSE ASSOCIATION"),  # excluded by 94.91Z
    legal_unit("100000008", "7210", "N", name="COMMUNE"),  # public body
    legal_unit("100000009", "9220", "O", name="ASSOCIATION ADMIN"),  # excluded by division 84
    legal_unit("100000010", "9240", "N", name="CONGREGATION"),  # category outside the lists
]
ESTABLISHMENTS = [
    establishment("100000001", "00011", "86194", "94.99Z", "11"),  # E1
    establishment("100000001", "00022", "86194", "88.99B", "NN"),  # E2
    establishment("100000001", "00033", "86194", "94.99Z", "01", state="F"),  # E3 closed
    establishment("100000002", "00011", "86194", "43.21A", "03"),  # E4
    establishment("100000003", "00011", "86194", "65.12Z", "00"),  # E5
    establishment("100000004", "00011", "86194", "86.10Z", "53"),  # E6
    establishment("100000005", "00011", "86194", "62.01Z", ""),  # E7 no band
    establishment("100000006", "00011", "86194", "47.11F", "02"),  # E8
    establishment("100000007", "00011", "86194", "94.91Z", "01"),  # E9
    establishment("100000008", "00011", "86194", "84.11Z", "12"),  # E10
    establishment("100000009", "00011", "86194", "84.13Z", "NN"),  # E11
    establishment("100000010", "00011", "86194", "94.99Z", "NN"),  # E12
    establishment("100000001", "00044", "86041", "94.99Z", "01"),  # E13 Buxerolles (same EPCI)
    establishment("100000001", "00055", "75108", "94.99Z", "02"),  # E14 Paris 8e -> Paris
    establishment("100000002", "00022", "79191", "43.21A", "01"),  # E15 Niort (same région)
]


def write_stock(directory: Path, legal_units=None, establishments=None) -> tuple[Path, Path]:
    ul = write_csv(directory / "StockUniteLegale_utf8.csv", LEGAL_UNIT_COLUMNS,
                   LEGAL_UNITS if legal_units is None else legal_units)  # fmt: skip
    est = write_csv(directory / "StockEtablissement_utf8.csv", ESTABLISHMENT_COLUMNS,
                    ESTABLISHMENTS if establishments is None else establishments)  # fmt: skip
    return ul, est
