"""Every view of the processes app, for every role of the cast, plus bad inputs."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import ROLES
from essor.core.tests.matrix import matrix
from essor.processes.models import Membership, Phase, Process, Role
from essor.processes.tests.data import make_template


def _url(name, process, membership=None):
    pid = process.pk
    return {
        "detail": reverse("processes:detail", args=[pid]),
        "edit": reverse("processes:edit", args=[pid]),
        "delete": reverse("processes:delete", args=[pid]),
        "phases": reverse("processes:phases", args=[pid]),
        "phases_edit": reverse("processes:phases_edit", args=[pid]),
        "members": reverse("processes:members", args=[pid]),
        "member_role": reverse("processes:member_role", args=[pid, membership]),
        "member_remove": reverse("processes:member_remove", args=[pid, membership]),
    }[name]


def _phase_data(process):
    data = {"phases-TOTAL_FORMS": "2", "phases-INITIAL_FORMS": "1", "phases-MIN_NUM_FORMS": "1",
            "phases-MAX_NUM_FORMS": "1000"}  # fmt: skip
    phase = process.phases.get()
    data.update({"phases-0-id": phase.pk, "phases-0-process": process.pk,
                 "phases-0-order": 1, "phases-0-name": "Phase renommée",
                 "phases-1-order": "", "phases-1-name": ""})  # fmt: skip
    return data


VIEWS = [
    ("detail", "get", "public", 200),
    ("phases", "get", "public", 200),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("delete", "get", "manage", 200),
    ("phases_edit", "get", "manage", 200),
    ("phases_edit", "post", "manage", 302),
    ("members", "get", "manage", 200),
    ("members", "post", "manage", 302),
    ("member_role", "post", "manage", 302),
    ("member_remove", "post", "manage", 302),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_processes_permission_matrix(client_as, cast, name, method, role, published, expected):
    process = cast.process
    process.is_published = published
    process.save()
    Phase.objects.create(process=process, order=1, name="Phase 1")
    contributor = Membership.objects.get(process=process, role=Role.CONTRIBUTOR)
    data = {
        "edit": {"title": "Nouveau titre", "status": "ongoing", "territory_1": "epci:200069854"},
        "phases_edit": _phase_data(process),
        "members": {"email": "nouveau@example.org", "full_name": "Noé", "role": "contributor"},
        "member_role": {"role": "committee_member"},
    }.get(name, {})
    client = client_as(role)
    url = _url(name, process, contributor.pk)
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected, getattr(response, "content", b"")[:2000]
    if response.status_code == 302 and role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    allowed = expected in (200, 302) and role != "anonymous"
    if method == "post" and allowed:
        if name == "edit":
            assert Process.objects.get(pk=process.pk).title == "Nouveau titre"
        if name == "member_remove":
            assert not Membership.objects.filter(pk=contributor.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_delete_process_matrix(client_as, cast, role):
    response = client_as(role).post(reverse("processes:delete", args=[cast.process.pk]))
    expected = {"admin": 302, "facilitator": 302, "anonymous": 302, "outsider": 404,
                "other_workspace": 404}  # fmt: skip
    assert response.status_code == expected.get(role, 403)
    still_there = Process.objects.filter(pk=cast.process.pk).exists()
    assert still_there == (role not in ("admin", "facilitator"))


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_what_each_role_may_see(client_as, cast, role):
    hidden = Process.objects.create(
        workspace=cast.elsewhere, title="Démarche confidentielle d'ailleurs"
    )
    published = Process.objects.create(
        workspace=cast.elsewhere, title="Démarche publiée d'ailleurs", is_published=True
    )
    # Without a role in it, only the admins of the platform and of the workspace see it.
    unstaffed = Process.objects.create(workspace=cast.workspace, title="Démarche sans équipe")
    page = client_as(role).get(reverse("processes:list")).content.decode()
    assert published.title.replace("'", "&#x27;") in page
    assert (hidden.title.replace("'", "&#x27;") in page) == (role in ("admin", "other_workspace"))
    assert (unstaffed.title in page) == (role in ("admin", "facilitator"))
    outside = ("outsider", "other_workspace", "anonymous")
    assert (cast.process.title in page) == (role not in outside)


@pytest.mark.parametrize(
    "role,expected",
    [("admin", 200), ("facilitator", 200), ("committee_member", 403), ("contributor", 403),
     ("outsider", 403), ("other_workspace", 200), ("anonymous", 302)],
)  # fmt: skip
def test_create_page_matrix(client_as, cast, role, expected):
    assert client_as(role).get(reverse("processes:create")).status_code == expected


def test_create_process_from_the_form(client_as, cast):
    template = make_template()
    response = client_as("facilitator").post(
        reverse("processes:create"),
        {"title": "Plan ESS de Poitiers", "territory_1": "epci:200069854",
         "territory_2": "86194", "template": template.pk, "start_date": "2026-09-07",
         "ambition": "<p onclick='x()'>Ouvert</p><script>alert(1)</script>"},
    )  # fmt: skip
    process = Process.objects.get(title="Plan ESS de Poitiers")
    assert response["Location"] == reverse("processes:detail", args=[process.pk])
    assert process.ambition == "<p>Ouvert</p>"
    assert process.phases.count() == 2 and process.bodies.count() == 2
    assert process.memberships.get().user == cast.facilitator


def test_a_platform_admin_chooses_the_workspace_of_a_new_process(client_as, cast):
    data = {"title": "Plan voisin", "territory_1": "epci:200069854", "template": ""}
    response = client_as("admin").post(reverse("processes:create"), data)
    assert "workspace" in response.context["form"].errors
    assert not Process.objects.filter(title="Plan voisin").exists()
    data["workspace"] = cast.elsewhere.pk
    assert client_as("admin").post(reverse("processes:create"), data).status_code == 302
    assert Process.objects.get(title="Plan voisin").workspace == cast.elsewhere


def test_a_workspace_admin_creates_in_their_workspace_only(client_as, cast):
    data = {"title": "Plan en douce", "territory_1": "epci:200069854", "template": "",
            "workspace": cast.elsewhere.pk}  # fmt: skip
    assert client_as("facilitator").post(reverse("processes:create"), data).status_code == 302
    assert Process.objects.get(title="Plan en douce").workspace == cast.workspace


def test_a_workspace_admin_manages_a_process_without_a_role_in_it(client_as, cast):
    unstaffed = Process.objects.create(workspace=cast.workspace, title="Démarche sans équipe")
    client = client_as("facilitator")
    assert client.get(reverse("processes:members", args=[unstaffed.pk])).status_code == 200
    assert (
        client_as("other_workspace")
        .get(reverse("processes:detail", args=[unstaffed.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"title": ""}, "title", "Ce champ est obligatoire"),
        ({"territory_1": ""}, "territory_1", "Ce champ est obligatoire"),
        ({"territory_1": "Poitiers"}, "territory_1", "n’est pas un territoire"),
        ({"territory_1": "epci:123456789"}, "territory_1", "Aucun territoire"),
        ({"territory_2": "epci:200069854"}, "territory_2", "déjà choisi"),
        ({"start_date": "31/02/2026"}, "start_date", "Saisissez une date valide"),
    ],
)
def test_create_form_bad_input_is_reported_at_the_field(client_as, cast, data, field, message):
    base = {"title": "Plan", "territory_1": "epci:200069854", "template": ""}
    base.update(data)
    before = Process.objects.count()
    response = client_as("facilitator").post(reverse("processes:create"), base)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert Process.objects.count() == before


def test_edit_rejects_end_before_start(client_as, cast):
    response = client_as("facilitator").post(
        reverse("processes:edit", args=[cast.process.pk]),
        {"title": "T", "status": "ongoing", "territory_1": "epci:200069854",
         "start_date": "2026-05-01", "end_date": "2026-04-01"},
    )  # fmt: skip
    assert "postérieure" in " ".join(response.context["form"].errors["end_date"])


def test_ambition_is_sanitised_on_display(client_as, cast):
    cast.process.ambition = "<p>Bien</p>"
    cast.process.save()
    client_as("facilitator").post(
        reverse("processes:edit", args=[cast.process.pk]),
        {"title": "T", "status": "ongoing", "territory_1": "epci:200069854",
         "ambition": '<img src=x onerror="alert(1)"><p>Texte</p><script>alert(2)</script>'},
    )  # fmt: skip
    cast.process.refresh_from_db()
    assert "onerror" not in cast.process.ambition and "<script>" not in cast.process.ambition
    page = client_as("facilitator").get(reverse("processes:detail", args=[cast.process.pk]))
    assert "alert(2)" not in page.content.decode()


def test_adding_a_member_without_account_sends_an_invitation(client_as, cast):
    response = client_as("facilitator").post(
        reverse("processes:members", args=[cast.process.pk]),
        {"email": "Elue@Example.org", "full_name": "Élise Élue", "role": "committee_member"},
    )
    assert response.status_code == 302
    membership = cast.process.memberships.get(user__email="elue@example.org")
    assert membership.role == Role.COMMITTEE_MEMBER
    assert len(mail.outbox) == 1
    assert "elue@example.org" in mail.outbox[0].to
    assert re.search(r"/comptes/mot-de-passe/nouveau/\S+/\S+/", mail.outbox[0].body)


def test_last_facilitator_cannot_be_demoted_from_the_page(client_as, cast):
    facilitator = Membership.objects.get(process=cast.process, role=Role.FACILITATOR)
    client = client_as("facilitator")
    response = client.post(
        reverse("processes:member_role", args=[cast.process.pk, facilitator.pk]),
        {"role": "contributor"},
        follow=True,
    )
    assert "au moins une animatrice" in response.content.decode() or "au moins un" in (
        response.content.decode()
    )
    facilitator.refresh_from_db()
    assert facilitator.role == Role.FACILITATOR


def test_phases_formset_renumbers_and_deletes(client_as, cast):
    p1 = Phase.objects.create(process=cast.process, order=1, name="Un")
    p2 = Phase.objects.create(process=cast.process, order=5, name="Deux")
    data = {"phases-TOTAL_FORMS": "3", "phases-INITIAL_FORMS": "2", "phases-MIN_NUM_FORMS": "1",
            "phases-MAX_NUM_FORMS": "1000",
            "phases-0-id": p1.pk, "phases-0-order": 1, "phases-0-name": "Un",
            "phases-0-DELETE": "on",
            "phases-1-id": p2.pk, "phases-1-order": 5, "phases-1-name": "Deux",
            "phases-2-order": 9, "phases-2-name": "Trois", "phases-2-start_date": "2026-03-01",
            "phases-2-end_date": "2026-02-01"}  # fmt: skip
    url = reverse("processes:phases_edit", args=[cast.process.pk])
    response = client_as("facilitator").post(url, data)
    assert response.status_code == 200  # end before start on the new phase
    assert cast.process.phases.count() == 2
    data["phases-2-end_date"] = "2026-04-01"
    assert client_as("facilitator").post(url, data).status_code == 302
    assert list(cast.process.phases.values_list("order", "name")) == [(1, "Deux"), (2, "Trois")]
