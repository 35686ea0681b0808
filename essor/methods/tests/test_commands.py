"""Management commands: load, list, import and export method templates."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from essor.core.tests.french import plain
from essor.methods.models import MethodTemplate
from essor.methods.schema import parse_template_file


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_method_templates_is_idempotent_and_says_what_it_did(db):
    first = run("load_method_templates")
    assert first.splitlines() == [
        "Modèle de méthode créé\u00a0: methode-cabinet-3-phases "
        "(Méthode d’accompagnement en trois phases (cabinet conseil))",
        "Modèle de méthode créé\u00a0: methode-regionale-4-phases "
        "(Diagnostic partagé de l’ESS en quatre phases (méthode régionale))",
    ]
    second = run("load_method_templates")
    assert "Modèle de méthode inchangé : methode-cabinet-3-phases" in plain(second)
    assert MethodTemplate.objects.filter(is_builtin=True).count() == 2


def test_load_method_templates_reports_a_broken_file(db, tmp_path):
    (tmp_path / "casse.yaml").write_text("format: essor-method/1\nname: X\nphases:\n  - key: a\n")
    with pytest.raises(
        CommandError, match=r"casse.yaml\u00a0: phases\[0\].name\u00a0: ce champ est obligatoire"
    ):
        run("load_method_templates", "--directory", str(tmp_path))
    assert MethodTemplate.objects.count() == 0


def test_list_templates_prints_slug_then_name(builtins):
    lines = run("list_templates").splitlines()
    assert [line.split()[0] for line in lines] == [
        "methode-cabinet-3-phases",
        "methode-regionale-4-phases",
    ]
    assert lines[0].endswith("Méthode d’accompagnement en trois phases (cabinet conseil)")


def test_list_templates_when_none(db):
    err = StringIO()
    call_command("list_templates", stdout=StringIO(), stderr=err)
    assert "load_method_templates" in err.getvalue()


def test_export_then_import_a_template(cast, consultancy, tmp_path):
    text = run("export_method_template", "methode-cabinet-3-phases")
    assert parse_template_file(text) == consultancy.structure
    path = tmp_path / "copie.yaml"
    path.write_text(text.replace("slug: methode-cabinet-3-phases", "slug: copie-angers"))
    out = run("import_method_template", str(path), "--user", "animatrice@example.org")
    assert "Modèle de méthode importé\u00a0: copie-angers" in out
    imported = MethodTemplate.objects.get(slug="copie-angers")
    assert imported.created_by == cast.facilitator and not imported.is_builtin
    assert imported.structure["phases"] == consultancy.structure["phases"]


def test_import_command_errors(cast, tmp_path):
    broken = tmp_path / "casse.yaml"
    broken.write_text("format: essor-method/1\nname: X\nphases:\n  - name: A\n    audience: tous\n")
    with pytest.raises(
        CommandError, match="phases\\[0\\]\u00a0: clé inconnue «\u00a0audience\u00a0»"
    ):
        run("import_method_template", str(broken))
    with pytest.raises(CommandError, match="Impossible de lire"):
        run("import_method_template", str(tmp_path / "absent.yaml"))
    good = tmp_path / "bon.yaml"
    good.write_text("format: essor-method/1\nname: Bon\nphases:\n  - name: A\n")
    with pytest.raises(CommandError, match="Aucun compte"):
        run("import_method_template", str(good), "--user", "personne@example.org")
    assert MethodTemplate.objects.count() == 0


def test_import_command_replace(db, tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("format: essor-method/1\nslug: m\nname: Un\nphases:\n  - name: A\n")
    run("import_method_template", str(path))
    path.write_text("format: essor-method/1\nslug: m\nname: Deux\nphases:\n  - name: A\n")
    run("import_method_template", str(path), "--replace")
    assert list(MethodTemplate.objects.values_list("slug", "name")) == [("m", "Deux")]


def test_export_unknown_template(db):
    with pytest.raises(CommandError, match="Aucun modèle de méthode .* «\u00a0inconnu\u00a0»"):
        run("export_method_template", "inconnu")
