"""Template context shared by every page inside a process (tabs, rights)."""

from __future__ import annotations

from essor.processes.models import Process


def process_context(user, process: Process, active: str) -> dict:
    """Context for templates including processes/includes/subnav.html."""
    can_view_internal = user.has_perm("processes.view_internal", process)
    return {
        "process": process,
        "active": active,
        "can_manage": user.has_perm("processes.change_process", process),
        "can_view_internal": can_view_internal,
        # The public's tab of the validated roadmap (members reach it from the plan list).
        "can_read_public_plan": not can_view_internal
        and user.has_perm("plans.read_public_plan", process),
        "can_view_mobilisation": user.has_perm("mobilisation.view_dashboard", process),
        "can_view_synthesis": user.has_perm("synthesis.view_synthesis", process),
        # Public once the process is published (figures from the SIRENE register).
        "can_view_observatory": user.has_perm("observatory.view_observatory", process),
    }
