"""Every bad line of a progress file, with its line and French message; nothing written."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from essor.core.models import AuditEntry
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.progress_files import read_files
from essor.followup.progress_import import (
    ProgressImportErrors,
    import_progress,
    parse_progress,
)
from essor.plans.models import Action

HEADER = (
    "Action;Année;Statut;Avancement (%);Point d'avancement;Dépenses de fonctionnement;"
    "Dépenses d'investissement\r\n"
)
VALUES_HEADER = "Action;Indicateur;Année;Valeur\r\n"
GOOD = "Un tiers-lieu de l'ESS;2026;en cours;50;;;\r\n"


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _parse(plan, actions: str | None = None, values: str | None = None):
    files = []
    if actions is not None:
        files.append(("actions.csv", io.BytesIO(actions.encode())))
    if values is not None:
        files.append(("valeurs.csv", io.BytesIO(values.encode())))
    return parse_progress(plan, *read_files(files))


def _nothing_written():
    assert not ProgressReport.objects.exists()
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="followup.").exists()


ACTION_CASES = [
    ("Une maison de l'ESS;2026;en cours;;;;",
     "Ligne 3 : l’action « Une maison de l'ESS » n’est pas dans le plan."),
    ("Une monnaie locale;2026;en cours;;;;",
     "Ligne 3 : l’action « Une monnaie locale » n’est pas suivie : le plan ne l’a pas retenue."),
    (";2026;en cours;;;;", "Ligne 3 : l’action manque (son titre ou sa référence)."),
    ("Former les élus;2031;en cours;;;;",
     "Ligne 3 : l’année 2031 est hors du mandat (2024 à 2030)."),
    ("Former les élus;;en cours;;;;", "Ligne 3 : l’année manque."),
    ("Former les élus;l'an dernier;en cours;;;;",
     "Ligne 3 : « l'an dernier » n’est pas une année."),
    ("Former les élus;2026;presque fini;;;;",
     "Ligne 3 : statut inconnu « presque fini » (valeurs acceptées : non démarrée, en cours, "
     "réalisée, en pause, bloquée, abandonnée)."),
    ("Former les élus;2026;en cours;150 %;;;",
     "Ligne 3 : l’avancement est de 150 % : un pourcentage va de 0 à 100."),
    ("Former les élus;2026;en cours;12,5;;;",
     "Ligne 3 : l’avancement doit être un pourcentage entier."),
    ("Former les élus;2026;en cours;;;-500;",
     "Ligne 3 : Dépenses de fonctionnement : un montant ne peut pas être négatif."),
    ("Former les élus;2026;en cours;;;;99 999 999 999",
     "Ligne 3 : Dépenses d’investissement : « 99 999 999 999 » : le nombre est trop grand."),
    ("Former les élus;2026;en cours;;;beaucoup;",
     "Ligne 3 : Dépenses de fonctionnement : « beaucoup » : écrivez un nombre comme "
     "1 500 000 ou 2,5."),
    ("Former les élus;2026;en cours;;;1,505;",
     "Ligne 3 : Dépenses de fonctionnement : deux décimales au plus."),
    (f"Former les élus;2026;en cours;;{'x' * 2001};;",
     "Ligne 3 : le point d’avancement compte 2001 caractères, 2000 au plus."),
    ("Un tiers-lieu de l'ESS;2026;terminée;;;;",
     "Ligne 3 : l’action « Un tiers-lieu de l'ESS » pour 2026 figure déjà ligne 2."),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), ACTION_CASES)
def test_a_bad_action_line_is_named_and_nothing_is_written(followed, line, message):
    parsed = _parse(followed.plan, HEADER + GOOD + line + "\r\n")
    assert [_plain(e) for e in parsed.errors] == [message]
    with pytest.raises(ProgressImportErrors):
        import_progress(followed.plan, parsed, actor=None)
    _nothing_written()


VALUE_CASES = [
    ("Un tiers-lieu de l'ESS;Déchets enfouis;2026;3",
     "Indicateurs, ligne 3 : l’action « Un tiers-lieu de l'ESS » n’a pas d’indicateur "
     "« Déchets enfouis »."),
    ("Un tiers-lieu de l'ESS;;2026;3", "Indicateurs, ligne 3 : l’indicateur manque."),
    ("Une maison de l'ESS;Emplois;2026;3",
     "Indicateurs, ligne 3 : l’action « Une maison de l'ESS » n’est pas dans le plan."),
    ("Un tiers-lieu de l'ESS;Emplois créés;2023;3",
     "Indicateurs, ligne 3 : l’année 2023 est hors du mandat (2024 à 2030)."),
    ("Un tiers-lieu de l'ESS;Emplois créés;2027;1.500",
     "Indicateurs, ligne 3 : Valeur : « 1.500 » : « 1.500 » est ambigu : écrivez 1 500 pour "
     "mille cinq cents, 1,5 pour un et demi."),
    ("Un tiers-lieu de l'ESS;Emplois créés;2026;31",
     "Indicateurs, ligne 3 : l’indicateur « Emplois créés » pour 2026 figure déjà ligne 2."),
]  # fmt: skip


@pytest.mark.parametrize(("line", "message"), VALUE_CASES)
def test_a_bad_value_line_is_named_and_nothing_is_written(followed, line, message):
    values = VALUES_HEADER + "Un tiers-lieu de l'ESS;Emplois créés;2026;30\r\n" + line + "\r\n"
    parsed = _parse(followed.plan, HEADER + GOOD, values)
    assert [_plain(e) for e in parsed.errors] == [message]
    with pytest.raises(ProgressImportErrors):
        import_progress(followed.plan, parsed, actor=None)
    _nothing_written()


def test_a_title_two_actions_share_needs_the_reference(followed):
    Action.objects.filter(pk=followed.training.pk).update(title="Un tiers-lieu de l'ESS")
    parsed = _parse(followed.plan, HEADER + GOOD)
    assert [_plain(e) for e in parsed.errors] == [
        "Ligne 2 : plusieurs actions s’intitulent « Un tiers-lieu de l'ESS » : indiquez la "
        "référence de celle qui est visée (1.1, 1.2)."
    ]
    parsed = _parse(followed.plan, "Référence;" + HEADER + "1.2;" + GOOD)
    assert parsed.errors == [] and parsed.reports[0].action == followed.training


def test_a_reference_and_a_title_that_disagree(followed):
    text = "Référence;" + HEADER + "2.1.1;" + GOOD + "9.9;" + GOOD.replace("2026", "2027")
    parsed = _parse(followed.plan, text)
    assert [_plain(e) for e in parsed.errors] == [
        "Ligne 2 : la référence « 2.1.1 » est l’action « Un réseau des recycleries », pas "
        "« Un tiers-lieu de l'ESS ».",
        "Ligne 3 : aucune action du plan n’a la référence « 9.9 ».",
    ]


def test_missing_columns_and_unknown_ones(followed):
    parsed = _parse(followed.plan, "Action;Statut;Budget\r\nFormer les élus;en cours;3\r\n")
    assert [_plain(e) for e in parsed.errors] == ["Actions : colonne manquante : Année."]
    assert parsed.unknown_columns == ["Budget"]


def test_statuses_in_any_gender_and_number(followed):
    lines = "".join(
        f"{title};{year};{status};;;;\r\n"
        for title, year, status in [
            ("Un tiers-lieu de l'ESS", 2025, "Terminés"),
            ("Un tiers-lieu de l'ESS", 2026, "ABANDONNÉES"),
            ("Un réseau des recycleries", 2025, "bloqué"),
            ("Un réseau des recycleries", 2026, "En Pause"),
            ("Former les élus", 2025, "non démarré(e)"),
            ("Former les élus", 2026, "en cours"),
        ]
    )
    parsed = _parse(followed.plan, HEADER + lines)
    assert parsed.errors == []
    assert [r.status for r in parsed.reports] == [
        "done", "abandoned", "blocked", "paused", "in_progress"]  # fmt: skip
    assert parsed.unchanged == 1  # not started, as it already is


def test_a_valid_file_is_written_in_one_go(followed):
    parsed = _parse(
        followed.plan,
        HEADER + GOOD + "Former les élus;2026;réalisée;100;Fini;1 500,50 €;\r\n",
        VALUES_HEADER + "Un tiers-lieu de l'ESS;Emplois créés;2026;30\r\n",
    )
    assert import_progress(followed.plan, parsed, actor=None) == 3
    assert ProgressReport.objects.count() == 2 and IndicatorValue.objects.count() == 1
    assert AuditEntry.objects.filter(verb="followup.report_recorded").count() == 2


def test_the_command_refuses_an_invalid_file_with_exit_code_1(followed, tmp_path, capsys):
    path = tmp_path / "avancement.csv"
    path.write_text(HEADER + GOOD + "Une maison;2026;en cours;;;;\r\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_progress", str(path), plan=followed.plan.pk)
    assert raised.value.returncode == 1
    assert "Rien n’a été importé" in str(raised.value)
    assert "Ligne 3" in capsys.readouterr().err
    _nothing_written()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nulle-part.csv"], "Fichier introuvable"),
        (["vide.csv"], "Le fichier est vide."),
        (["classeur.xlsx"], "n’est pas un classeur Excel"),
    ],
)
def test_the_command_refuses_unreadable_files(followed, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vide.csv").write_bytes(b"")
    (tmp_path / "classeur.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(CommandError) as raised:
        call_command("import_progress", *args, plan=followed.plan.pk)
    assert message in _plain(str(raised.value))
    _nothing_written()


def test_the_command_refuses_a_plan_not_validated(followed, tmp_path):
    path = tmp_path / "avancement.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    type(followed.plan).objects.filter(pk=followed.plan.pk).update(frozen_at=None)
    with pytest.raises(CommandError, match="n’est pas validé"):
        call_command("import_progress", str(path), plan=followed.plan.pk)
    with pytest.raises(CommandError, match="Aucun plan"):
        call_command("import_progress", str(path), plan=0)
    _nothing_written()


def test_a_workbook_of_ones_own_is_read_by_its_columns(followed):
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Rien à importer ici"])
    notes.append(["une ligne"])
    actions = book.create_sheet("Feuil2")
    actions.append(["ACTION", "annee", "STATUT", "Avancement"])
    actions.append(["Former les élus", 2026.0, "Bloquées", 30])
    values = book.create_sheet("Feuil3")
    values.append(["Action", "Indicateur", "Année", "Valeur"])
    values.append(["Un tiers-lieu de l'ESS", "Emplois créés", 2026, 1500.25])
    # A number typed in a cell is read exactly, not as the ambiguous text "1.125".
    values.append(["Un tiers-lieu de l'ESS", "Emplois créés", 2027, 1.125])
    out = io.BytesIO()
    book.save(out)
    parsed = parse_progress(followed.plan, *read_files([("mien.xlsx", out)]))
    assert [_plain(e) for e in parsed.errors] == [
        "Indicateurs, ligne 3 : Valeur : deux décimales au plus."
    ]
    assert [(r.action, r.status, r.progress) for r in parsed.reports] == [
        (followed.training, "blocked", 30)]  # fmt: skip
    assert [v.value for v in parsed.values] == [Decimal("1500.25")]
