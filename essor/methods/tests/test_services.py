"""Use cases: import, duplicate, save, delete and loading the built-in templates."""

from pathlib import Path

import pytest

from essor.core.models import AuditEntry
from essor.methods.models import MethodTemplate
from essor.methods.schema import TemplateFormatError, dump_template_file
from essor.methods.services import (
    BuiltinFileError,
    BuiltinTemplateReadOnly,
    delete_template,
    duplicate_template,
    import_template,
    load_builtin_templates,
    save_structure,
)
from essor.methods.tests.data import structure


def _verbs():
    return list(AuditEntry.objects.order_by("id").values_list("verb", flat=True))


def test_import_creates_a_template_owned_by_the_user(cast):
    template = import_template(dump_template_file(structure()), user=cast.facilitator)
    assert template.slug == "methode-test"
    assert template.name == "Méthode de test"
    assert template.description == "Une méthode\nsur deux lignes."
    assert template.created_by == cast.facilitator
    assert not template.is_builtin
    assert template.structure["workshops"][0]["phase"] == "diag"
    assert _verbs() == ["method_template.imported"]


def test_import_gives_a_free_slug_when_taken(cast):
    first = import_template(structure(), user=cast.facilitator)
    second = import_template(structure(), user=cast.facilitator)
    third = import_template(structure(), user=cast.facilitator)
    assert [first.slug, second.slug, third.slug] == [
        "methode-test",
        "methode-test-2",
        "methode-test-3",
    ]
    assert second.structure["slug"] == "methode-test-2"
    # A platform admin may edit any template that is not built-in, so may replace it.
    replaced = import_template(structure(name="Par l’admin"), user=cast.admin, replace=True)
    assert replaced.pk == first.pk and MethodTemplate.objects.count() == 3


def test_owner_may_replace_their_template(cast):
    mine = import_template(structure(), user=cast.facilitator)
    replaced = import_template(structure(name="Nouveau nom"), user=cast.facilitator, replace=True)
    assert replaced.pk == mine.pk
    mine.refresh_from_db()
    assert mine.name == "Nouveau nom" == mine.structure["name"]
    assert MethodTemplate.objects.count() == 1
    assert _verbs() == ["method_template.imported", "method_template.replaced"]


def test_someone_else_cannot_replace_a_template(cast):
    mine = import_template(structure(), user=cast.facilitator)
    other = import_template(structure(name="Autre"), user=cast.outsider, replace=True)
    assert other.pk != mine.pk and other.slug == "methode-test-2"
    mine.refresh_from_db()
    assert mine.name == "Méthode de test"


def test_builtin_identifiers_are_never_taken_nor_replaced(cast, consultancy):
    data = structure(slug="methode-cabinet-3-phases")
    imported = import_template(data, user=cast.admin, replace=True)
    assert imported.slug == "methode-cabinet-3-phases-2"
    consultancy.refresh_from_db()
    assert consultancy.name != "Méthode de test"
    assert import_template(structure(slug="importer"), user=cast.admin).slug == "importer-2"


def test_import_of_a_broken_file_writes_nothing(cast):
    with pytest.raises(TemplateFormatError):
        import_template(b"format: essor-method/1\nname: X\nphases: []\n", user=cast.admin)
    assert MethodTemplate.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_duplicate_makes_an_editable_copy(cast, consultancy):
    copy = duplicate_template(consultancy, user=cast.facilitator)
    assert copy.name == "Copie de " + consultancy.name
    assert copy.slug == "copie-de-methode-d-accompagnement-en-trois-phases-cabinet-conseil"
    assert copy.created_by == cast.facilitator and not copy.is_builtin
    assert copy.structure["phases"] == consultancy.structure["phases"]
    assert copy.structure["slug"] == copy.slug
    again = duplicate_template(consultancy, user=cast.facilitator)
    assert again.slug == copy.slug + "-2"
    named = duplicate_template(consultancy, user=cast.admin, name="  Méthode d’Angers ")
    assert (named.name, named.slug) == ("Méthode d’Angers", "methode-d-angers")
    assert AuditEntry.objects.filter(verb="method_template.duplicated").count() == 3


def test_save_structure_validates_and_keeps_the_identifier(cast):
    template = import_template(structure(), user=cast.facilitator)
    changed = structure(slug="autre-chose", name="Renommée")
    changed["phases"][0]["name"] = "Diagnostic partagé"
    save_structure(template, changed, user=cast.facilitator)
    template.refresh_from_db()
    assert template.slug == "methode-test" == template.structure["slug"]
    assert template.name == "Renommée"
    assert template.structure["phases"][0]["name"] == "Diagnostic partagé"
    broken = structure(phases=[])
    with pytest.raises(TemplateFormatError):
        save_structure(template, broken, user=cast.facilitator)
    template.refresh_from_db()
    assert template.structure["phases"][0]["name"] == "Diagnostic partagé"


def test_builtin_templates_are_read_only(cast, consultancy):
    with pytest.raises(BuiltinTemplateReadOnly):
        save_structure(consultancy, consultancy.structure, user=cast.admin)
    with pytest.raises(BuiltinTemplateReadOnly):
        delete_template(consultancy, user=cast.admin)


def test_delete_keeps_the_processes_created_from_the_template(cast):
    template = import_template(structure(), user=cast.facilitator)
    cast.process.template = template
    cast.process.save()
    delete_template(template, user=cast.facilitator)
    cast.process.refresh_from_db()
    assert cast.process.template is None
    entry = AuditEntry.objects.get(verb="method_template.deleted")
    assert entry.data == {"slug": "methode-test", "processes": 1}


def test_loading_builtins_is_idempotent_and_updates_changed_files(db, tmp_path: Path):
    results = load_builtin_templates()
    assert [(r.template.slug, r.action) for r in results] == [
        ("methode-cabinet-3-phases", "created"),
        ("methode-regionale-4-phases", "created"),
    ]
    assert all(r.template.is_builtin for r in results)
    assert [r.action for r in load_builtin_templates()] == ["unchanged", "unchanged"]
    MethodTemplate.objects.filter(slug="methode-regionale-4-phases").update(name="Ancien nom")
    assert [r.action for r in load_builtin_templates()] == ["unchanged", "updated"]
    assert MethodTemplate.objects.get(slug="methode-regionale-4-phases").name.startswith(
        "Diagnostic"
    )
    assert MethodTemplate.objects.count() == 2


def test_loading_checks_every_file_before_writing(db, tmp_path: Path):
    (tmp_path / "a-bon.yaml").write_text(dump_template_file(structure(slug="a-bon")))
    (tmp_path / "b-casse.yaml").write_text("format: essor-method/1\nname: Cassé\nphases: []\n")
    with pytest.raises(
        BuiltinFileError, match="b-casse.yaml\u00a0: phases\u00a0: au moins une phase"
    ):
        load_builtin_templates(tmp_path)
    assert MethodTemplate.objects.count() == 0
    (tmp_path / "b-casse.yaml").write_text(dump_template_file(structure(slug="autre")))
    with pytest.raises(
        BuiltinFileError, match="l’identifiant \\(slug\\) doit être le nom du fichier"
    ):
        load_builtin_templates(tmp_path)


def test_loading_refuses_to_take_over_a_user_template(cast, tmp_path: Path):
    import_template(structure(slug="a-bon"), user=cast.facilitator)
    (tmp_path / "a-bon.yaml").write_text(dump_template_file(structure(slug="a-bon")))
    with pytest.raises(BuiltinFileError, match="«\u00a0a-bon\u00a0» est déjà utilisé"):
        load_builtin_templates(tmp_path)
    assert not MethodTemplate.objects.get(slug="a-bon").is_builtin
