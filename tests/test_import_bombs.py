"""File bombs and broken files sent through the real upload pages and commands.

Each is answered with a French message at the file field (or by the
command), writes nothing, and leaves no temporary file behind. The bombs
are built once per session by essor.core.tests.bombs; bench/bombs.py prints
the time and memory each one costs (the tests never assert on time).
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from essor.core.tests import bombs
from essor.core.tests.french import plain

UNPACKS = "Le fichier se décompresse en bien plus que sa taille"
BLANK_LINES = "Le fichier a plus de 40\u202f001 lignes, lignes vides comprises"
NUL = "La ligne 302 contient un caractère NUL"
MISSING_STRING = "Ce classeur est endommagé : une cellule renvoie à un texte"


@pytest.fixture(scope="session")
def bomb_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bombs")
    bombs.docx_many_paragraphs(folder / "paragraphes.docx")
    bombs.docx_many_paragraphs(folder / "vide.docx", 10_000, blank=True)
    bombs.odt_inflating(folder / "notes.odt")
    bombs.xlsx_shared_strings(folder / "textes.xlsx")
    bombs.xlsx_missing_shared_string(folder / "manquant.xlsx")
    bombs.xlsx_blank_rows(folder / "lignes.xlsx")
    bombs.csv_blank_rows(folder / "lignes.csv")
    bombs.csv_with_nul(folder / "nul.csv")
    bombs.yaml_deep(folder / "profond.yaml")
    return folder


@pytest.fixture
def server_temp(tmp_path, monkeypatch, settings) -> Path:
    """The server's temporary folder, watched: uploads are spooled to disk there."""
    folder = tmp_path / "server-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload becomes a temporary file
    return folder


def _left_behind(folder: Path) -> list:
    """Temporary files in the server's folder, and parsed tables waiting between the steps
    of an import (kept in the database, core.PendingImport)."""
    from essor.core.models import PendingImport

    files = [path for path in folder.rglob("*") if path.is_file()]
    return files + [
        f"pending import {key}" for key in PendingImport.objects.values_list("key", flat=True)
    ]


def _upload(bomb_dir: Path, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (bomb_dir / name).read_bytes())


def _field_error(response) -> str:
    page = response.content.decode()
    errors = re.search(r'<ul class="errorlist" id="id_file_error">(.*?)</ul>', page, re.S)
    assert errors is not None, "no error at the file field"
    return html.unescape(errors.group(1))


# ---------------------------------------------------------------- notes (.docx, .odt)


@pytest.fixture
def workshop(cast):
    from essor.workshops.services import create_workshop

    return create_workshop(process=cast.process, title="Atelier", questions=["Quels besoins ?"])


@pytest.mark.parametrize(
    "name,message",
    [
        ("paragraphes.docx", "Ces notes sont trop longues pour être relues en une fois"),
        ("vide.docx", "Ces notes ont plus de 2\u202f000 lignes, lignes vides comprises"),
        ("notes.odt", UNPACKS),
    ],
)
def test_notes_bombs_are_refused_on_the_page(
    client_as, cast, workshop, bomb_dir, server_temp, name, message
):
    from essor.contributions.models import Contribution

    client = client_as("facilitator")
    url = reverse("contributions:import_notes", args=[cast.process.pk])
    response = client.post(url, {"workshop": workshop.pk, "file": _upload(bomb_dir, name)})
    assert response.status_code == 200
    assert message in plain(_field_error(response))
    assert f"contributions_notes_{cast.process.pk}" not in client.session
    assert Contribution.objects.count() == 0
    assert _left_behind(server_temp) == []


def test_notes_command_refuses_the_odt_bomb(workshop, bomb_dir, server_temp):
    from essor.contributions.models import Contribution

    with pytest.raises(CommandError, match=UNPACKS):
        call_command("import_notes", str(bomb_dir / "notes.odt"), workshop=workshop.pk)
    assert Contribution.objects.count() == 0
    assert _left_behind(server_temp) == []


def test_a_real_docx_still_imports_after_the_guards(client_as, cast, workshop, server_temp):
    from essor.contributions.tests.conftest import docx_bytes

    client = client_as("facilitator")
    url = reverse("contributions:import_notes", args=[cast.process.pk])
    data = docx_bytes([("heading", "Quels besoins ?"), ("para", "Un tiers-lieu")])
    response = client.post(
        url, {"workshop": workshop.pk, "file": SimpleUploadedFile("notes.docx", data)}
    )
    assert response.status_code == 302
    ideas = client.session[f"contributions_notes_{cast.process.pk}"]["ideas"]
    assert [idea["text"] for idea in ideas] == ["Un tiers-lieu"]


# ---------------------------------------------------------------- spreadsheets

SPREADSHEET_BOMBS = [
    ("textes.xlsx", UNPACKS),
    ("manquant.xlsx", MISSING_STRING),
    ("lignes.xlsx", BLANK_LINES),
    ("lignes.csv", BLANK_LINES),
    ("nul.csv", NUL),
]


@pytest.mark.parametrize("name,message", SPREADSHEET_BOMBS)
def test_plan_import_refuses_bombs_at_the_upload(
    client_as, cast, bomb_dir, server_temp, name, message
):
    from essor.plans.models import Action, Plan
    from essor.plans.views.documents import SESSION_KEY

    client = client_as("facilitator")
    url = reverse("plans:import", args=[cast.process.pk])
    response = client.post(url, {"name": "Bombe", "file": _upload(bomb_dir, name)})
    assert response.status_code == 200
    assert message in plain(_field_error(response))
    assert SESSION_KEY not in client.session
    assert Plan.objects.count() == 0 and Action.objects.count() == 0
    assert _left_behind(server_temp) == []


@pytest.mark.parametrize("name,message", SPREADSHEET_BOMBS)
def test_plan_command_refuses_bombs(cast, bomb_dir, server_temp, name, message):
    from essor.plans.models import Plan

    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(bomb_dir / name), process=cast.process.pk)
    assert message in plain(str(error.value))
    assert Plan.objects.count() == 0
    assert _left_behind(server_temp) == []


@pytest.mark.parametrize("name,message", SPREADSHEET_BOMBS)
def test_directory_import_refuses_bombs_at_the_upload(
    client_as, cast, bomb_dir, server_temp, name, message
):
    from essor.organisations.import_views import SESSION_KEY
    from essor.organisations.models import Organisation

    client = client_as("facilitator")
    response = client.post(
        reverse("organisations:import_upload"), {"file": _upload(bomb_dir, name)}
    )
    assert response.status_code == 200
    assert message in plain(_field_error(response))
    assert SESSION_KEY not in client.session
    assert Organisation.objects.count() == 0
    assert _left_behind(server_temp) == []


def test_the_plan_import_has_a_size_limit(client_as, cast, settings, server_temp, run_jobs):
    from essor.plans.models import Plan

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    client = client_as("facilitator")
    data = ("Titre;Axe\n" + "".join(f"Action {i};1. Coopérer\n" for i in range(10))).encode()
    response = client.post(
        reverse("plans:import", args=[cast.process.pk]),
        {"name": "Gros", "file": SimpleUploadedFile("plan.csv", data)},
    )
    expected = f"Le fichier est trop volumineux ({len(data)}\xa0octets, au plus 100\xa0octets)"
    assert expected in _field_error(response)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        reverse("plans:import", args=[cast.process.pk]),
        {"name": "Gros", "file": SimpleUploadedFile("plan.csv", data)},
    )
    assert response.status_code == 302
    assert Plan.objects.count() == 0  # not before the confirmation
    [waiting] = _left_behind(server_temp)  # the parsed table, kept until confirmed
    assert waiting.startswith("pending import")
    run_jobs(client.post, reverse("plans:import_preview", args=[cast.process.pk]))
    assert Plan.objects.get(name="Gros").actions.count() == 10
    assert _left_behind(server_temp) == []


# ---------------------------------------------------------------- method templates (YAML)


def test_deeply_nested_yaml_is_refused_on_the_page(client_as, db, bomb_dir, server_temp):
    from essor.methods.models import MethodTemplate

    response = client_as("admin").post(
        reverse("methods:import"), {"file": _upload(bomb_dir, "profond.yaml")}
    )
    assert response.status_code == 200
    assert "ligne 1 : le fichier imbrique plus de 50 niveaux" in plain(_field_error(response))
    assert MethodTemplate.objects.count() == 0
    assert _left_behind(server_temp) == []


def test_deeply_nested_yaml_is_refused_by_the_command(db, bomb_dir):
    from essor.methods.models import MethodTemplate

    with pytest.raises(CommandError, match="le fichier imbrique plus de 50 niveaux"):
        call_command("import_method_template", str(bomb_dir / "profond.yaml"))
    assert MethodTemplate.objects.count() == 0
