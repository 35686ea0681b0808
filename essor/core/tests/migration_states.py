"""Schema states for the tests of data migrations (with the ``migrate_to`` fixture)."""

from django.db import connection
from django.db.migrations.loader import MigrationLoader


def state_before(app: str, name: str) -> list[tuple[str, str | None]]:
    """Every app at its latest migration that does not need ``(app, name)``: migrating
    there leaves that migration, and whatever builds on it in any app, unapplied. Written
    once here because a list of apps to leave out breaks whenever a new app depends on
    the migration under test."""
    graph = MigrationLoader(connection).graph
    avoided = (app, name)
    targets = []
    for leaf in graph.leaf_nodes():
        node = leaf
        while node is not None and avoided in graph.forwards_plan(node):
            parents = sorted(p.key for p in graph.node_map[node].parents if p.key[0] == node[0])
            node = parents[0] if parents else None
        targets.append(node if node is not None else (leaf[0], None))
    return targets
