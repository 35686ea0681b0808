"""Pages of the methods app: list, detail, import, duplicate then edit, export, delete."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essor.core.tests.french import plain
from essor.methods.models import MethodTemplate
from essor.methods.schema import parse_template_file
from essor.methods.services import import_template
from essor.methods.tests.data import editor_post, structure


def _upload(text: str | bytes, name="methode.yaml"):
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="application/x-yaml")


def test_list_shows_templates_with_counts_and_actions(client_as, consultancy):
    html = client_as("facilitator").get(reverse("methods:list")).content.decode()
    assert consultancy.name in html
    assert "Fourni avec Essor" in html
    assert "3 phases" in html and "2 instances" in html and "7 ateliers" in html
    assert reverse("methods:duplicate", args=[consultancy.slug]) in html
    assert reverse("methods:edit", args=[consultancy.slug]) not in html  # built-in
    contributor_html = client_as("contributor").get(reverse("methods:list")).content.decode()
    assert reverse("methods:duplicate", args=[consultancy.slug]) not in contributor_html
    assert reverse("methods:import") not in contributor_html


def test_detail_shows_phases_bodies_and_workshops_by_phase(client_as, consultancy):
    html = client_as("contributor").get(consultancy.get_absolute_url()).content.decode()
    assert "Phase 1\u00a0: Structurer la dynamique interne" in html
    assert "10 semaines" in html
    assert "Une vision partagée, au sein de la collectivité" in html
    assert "Comité de pilotage (COPIL)" in html and "Comité technique (COTECH)" in html
    assert "Public\u00a0: directions de la collectivité" in html
    assert "Quel calendrier indicatif sur la durée du mandat\u202f?" in html
    assert "Non rattachés à une phase" in html  # the workshop reports are for every phase
    # Workshops come under their phase, in order.
    phase_1, phase_2, phase_3 = (html.index(f"Phase {n}\u00a0:") for n in (1, 2, 3))
    assert phase_1 < html.index("Atelier directions 1") < phase_2
    assert phase_2 < html.index("Atelier acteurs 1") < phase_3
    assert "Lecture seule" in html


def test_import_a_file_through_the_page(client_as, db, cast):
    client = client_as("facilitator")
    response = client.post(
        reverse("methods:import"), {"file": _upload(_text(structure(slug="angers")))}
    )
    template = MethodTemplate.objects.get(slug="angers")
    assert response.status_code == 302 and response["Location"] == template.get_absolute_url()
    assert template.created_by == cast.facilitator
    page = client.get(response["Location"]).content.decode()
    assert "Le modèle a été importé avec l’identifiant «\u00a0angers\u00a0»." in page


def test_import_with_replace_overwrites_my_template(client_as, cast):
    mine = import_template(structure(), user=cast.facilitator)
    client_as("facilitator").post(
        reverse("methods:import"),
        {"file": _upload(_text(structure(name="Version 2"))), "replace": "on"},
    )
    mine.refresh_from_db()
    assert mine.name == "Version 2"
    assert MethodTemplate.objects.count() == 1


@pytest.mark.parametrize(
    "content,message",
    [
        ("format: essor-method/1\nname: X\nphases:\n  - name: A\nworkshops:\n"
         "  - title: T\n    audience: tous\n",
         "workshops[0].audience : « tous » n’est pas une valeur permise "
         "(departments, actors, joint)"),
        ("format: essor-method/1\nname: X\nphases:\n  - name: A\n bodies: []\n", "ligne 5"),
        (b"\xff\xfe", "n’est pas encodé en UTF-8"),
        ("", "Le fichier soumis est vide."),
    ],
)  # fmt: skip
def test_broken_import_is_refused_with_the_message_at_the_file_field(
    client_as, db, content, message
):
    response = client_as("admin").post(reverse("methods:import"), {"file": _upload(content)})
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'<ul class="errorlist" id="id_file_error">(.*?)</ul>', html, re.S)
    assert errors is not None and message in plain(errors.group(1).replace("&#x27;", "'"))
    assert MethodTemplate.objects.count() == 0


def _text(data: dict) -> str:
    from essor.methods.schema import dump_template_file

    return dump_template_file(data)


def test_duplicate_then_edit_with_the_formsets(client_as, cast, consultancy):
    client = client_as("facilitator")
    response = client.post(reverse("methods:duplicate", args=[consultancy.slug]))
    copy = MethodTemplate.objects.get(created_by=cast.facilitator)
    assert response["Location"] == reverse("methods:edit", args=[copy.slug])
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phase 1\u00a0: Structurer la dynamique interne" in html
    assert 'name="workshops-0-questions"' in html

    questions = "\n".join(consultancy.workshops[0]["questions"]) + "\nQui porte le projet ?"
    data = editor_post(
        copy,
        **{
            "template-name": "Méthode d’Angers",
            "phases-0-name": "Mobiliser les directions",
            "workshops-0-questions": questions,
            "workshops-0-themes": "mobilité\n\n  emploi  ",
            # a fourth phase through the blank form, placed first
            "phases-3-name": "Cadrage",
            "phases-3-duration_weeks": "2",
            "phases-3-ORDER": "0",
            # remove the last deliverable
            f"deliverables-{len(consultancy.deliverables) - 1}-DELETE": "on",
            # a new body
            "bodies-2-kind": "follow_up",
            "bodies-2-name": "Comité de suivi",
        },
    )
    response = client.post(reverse("methods:edit", args=[copy.slug]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    copy.refresh_from_db()
    s = copy.structure
    assert copy.name == s["name"] == "Méthode d’Angers"
    assert [p["key"] for p in s["phases"]] == [
        "cadrage", "dynamique-interne", "dynamique-externe", "plan-action",
    ]  # fmt: skip
    assert s["phases"][0]["duration_weeks"] == 2
    assert s["phases"][1]["name"] == "Mobiliser les directions"
    assert s["workshops"][0]["questions"][-1] == "Qui porte le projet ?"
    assert s["workshops"][0]["themes"] == ["mobilité", "emploi"]
    assert s["workshops"][0]["phase"] == "dynamique-interne"
    assert len(s["deliverables"]) == len(consultancy.deliverables) - 1
    assert s["bodies"][2] == {
        "kind": "follow_up", "name": "Comité de suivi", "short_name": "", "mission": "",
    }  # fmt: skip
    consultancy.refresh_from_db()
    assert consultancy.phases[0]["name"] == "Structurer la dynamique interne"  # untouched


@pytest.fixture
def mine(cast):
    return import_template(structure(), user=cast.facilitator)


def test_editor_unchanged_post_keeps_the_structure(client_as, mine):
    before = mine.structure
    response = client_as("facilitator").post(
        reverse("methods:edit", args=[mine.slug]), editor_post(mine)
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.structure == before


def test_editor_blank_key_is_derived_and_references_follow(client_as, mine):
    data = editor_post(mine, **{"phases-0-key": "", "phases-0-name": "État des lieux"})
    response = client_as("facilitator").post(reverse("methods:edit", args=[mine.slug]), data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.structure["phases"][0]["key"] == "etat-des-lieux"
    assert mine.structure["workshops"][0]["phase"] == "etat-des-lieux"
    assert mine.structure["deliverables"][0]["phase"] == "etat-des-lieux"


def test_editor_refuses_removing_a_phase_still_used(client_as, mine):
    data = editor_post(mine, **{"phases-0-DELETE": "on"})
    response = client_as("facilitator").post(reverse("methods:edit", args=[mine.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_workshops-0-phase_error"' in html
    assert "Cette phase est supprimée\u00a0: choisissez une autre phase, ou aucune." in html
    mine.refresh_from_db()
    assert len(mine.structure["phases"]) == 2


def test_editor_shows_schema_errors_at_the_field(client_as, mine):
    data = editor_post(mine, **{"phases-1-key": "diag"})
    response = client_as("facilitator").post(reverse("methods:edit", args=[mine.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'id="id_phases-1-key_error"><li>(.*?)</li>', html)
    assert error and "la clé «\u00a0diag\u00a0» est déjà utilisée par phases[0]" in error.group(1)
    assert "Le modèle n’a pas été enregistré" in html


def test_editor_form_errors(client_as, mine):
    data = editor_post(
        mine,
        **{
            "phases-0-name": "",
            "phases-1-duration_weeks": "600",
            "workshops-0-audience": "tous",
            "workshops-2-title": "Nouvel atelier sans public",
        },
    )
    response = client_as("facilitator").post(reverse("methods:edit", args=[mine.slug]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="id_phases-0-name_error"><li>Ce champ est obligatoire', html)
    assert 'id="id_phases-1-duration_weeks_error"' in html
    assert 'id="id_workshops-0-audience_error"' in html
    assert 'id="id_workshops-2-audience_error"' in html


def test_editor_needs_at_least_one_phase(client_as, mine):
    data = editor_post(
        mine,
        **{
            "phases-0-DELETE": "on",
            "phases-1-DELETE": "on",
            "workshops-0-phase": "",
            "deliverables-0-phase": "",
        },
    )
    response = client_as("facilitator").post(reverse("methods:edit", args=[mine.slug]), data)
    assert response.status_code == 200
    assert "au moins une phase est obligatoire" in response.content.decode()


def test_export_downloads_the_yaml_file(client_as, consultancy):
    response = client_as("contributor").get(reverse("methods:export", args=[consultancy.slug]))
    assert response["Content-Type"] == "application/x-yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="methode-cabinet-3-phases.yaml"'
    assert parse_template_file(response.content) == consultancy.structure


def test_delete_page_says_processes_are_kept(client_as, cast, mine):
    cast.process.template = mine
    cast.process.save()
    html = (
        client_as("facilitator").get(reverse("methods:delete", args=[mine.slug])).content.decode()
    )
    assert "1 démarche a été créée à partir de ce modèle" in html
    response = client_as("facilitator").post(reverse("methods:delete", args=[mine.slug]))
    assert response["Location"] == reverse("methods:list")
    cast.process.refresh_from_db()
    assert cast.process.template is None


def test_unknown_template_is_404(client_as, db, cast):
    assert client_as("admin").get(reverse("methods:detail", args=["inconnu"])).status_code == 404


def test_duplicate_needs_post(client_as, consultancy):
    response = client_as("facilitator").get(reverse("methods:duplicate", args=[consultancy.slug]))
    assert response.status_code == 405
