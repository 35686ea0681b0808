"""An action's implementation status in the vocabulary of the State's shared hub of local
"fiches action", so that other public tools can take Essor's roadmaps in.

The hub's labels are French whatever the reader's language: they are codes of that
vocabulary, not text of Essor's interface."""

from __future__ import annotations

from essor.followup.models import ProgressStatus

UPCOMING = "À venir"
IN_PROGRESS = "En cours"
LATE = "En retard"
PAUSED = "En pause"
BLOCKED = "Bloqué"
ABANDONED = "Abandonné"
DONE = "Terminé"
VOCABULARY = [UPCOMING, IN_PROGRESS, LATE, PAUSED, BLOCKED, ABANDONED, DONE]

_BY_STATUS = {
    ProgressStatus.NOT_STARTED: UPCOMING,
    ProgressStatus.IN_PROGRESS: IN_PROGRESS,
    ProgressStatus.PAUSED: PAUSED,
    ProgressStatus.BLOCKED: BLOCKED,
    ProgressStatus.ABANDONED: ABANDONED,
    ProgressStatus.DONE: DONE,
}


def fiche_action_status(status: str, late: bool = False) -> str:
    """The hub's label of an implementation status: "En retard" for an action late to start
    or to finish; a paused or blocked one says so rather than being late."""
    if late and status in (ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS):
        return LATE
    return _BY_STATUS[ProgressStatus(status)]
