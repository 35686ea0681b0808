"""Who may use the observatory of a process.

The figures come from public data (INSEE's SIRENE register), so once a process
is published anyone — anonymous visitors included — reads its observatory: the
diagnostic page, its CSV/XLSX downloads, the list of ESS organisations (public
register data) and the one-page sheet with the platform's standard texts.
Before publication only people with a role in the process read it.
Facilitators and platform admins also add organisations to the process
directory and write the sheet's own texts.
"""

from __future__ import annotations

import rules

from essor.processes.permissions import can_manage, has_role, is_platform_admin, is_published

rules.add_perm("observatory.view_observatory", is_platform_admin | has_role | is_published)
rules.add_perm("observatory.use_observatory", can_manage)
# The register is shared by every workspace of the platform: only platform admins
# import a new one.
rules.add_perm("observatory.import_register", is_platform_admin)
