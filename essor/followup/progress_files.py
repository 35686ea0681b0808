"""Reading a progress file: the follow-up XLSX filled in, or one or two CSV files.

The names the import recognises are written out here, in French and English, rather
than taken from the translation catalogue: a French file is read the same whatever the
active language. Headers and statuses are compared folded (essor.core.text.fold_label):
case, accents, gender and number do not matter ("Terminées", "terminé", "TERMINÉ(E)").

A workbook is read through the guards of essor.core.uploads (zip inspection, row cap
counting blank rows, NUL bytes). Its fill-in sheet is the first one named "Saisie…"
(else the first with an "Action" and a "Year" column), its indicator values the sheet
named "Indicateurs" (else the first with "Indicator" and "Value" columns). Numbers typed
in cells are read exactly and given to the French number parser as "1234,5".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from essor.core import uploads
from essor.core.text import fold, fold_label
from essor.followup.models import ProgressStatus
from essor.organisations import tabular
from essor.organisations.tabular import ImportFileError, Table

MAX_ROWS = 20_000

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "reference": ("Référence", "Reference", "Réf", "Ref", "Numéro", "N°"),
    "action": ("Action", "Titre", "Title", "Intitulé", "Fiche action"),
    "year": ("Année", "Year", "Exercice"),
    "status": ("Statut", "Status", "État", "Etat d’avancement"),
    "progress": ("Avancement (%)", "Avancement", "Progress (%)", "Progress", "% d’avancement"),
    "note": (
        "Point d’avancement", "Progress note", "Note", "Commentaire", "Commentaires",
        "Point d’étape",
    ),
    "spent_operating": (
        "Dépenses de fonctionnement", "Operating spending", "Dépenses fonctionnement",
        "Fonctionnement dépensé", "Operating spent",
    ),
    "spent_investment": (
        "Dépenses d’investissement", "Investment spending", "Dépenses investissement",
        "Investissement dépensé", "Investment spent",
    ),
    "indicator": ("Indicateur", "Indicator"),
    "value": ("Valeur", "Value", "Valeur mesurée", "Résultat"),
}  # fmt: skip
# Columns of the export the import knows and leaves alone (not "unknown").
IGNORED_COLUMNS = (
    "Axe", "Axis", "Pilote(s)", "Pilotes", "Pilot(s)", "Unité", "Unit", "Cible", "Target",
    "Année cible", "Target year", "Début prévu", "Fin prévue", "Planned start", "Planned end",
)  # fmt: skip

STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    ProgressStatus.NOT_STARTED: (
        "non démarrée", "non démarré(e)", "not started", "pas démarrée", "pas commencée",
        "non commencée", "à démarrer", "à venir", "non lancée",
    ),
    ProgressStatus.IN_PROGRESS: ("en cours", "in progress", "démarrée", "lancée", "commencée"),
    ProgressStatus.DONE: ("réalisée", "done", "terminée", "achevée", "faite", "finie"),
    ProgressStatus.PAUSED: ("en pause", "paused", "suspendue", "en attente"),
    ProgressStatus.BLOCKED: ("bloquée", "blocked"),
    ProgressStatus.ABANDONED: ("abandonnée", "abandoned", "annulée"),
}  # fmt: skip


def _index(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index = {}
    for code, names in aliases.items():
        for name in (str(code), str(code).replace("_", " "), *names):
            index.setdefault(fold_label(name), str(code))
    return index


_COLUMNS = _index(COLUMN_ALIASES)
_IGNORED = {fold_label(name) for name in IGNORED_COLUMNS}
_STATUSES = _index(STATUS_ALIASES)


def column_key(header: str) -> str | None:
    return _COLUMNS.get(fold_label(header))


def status_code(text: str) -> str | None:
    return _STATUSES.get(fold_label(text))


def accepted_statuses() -> str:
    return ", ".join(names[0] for names in STATUS_ALIASES.values())


def column_map(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column index of each known field, and the headers naming none (shown, not dropped)."""
    found: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        key = column_key(header)
        if key and key not in found:
            found[key] = index
        elif fold_label(header) not in _IGNORED:
            unknown.append(header)
    return found, unknown


def table_kind(table: Table) -> str | None:
    """The kind of rows of a table ("indicators", "actions"), None if neither."""
    keys = {column_key(h) for h in table.headers}
    if "indicator" in keys:
        return "indicators"
    if keys & {"action", "reference", "status"}:
        return "actions"
    return None


# ---------------------------------------------------------------- workbooks


def _cell_text(value) -> str:
    """A cell as text the French number parser reads exactly ("1234,5" for 1234.5)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number == number.to_integral():
            return str(int(number))
        return f"{number.normalize():f}".replace(".", ",")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _rows(sheet):
    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
        yield number, [_cell_text(v) for v in values]


def _read_sheet(sheet) -> Table | None:
    rows = list(uploads.capped_rows(_rows(sheet), max_rows=MAX_ROWS))
    return tabular.make_table(rows) if len(rows) > 1 else None  # a header and data


def _pick(workbook) -> tuple[Table | None, Table | None]:
    """The sheets named as the export names them; else the first ones with the columns.
    Only the sheets needed are read (the export's overview sheet is the widest)."""
    found: dict[str, Table | None] = {"actions": None, "indicators": None}
    others = []
    for sheet in workbook.worksheets:
        title = fold(sheet.title)
        kind = "actions" if title.startswith("saisie") else None
        kind = "indicators" if title.startswith("indicateurs") else kind
        if kind and found[kind] is None:
            found[kind] = _read_sheet(sheet)
        else:
            others.append(sheet)
    wanted = {"actions": {"action", "year"}, "indicators": {"indicator", "value"}}
    for sheet in others:
        if all(found.values()):
            break
        table = _read_sheet(sheet)
        keys = {column_key(h) for h in table.headers} if table else set()
        for kind, columns in wanted.items():
            if found[kind] is None and columns <= keys:
                found[kind] = table
                break
    return found["actions"], found["indicators"]


def read_workbook(handle: BinaryIO) -> tuple[Table | None, Table | None]:
    """(fill-in sheet, indicator sheet) of a workbook; ImportFileError in French."""
    from openpyxl import load_workbook

    not_a_workbook = ImportFileError(
        _("This file is not a valid Excel workbook (.xlsx): if it is a CSV file, name it .csv.")
    )
    handle.seek(0)
    if handle.read(4) != b"PK\x03\x04":
        raise not_a_workbook
    handle.seek(0)
    try:
        uploads.open_archive(handle).close()
        handle.seek(0)
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except tabular.BROKEN_WORKBOOK:
        raise not_a_workbook from None
    try:
        return _pick(workbook)
    except ImportFileError:
        raise
    except tabular.BROKEN_WORKBOOK:
        raise not_a_workbook from None
    finally:
        workbook.close()


# ---------------------------------------------------------------- files


def read_files(files: list[tuple[str, BinaryIO]]) -> tuple[Table | None, Table | None]:
    """(actions, indicator values) from a workbook, or from one or two CSV files (each
    recognised by its columns); ImportFileError in French."""
    actions = indicators = None
    for name, handle in files:
        if tabular.extension_of(name) == ".xlsx":
            found_actions, found_indicators = read_workbook(handle)
        else:
            table = tabular.read_csv(handle)
            kind = table_kind(table)
            found_actions = table if kind == "actions" else None
            found_indicators = table if kind == "indicators" else None
        if (found_actions and actions) or (found_indicators and indicators):
            raise ImportFileError(
                _("Two files hold the same kind of rows: send one for the actions and one "
                  "for the indicator values.")
            )  # fmt: skip
        actions = actions or found_actions
        indicators = indicators or found_indicators
    if actions is None and indicators is None:
        raise ImportFileError(
            _("No sheet of progress was found: the file needs an “Action” column and a “Year” "
              "column, or an “Indicator” column and a “Value” column.")
        )  # fmt: skip
    return actions, indicators


def read_uploads(uploaded) -> tuple[Table | None, Table | None]:
    """The same from uploaded files (Django ``UploadedFile``), each size-checked."""
    for upload in uploaded:
        uploads.check_size(upload.size)
        upload.seek(0)
    return read_files([(upload.name, upload) for upload in uploaded])


def read_paths(paths: list[Path]) -> tuple[Table | None, Table | None]:
    """The same from files on disk (the command)."""
    handles = []
    try:
        for path in paths:
            uploads.check_size(path.stat().st_size)
            handles.append((path.name, open(path, "rb")))  # noqa: SIM115 (closed below)
        return read_files(handles)
    finally:
        for _name, handle in handles:
            handle.close()


# ---------------------------------------------------------------- between the steps


def _dump(table: Table | None):
    return None if table is None else {"headers": table.headers, "rows": table.rows}


def _load(data) -> Table | None:
    if not isinstance(data, dict):
        return None
    return Table(headers=list(data["headers"]), rows=[(n, cells) for n, cells in data["rows"]])


def store_tables(actions: Table | None, indicators: Table | None) -> str:
    return uploads.store({"actions": _dump(actions), "indicators": _dump(indicators)})


def load_tables(token) -> tuple[Table | None, Table | None] | None:
    data = uploads.load(token)
    if not isinstance(data, dict):
        return None
    return _load(data.get("actions")), _load(data.get("indicators"))
