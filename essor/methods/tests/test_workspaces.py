"""A workspace's own method templates stay inside it; shipped templates are shared."""

from django.urls import reverse

from essor.methods.models import MethodTemplate
from essor.methods.services import import_template
from essor.methods.tests.data import structure
from essor.processes.models import Process


def test_an_imported_template_belongs_to_the_importers_workspace(client_as, cast, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("format: essor-method/1\nname: Méthode maison\nphases:\n  - name: A\n")
    with path.open("rb") as upload:
        client_as("other_workspace").post(reverse("methods:import"), {"file": upload})
    template = MethodTemplate.objects.get(name="Méthode maison")
    assert template.workspace == cast.elsewhere
    assert (
        "Méthode maison"
        not in client_as("facilitator").get(reverse("methods:list")).content.decode()
    )
    assert (
        "Méthode maison"
        in client_as("other_workspace").get(reverse("methods:list")).content.decode()
    )
    assert client_as("facilitator").get(template.get_absolute_url()).status_code == 404
    assert client_as("admin").get(template.get_absolute_url()).status_code == 200


def test_save_as_template_keeps_it_in_the_process_workspace(client_as, cast):
    from essor.processes.models import Phase

    Phase.objects.create(process=cast.process, order=1, name="Diagnostic")
    client_as("facilitator").post(reverse("processes:save_as_template", args=[cast.process.pk]))
    template = MethodTemplate.objects.get(name__contains=cast.process.title)
    assert template.workspace == cast.workspace


def test_a_process_cannot_start_from_another_workspaces_template(client_as, cast):
    theirs = import_template(structure(), user=cast.other_workspace, workspace=cast.elsewhere)
    before = Process.objects.count()
    response = client_as("facilitator").post(
        reverse("processes:create"),
        {"title": "Plan", "territory_1": "epci:200069854", "template": theirs.pk},
    )
    assert response.status_code == 200
    assert "template" in response.context["form"].errors
    assert Process.objects.count() == before
