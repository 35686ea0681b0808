"""The names an imported plan may give its columns and values, in French and English.

Written out here rather than taken from the translation catalogue: Essor
installed without its compiled catalogues runs in English, and a French file
("axe, action, statut, motif") must then be read the same. Labels are
compared folded (essor.core.text.fold_label): case, accents, gender and
number do not matter ("Retenu(e)", "retenues", "RETENU" are one status).
"""

from __future__ import annotations

from essor.core.text import fold_label
from essor.plans.models import ActionStatus, Priority

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "axis": ("Axe", "Axis", "axe thématique", "axe stratégique"),
    "axis_vision": ("Vision de l’axe", "Vision of the axis"),
    "sub_axis": ("Sous-axe", "Sub-axis"),
    "sub_axis_vision": ("Vision du sous-axe", "Vision of the sub-axis"),
    "title": (
        "Titre", "Title", "Action", "Titre de l’action", "Intitulé", "Nom de l’action",
        "Fiche action",
    ),
    "parent": ("Action parente", "Parent action", "Parent"),
    "description": ("Description",),
    "objectives": ("Objectifs", "Objectives"),
    "expected_effects": ("Effets attendus", "Expected effects"),
    "status": ("Statut", "Status", "État"),
    "status_reason": ("Raison", "Reason", "Motif", "Motif de non retenue"),
    "priority": ("Priorité", "Priority"),
    "start_date": ("Début", "Start", "Date de début", "Start date"),
    "end_date": ("Fin", "End", "Date de fin", "End date"),
    "pilots": ("Pilotes", "Pilots", "Porteur", "Porteurs"),
    "partners": ("Partenaires", "Partners"),
    "departments": (
        "Directions", "Departments", "Directions concernées", "Services", "Transversalité",
    ),
    "levers": ("Leviers", "Levers"),
    "themes": ("Thèmes", "Themes"),
    "audiences": ("Publics cibles", "Target audiences", "Publics"),
    "milestones": ("Jalons", "Milestones"),
    "budget_lines": ("Budget", "Budget par année"),
    "fundings": ("Financeurs", "Funders", "Financements"),
    "indicators": ("Indicateurs", "Indicators"),
    "notes": ("Notes",),
}  # fmt: skip

STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    ActionStatus.PROPOSED: ("proposée", "proposed"),
    ActionStatus.RETAINED: ("retenue", "retained"),
    ActionStatus.NOT_RETAINED: ("non retenue", "not retained"),
    ActionStatus.IN_PROGRESS: ("en cours", "in progress"),
    ActionStatus.DONE: ("réalisée", "done", "terminée"),
    ActionStatus.PAUSED: ("en pause", "paused", "suspendue"),
    ActionStatus.ABANDONED: ("abandonnée", "abandoned"),
}

PRIORITY_ALIASES: dict[str, tuple[str, ...]] = {
    Priority.HIGH: ("haute", "high", "élevée"),
    Priority.MEDIUM: ("moyenne", "medium"),
    Priority.LOW: ("basse", "low", "faible"),
}


def _index(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index = {}
    for code, names in aliases.items():
        for name in (code, code.replace("_", " "), *names):
            index.setdefault(fold_label(name), str(code))
    return index


_COLUMNS = _index(COLUMN_ALIASES)
_STATUSES = _index(STATUS_ALIASES)
_PRIORITIES = _index(PRIORITY_ALIASES)


def column_key(header: str) -> str | None:
    """The field a column header names ("Statuts", "status", "STATUT" -> "status")."""
    return _COLUMNS.get(fold_label(header))


def status_code(text: str) -> str | None:
    return _STATUSES.get(fold_label(text))


def priority_code(text: str) -> str | None:
    return _PRIORITIES.get(fold_label(text))


def accepted(aliases: dict[str, tuple[str, ...]]) -> str:
    """The French names of the accepted values, for an error message."""
    return ", ".join(names[0] for names in aliases.values())
