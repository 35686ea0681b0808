"""The migrations that hash the calendar tokens keep the calendars already subscribed working."""

from django.urls import reverse

from essor.core.tokens import hash_token
from essor.organisations.models import Person
from essor.processes.models import Process

BEFORE = [
    ("processes", "0003_process_workspace_required"),
    ("organisations", "0003_organisation_person_workspace_required"),
]


def _latest():
    """Every app at its latest migration: the test then uses today's models and views."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_existing_calendar_tokens_are_hashed_and_keep_working(migrate_to, client):
    old_apps = migrate_to(BEFORE)
    workspace = old_apps.get_model("workspaces", "Workspace").objects.create(
        name="Espace", slug="espace"
    )
    process = old_apps.get_model("processes", "Process").objects.create(
        workspace=workspace, title="Démarche", calendar_token="ancien-lien-demarche-xxxxxxxx"
    )
    people = [
        old_apps.get_model("organisations", "Person").objects.create(
            workspace=workspace, last_name=name, calendar_token=f"ancien-lien-{name}-yyyyyyyy"
        )
        for name in ("Martin", "Riviere")
    ]

    migrate_to(_latest())
    stored = Process.objects.get(pk=process.pk)
    assert stored.calendar_token_hash == hash_token("ancien-lien-demarche-xxxxxxxx")
    assert stored.calendar_token_created_at is None  # unknown: the page says "a link exists"
    assert {p.calendar_token_hash for p in Person.objects.all()} == {
        hash_token(p.calendar_token) for p in people
    }
    # The subscriptions made before the migration still fetch their calendar.
    feed = reverse("meetings:ical_process", args=[process.pk, "ancien-lien-demarche-xxxxxxxx"])
    assert client.get(feed).status_code == 200
    for person in people:
        feed = reverse("meetings:ical_person", args=[person.calendar_token])
        assert client.get(feed).status_code == 200
    assert client.get(reverse("meetings:ical_person", args=["autre-lien"])).status_code == 404
