"""The cast shared by every test (healthchecks' hc/test.py style).

``cast`` gives a process of a workspace on a small territory with one user
per role: admin (platform), facilitator (also administrator of the
workspace), committee member, contributor, outsider (logged in, no role),
other_workspace (administrator of another workspace and facilitator of its
process: must see nothing more than an outsider here) and ``None`` for the
anonymous visitor. ``client_as(name)`` gives a
Django test client logged in as that member of the cast.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

# Fails a whole-suite run when a URL name of Essor is never requested by a test.
pytest_plugins = ["essor.core.tests.url_coverage"]

ROLES = [
    "admin",
    "facilitator",
    "committee_member",
    "contributor",
    "outsider",
    "other_workspace",
    "anonymous",
]
PASSWORD = "essor-test-password-1"  # noqa: S105


@dataclass
class Cast:
    admin: object
    facilitator: object
    committee_member: object
    contributor: object
    outsider: object
    other_workspace: object
    anonymous: None
    process: object
    territory: object
    workspace: object
    elsewhere: object  # the other workspace
    elsewhere_process: object  # its process, facilitated by other_workspace

    def user(self, role: str):
        return getattr(self, role)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs ~0.3 s per account: far too slow for a cast per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _steady_rate_limit_window(monkeypatch):
    """django-ratelimit counts per fixed slice of the clock (a minute for "20/m"): a
    test whose requests straddle the end of a slice would see its counter restart and
    the limit not trip. Tests pin the slice (the counting itself is the real one) and
    start with no request counted, since the slice no longer ends between tests."""
    from django.core.cache import cache

    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: 0)
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request made in English by an earlier
    test would otherwise leave English active in this thread (LocaleMiddleware does not
    reset it), and French messages checked outside a request would depend on test order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def cast(db):
    from essor.accounts.models import User
    from essor.processes.models import Membership, Process, Role
    from essor.territories.models import Territory, TerritoryKind
    from essor.workspaces.models import Workspace, WorkspaceMember, WorkspaceRole

    region = Territory.objects.create(
        kind=TerritoryKind.REGION, code="75", name="Nouvelle-Aquitaine"
    )
    dep = Territory.objects.create(
        kind=TerritoryKind.DEPARTEMENT, code="86", name="Vienne", region=region
    )
    epci = Territory.objects.create(
        kind=TerritoryKind.EPCI,
        code="200069854",
        name="CU du Grand Poitiers",
        departement=dep,
        region=region,
        population=196000,
    )
    Territory.objects.create(
        kind=TerritoryKind.COMMUNE,
        code="86194",
        name="Poitiers",
        departement=dep,
        region=region,
        epci=epci,
        population=90000,
    )
    users = {
        "admin": User.objects.create_superuser(
            "admin@example.org", PASSWORD, full_name="Ada Admin"
        ),
        "facilitator": User.objects.create_user(
            "animatrice@example.org", PASSWORD, full_name="Fanny Animatrice"
        ),
        "committee_member": User.objects.create_user(
            "copil@example.org", PASSWORD, full_name="Camille Copil"
        ),
        "contributor": User.objects.create_user(
            "contrib@example.org", PASSWORD, full_name="Claude Contributeur"
        ),
        "outsider": User.objects.create_user(
            "autre@example.org", PASSWORD, full_name="Olivier Ailleurs"
        ),
        "other_workspace": User.objects.create_user(
            "voisine@example.org", PASSWORD, full_name="Valérie Voisine"
        ),
    }  # fmt: skip
    workspace = Workspace.objects.create(name="Grand Poitiers", slug="grand-poitiers")
    process = Process.objects.create(
        workspace=workspace, title="Plan ESS du Grand Poitiers", ambition="<p>Ambition</p>"
    )
    process.territories.add(epci)
    for role in (Role.FACILITATOR, Role.COMMITTEE_MEMBER, Role.CONTRIBUTOR):
        Membership.objects.create(process=process, user=users[role.value], role=role)
        WorkspaceMember.objects.create(
            workspace=workspace,
            user=users[role.value],
            role=WorkspaceRole.ADMIN if role == Role.FACILITATOR else WorkspaceRole.MEMBER,
        )
    elsewhere = Workspace.objects.create(name="CRESS voisine", slug="cress-voisine")
    WorkspaceMember.objects.create(
        workspace=elsewhere, user=users["other_workspace"], role=WorkspaceRole.ADMIN
    )
    elsewhere_process = Process.objects.create(workspace=elsewhere, title="Plan ESS voisin")
    Membership.objects.create(
        process=elsewhere_process, user=users["other_workspace"], role=Role.FACILITATOR
    )
    return Cast(
        **users,
        anonymous=None,
        process=process,
        territory=epci,
        workspace=workspace,
        elsewhere=elsewhere,
        elsewhere_process=elsewhere_process,
    )


@pytest.fixture
def client_as(cast, client):
    """client_as("facilitator") -> a test client logged in as that role."""
    from django.test import Client

    def make(role: str) -> Client:
        new_client = Client()
        user = cast.user(role)
        if user is not None:
            new_client.force_login(user)
        return new_client

    return make


@pytest.fixture
def migrate_to(transactional_db):
    """migrate_to(targets) moves the schema to those migrations and gives the models of that
    state. Afterwards the schema is always brought back to the latest migrations, even when
    the test fails: a test left on an old schema broke every test after it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def run_jobs(db):
    """run_jobs(fn, *args) calls fn; the background work it starts runs before it returns,
    as on a server without a worker (the test's transaction never commits by itself)."""
    from essor.jobs.tests.helpers import run_jobs

    return run_jobs
