"""Bins made before they were marked are found by their title, once, when migrating."""

from django.db import connection
from django.db.migrations.loader import MigrationLoader

AFTER = [("synthesis", "0002_theme_is_unsorted")]


def before():
    """Every app at its latest migration but synthesis, just before the bin was marked
    (and the apps depending on it, none so far, at their migrations before)."""
    graph = MigrationLoader(connection).graph
    return [n for n in graph.leaf_nodes() if n[0] != "synthesis"] + [("synthesis", "0001_initial")]


def test_existing_bins_are_marked(migrate_to):
    apps = migrate_to(before())
    workspace = apps.get_model("workspaces", "Workspace").objects.create(name="W", slug="w")
    process = apps.get_model("processes", "Process").objects.create(
        workspace=workspace, title="Plan ESS"
    )
    synthesis = apps.get_model("synthesis", "Synthesis").objects.create(process=process)
    Theme = apps.get_model("synthesis", "Theme")
    french = Theme.objects.create(synthesis=synthesis, title="À classer", order=3)
    english = Theme.objects.create(synthesis=synthesis, title="To sort", order=4)
    theme = Theme.objects.create(synthesis=synthesis, title="Mobilités", letter="A", order=1)

    apps = migrate_to(AFTER)
    Theme = apps.get_model("synthesis", "Theme")
    marked = set(Theme.objects.filter(is_unsorted=True).values_list("pk", flat=True))
    assert marked == {french.pk, english.pk}
    assert not Theme.objects.get(pk=theme.pk).is_unsorted
