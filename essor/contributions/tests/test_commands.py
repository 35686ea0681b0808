"""The scripting commands: import_notes and export_contributions."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from essor.contributions.exports import KEYS
from essor.contributions.models import Contribution, ContributionSource
from essor.contributions.tests.conftest import docx_bytes
from essor.core.tests.french import plain


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_notes_prints_the_count_and_creates_questions(board, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Quels besoins sur le territoire ?\n- b: un local\n# Nouvelle ?\n- x\n")
    output = _run("import_notes", "--workshop", str(board.workshop.pk), str(path))
    assert output == "2\n"
    created = board.workshop.contributions.filter(source=ContributionSource.NOTES)
    assert [(c.text, c.kind, c.question.text) for c in created] == [
        ("un local", "need", "Quels besoins sur le territoire ?"),
        ("x", "idea", "Nouvelle ?"),
    ]


def test_import_notes_reads_a_docx(board, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(docx_bytes([("bullet", "a: des bénévoles"), ("bullet", "b: un local")]))
    assert _run("import_notes", "--workshop", str(board.workshop.pk), str(path)) == "2\n"


@pytest.mark.parametrize(
    "workshop,content,name,message",
    [
        ("999999", b"x", "n.txt", "Aucun atelier n’a l’identifiant « 999999 »."),
        ("abc", b"x", "n.txt", "Aucun atelier n’a l’identifiant « abc »."),
        (None, b"pas un docx", "n.docx", "n’est pas un document Word"),
        (None, b"ok\n" + b"y" * 10_000, "n.txt", "La ligne 2 compte 10000 caractères"),
        (None, b"", "n.txt", "Le fichier « n.txt » est vide."),
    ],
)
def test_import_notes_bad_input(board, tmp_path, workshop, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = Contribution.objects.count()
    with pytest.raises(CommandError) as error:
        _run("import_notes", "--workshop", workshop or str(board.workshop.pk), str(path))
    assert message in plain(str(error.value))
    assert Contribution.objects.count() == before


def test_import_notes_missing_file(board, tmp_path):
    with pytest.raises(CommandError) as error:
        _run("import_notes", "--workshop", str(board.workshop.pk), str(tmp_path / "absent.txt"))
    assert "n’existe pas" in str(error.value)


def test_export_json_has_every_contribution_with_votes(board):
    rows = json.loads(_run("export_contributions", "--process", str(board.process.pk)))
    assert sorted(row["id"] for row in rows) == sorted(c.pk for c in board.contributions)
    assert list(rows[0]) == KEYS
    by_text = {row["text"]: row for row in rows}
    voted = by_text["Créer une monnaie locale"]
    assert (voted["vote_points"], voted["voter_count"]) == (5, 2)
    assert voted["workshop_id"] == board.workshop.pk
    assert voted["workshop"] == "Atelier diagnostic"
    assert voted["question"] == "Quelles pistes d'action ?"
    assert voted["theme"] == "Économie circulaire"
    captured = by_text["Un local partagé pour les associations"]
    assert captured["author_organisation"] == "Régie de quartier"
    assert (captured["kind"], captured["source"]) == ("need", "capture")
    assert captured["created_at"].endswith(("+01:00", "+02:00"))  # Paris time
    manual = by_text["Idée ajoutée à la main, sans atelier"]
    assert (manual["workshop_id"], manual["workshop"], manual["vote_points"]) == (None, "", 0)


def test_export_csv_same_columns_utf8(board):
    output = _run("export_contributions", "--process", str(board.process.pk), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(output)))
    assert list(rows[0]) == KEYS
    assert len(rows) == 3
    assert {row["text"] for row in rows} >= {"Créer une monnaie locale"}
    voted = next(row for row in rows if row["text"] == "Créer une monnaie locale")
    assert voted["vote_points"] == "5"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--process", "424242"], "Aucune démarche n’a l’identifiant « 424242 »."),
        (["--process", "x"], "Aucune démarche n’a l’identifiant « x »."),
        (["--format", "xml"], "Format « xml » inconnu : utilisez json ou csv."),
    ],
)
def test_export_bad_arguments(board, args, message):
    if "--process" not in args:
        args = ["--process", str(board.process.pk), *args]
    with pytest.raises(CommandError) as error:
        _run("export_contributions", *args)
    assert plain(str(error.value)) == message
