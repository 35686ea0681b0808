"""Who may use the observatory of a process.

Everyone with a role in the process reads the figures and the list of ESS
organisations (internal material of the process). Facilitators and platform
admins also add organisations to the process directory and generate the
one-page sheet.
"""

from __future__ import annotations

import rules

from essor.processes.permissions import can_manage, has_role, is_platform_admin

rules.add_perm("observatory.view_observatory", is_platform_admin | has_role)
rules.add_perm("observatory.use_observatory", can_manage)
