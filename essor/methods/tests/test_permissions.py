"""Every view of the methods app, for every role of the cast, on a built-in and an owned
template."""

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.methods.models import MethodTemplate
from essor.methods.permissions import can, get_template_for
from essor.methods.services import import_template
from essor.methods.tests.data import editor_post, structure

CREATORS = ("admin", "facilitator", "other_workspace")  # workspace admins import and duplicate


def expected(name: str, kind: str, ok: int, owned: bool) -> dict[str, int]:
    """Status per role: "read" any logged-in user, "add" creators, "manage" owner or admin.

    The owned template belongs to the cast’s workspace: outside it, it does not exist
    (404); built-in templates are shared, and the other workspace's admin creates from them.
    """
    statuses = {}
    for role in ROLES:
        if role == "anonymous":
            statuses[role] = 302  # to the login page
        elif role in ("outsider", "other_workspace") and owned and name not in ("list", "import"):
            statuses[role] = 404
        elif kind == "read":
            statuses[role] = ok
        elif kind == "add":
            statuses[role] = ok if role in CREATORS else 403
        else:  # manage: the facilitator owns the "owned" template; built-ins are read-only
            statuses[role] = ok if owned and role in ("admin", "facilitator") else 403
    return statuses


VIEWS = [
    # name, method, kind, status when allowed
    ("list", "get", "read", 200),
    ("detail", "get", "read", 200),
    ("export", "get", "read", 200),
    ("import", "get", "add", 200),
    ("import", "post", "add", 302),
    ("duplicate", "post", "add", 302),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("delete", "get", "manage", 200),
    ("delete", "post", "manage", 302),
]
MATRIX = [
    pytest.param(
        name,
        method,
        owned,
        role,
        status,
        id=f"{name}-{method}-{role}-{'owned' if owned else 'builtin'}",
    )
    for name, method, kind, ok in VIEWS
    for owned in (False, True)
    for role, status in expected(name, kind, ok, owned).items()
]


@pytest.fixture
def owned(cast):
    return import_template(structure(), user=cast.facilitator, workspace=cast.workspace)


@pytest.mark.parametrize("name,method,is_owned,role,status", MATRIX)
def test_methods_permission_matrix(
    client_as, consultancy, owned, name, method, is_owned, role, status, tmp_path
):
    template = owned if is_owned else consultancy
    url = (
        reverse(f"methods:{name}")
        if name in ("list", "import")
        else reverse(f"methods:{name}", args=[template.slug])
    )
    client = client_as(role)
    if method == "get":
        response = client.get(url)
    elif name == "import":
        path = tmp_path / "m.yaml"
        path.write_text("format: essor-method/1\nname: Importée\nphases:\n  - name: A\n")
        with path.open("rb") as upload:
            response = client.post(url, {"file": upload})
    elif name == "edit":
        response = client.post(url, editor_post(template, **{"template-name": "Renommée"}))
    else:
        response = client.post(url)
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/comptes/connexion/")
    changed = MethodTemplate.objects.filter(pk=template.pk).first()
    if name == "delete" and method == "post":
        assert (changed is None) == (status == 302 and role != "anonymous")
    if name == "edit" and method == "post":
        assert (changed.name == "Renommée") == (status == 302 and role != "anonymous")
    if name == "import" and method == "post":
        imported = MethodTemplate.objects.filter(name="Importée").exists()
        assert imported == (status == 302 and role != "anonymous")


@pytest.mark.parametrize("workspace_admin,facilitator_of_a_process,allowed", [
    (False, False, False),
    (True, False, True),
    (False, True, True),
])  # fmt: skip
def test_who_may_create_templates(cast, workspace_admin, facilitator_of_a_process, allowed):
    from essor.processes.models import Membership, Role
    from essor.workspaces.models import WorkspaceMember

    user = cast.outsider
    if workspace_admin:
        WorkspaceMember.objects.create(workspace=cast.workspace, user=user, role="admin")
    if facilitator_of_a_process:
        Membership.objects.create(process=cast.process, user=user, role=Role.FACILITATOR)
    assert can(user, "methods.add_template") == allowed


def test_creator_keeps_editing_their_template_without_create_rights(cast):
    template = import_template(structure(), user=cast.contributor)
    assert can(cast.contributor, "methods.change_template", template)
    assert can(cast.contributor, "methods.delete_template", template)
    assert not can(cast.contributor, "methods.add_template", template)
    assert not can(cast.facilitator, "methods.change_template", template)


def test_inactive_user_sees_nothing(cast, consultancy):
    cast.admin.is_active = False
    assert not can(cast.admin, "methods.view_template", consultancy)
    assert not can(cast.admin, "methods.add_template")


def test_even_a_superuser_cannot_edit_a_builtin_template(cast, consultancy):
    assert cast.admin.is_superuser
    assert not can(cast.admin, "methods.change_template", consultancy)
    assert not can(cast.admin, "methods.delete_template", consultancy)
    assert can(cast.admin, "methods.add_template", consultancy)


def test_get_template_for_by_id_or_slug(cast, consultancy):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    assert get_template_for(cast.outsider, consultancy.pk) == consultancy
    assert get_template_for(cast.outsider, str(consultancy.pk)) == consultancy
    assert get_template_for(cast.outsider, consultancy.slug) == consultancy
    with pytest.raises(Http404):
        get_template_for(cast.outsider, "inconnu")
    with pytest.raises(Http404):
        get_template_for(cast.outsider, 999_999)
    with pytest.raises(PermissionDenied):
        get_template_for(cast.admin, consultancy.slug, "methods.change_template")
