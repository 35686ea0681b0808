"""A method template file round trip gives the same process structure."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from essor.methods.models import MethodTemplate
from essor.methods.schema import dump_template_file, parse_template_file
from essor.methods.services import import_template
from essor.processes import services


def _structure_without_names(process) -> dict:
    structure = services.process_structure(process)
    structure["name"] = ""
    return structure


@pytest.mark.parametrize("slug", ["methode-cabinet-3-phases", "methode-regionale-4-phases"])
def test_export_import_gives_the_same_process(cast, slug):
    call_command("load_method_templates", stdout=StringIO())
    original = MethodTemplate.objects.get(slug=slug)
    exported = dump_template_file(original.structure)
    assert parse_template_file(exported)["phases"] == original.structure["phases"]
    imported = import_template(exported.encode("utf-8"), user=cast.facilitator)
    assert imported.slug != original.slug  # a copy, the built-in template is untouched

    from_original = services.create_process_from_template(
        workspace=cast.workspace, template=original, title="A", territories=[cast.territory]
    )
    from_imported = services.create_process_from_template(
        workspace=cast.workspace, template=imported, title="B", territories=[cast.territory]
    )
    first = _structure_without_names(from_original)
    assert first == _structure_without_names(from_imported)
    assert len(first["phases"]) >= 3 and first["bodies"] and first["workshops"]


def test_process_saved_as_template_recreates_the_same_process(client_as, cast):
    call_command("load_method_templates", stdout=StringIO())
    process = services.create_process_from_template(
        workspace=cast.workspace,
        template=MethodTemplate.objects.get(slug="methode-regionale-4-phases"),
        title="Diagnostic partagé",
        territories=[cast.territory],
        created_by=cast.facilitator,
    )
    phase = process.phases.first()
    phase.name = "Caractériser l’ESS du territoire (adapté)"
    phase.save()

    response = client_as("facilitator").post(
        reverse("processes:save_as_template", args=[process.pk])
    )
    template = MethodTemplate.objects.get(created_by=cast.facilitator)
    assert response["Location"] == reverse("methods:detail", args=[template.slug])
    assert not template.is_builtin
    assert "Diagnostic partagé" in template.name
    again = services.create_process_from_template(
        workspace=cast.workspace, template=template, title="Copie", territories=[cast.territory]
    )
    assert _structure_without_names(again) == _structure_without_names(process)


@pytest.mark.parametrize(
    "role,expected",
    [("admin", 302), ("facilitator", 302), ("committee_member", 403), ("contributor", 403),
     ("outsider", 404), ("anonymous", 302)],
)  # fmt: skip
def test_save_as_template_matrix(client_as, cast, role, expected):
    cast.process.phases.create(order=1, name="Phase unique")
    response = client_as(role).post(reverse("processes:save_as_template", args=[cast.process.pk]))
    assert response.status_code == expected
    created = MethodTemplate.objects.exists()
    assert created == (role in ("admin", "facilitator"))


def test_a_process_without_phase_cannot_become_a_template(client_as, cast):
    url = reverse("processes:save_as_template", args=[cast.process.pk])
    page = client_as("facilitator").post(url, follow=True).content.decode()
    assert "ne peut pas devenir un modèle de méthode" in page
    assert "au moins une phase est obligatoire" in page
    assert not MethodTemplate.objects.exists()
