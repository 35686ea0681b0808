"""A real published roadmap (columns axe, action, statut, motif) read whatever the language.

Essor installed without its compiled catalogues runs in English; the import
once kept the 18 actions of such a file but silently lost every axis and
status. Columns and values are now recognised in French and English, with
accents, case, gender and number folded; unknown columns are listed and an
unknown status is a line error.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from essor.core.text import fold_label
from essor.organisations.tabular import read_csv
from essor.plans import import_labels, importing
from essor.plans.models import ActionStatus, Plan

AXES = ["1. Coopérer et structurer", "2. Commande publique responsable", "3. Entreprendre en ESS"]
STATUSES = ["proposée", "retenue", "non retenue"]


def roadmap_csv(extra_header: str = "", extra_cell: str = "") -> bytes:
    """18 actions, 6 per axis, statuses in turn; not-retained ones give their reason."""
    lines = [f"axe;action;statut;motif{extra_header}"]
    for number in range(18):
        status = STATUSES[number % 3]
        reason = "Hors compétence" if status == "non retenue" else ""
        lines.append(f"{AXES[number // 6]};Action {number + 1};{status};{reason}{extra_cell}")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_published_roadmap_keeps_axes_and_statuses_in_either_language(setup, cast, language):
    with translation.override(language):
        parsed = importing.parse_table(setup.process, read_csv(roadmap_csv()))
        assert parsed.errors == [] and parsed.unknown_columns == []
        plan = importing.import_plan(setup.process, parsed, name="Feuille", actor=cast.facilitator)
    assert plan.actions.count() == 18
    assert sorted(f"{axis.number}. {axis.title}" for axis in plan.axes.all()) == AXES
    counts = {status: plan.actions.filter(status=status).count() for status in ActionStatus}
    assert counts[ActionStatus.PROPOSED] == 6
    assert counts[ActionStatus.RETAINED] == 6
    assert counts[ActionStatus.NOT_RETAINED] == 6
    assert set(
        plan.actions.filter(status=ActionStatus.NOT_RETAINED).values_list(
            "status_reason", flat=True
        )
    ) == {"Hors compétence"}
    assert all(action.axis_id for action in plan.actions.all())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_command_prints_the_columns_it_does_not_recognise(setup, tmp_path, language):
    path = tmp_path / "feuille.csv"
    path.write_bytes(roadmap_csv(";Commentaire interne", ";à revoir"))
    with translation.override(language):
        from io import StringIO

        out, err = StringIO(), StringIO()
        call_command(
            "import_plan", str(path), process=setup.process.pk, name="Cmd", stdout=out, stderr=err
        )
    assert "«\u00a0Commentaire interne\u00a0»" in err.getvalue()
    plan = Plan.objects.get(name="Cmd")
    assert plan.axes.count() == 3
    assert plan.actions.filter(status=ActionStatus.RETAINED).count() == 6


def test_the_preview_lists_unknown_columns(setup, client_as):
    import io

    from django.urls import reverse

    client = client_as("facilitator")
    upload = io.BytesIO(roadmap_csv(";Commentaire interne", ";à revoir"))
    upload.name = "feuille.csv"
    client.post(reverse("plans:import", args=[setup.process.pk]), {"name": "F", "file": upload})
    page = client.get(reverse("plans:import_preview", args=[setup.process.pk])).content.decode()
    assert "Ces colonnes du fichier ne sont pas reconnues et ne seront pas importées" in page
    assert "<li>Commentaire interne</li>" in page
    assert "18 actions lues." in page
    assert "<td>non retenue</td>" in page and "<td>not_retained</td>" not in page


@pytest.mark.parametrize(
    "value,code",
    [
        ("retenue", "retained"), ("retenu", "retained"), ("retenues", "retained"),
        ("Retenu(e)", "retained"), ("RETENU·E", "retained"), ("Retained", "retained"),
        ("non retenue", "not_retained"), ("Non retenu(e)s", "not_retained"),
        ("not retained", "not_retained"), ("proposée", "proposed"), ("proposé", "proposed"),
        ("proposées", "proposed"), ("En cours", "in_progress"), ("réalisé", "done"),
        ("abandonnées", "abandoned"),
    ],
)  # fmt: skip
def test_status_forms_are_folded(value, code):
    assert import_labels.status_code(value) == code


@pytest.mark.parametrize(
    "header,key",
    [
        ("Axe", "axis"), ("Axes", "axis"), ("AXIS", "axis"), ("Statut", "status"),
        ("Statuts", "status"), ("Status", "status"), ("Motif", "status_reason"),
        ("Pilote", "pilots"), ("Pilots", "pilots"), ("Priorité", "priority"),
        ("Sous-axe", "sub_axis"), ("Vision de l'axe", "axis_vision"),
    ],
)  # fmt: skip
def test_column_names_are_recognised_in_both_languages(header, key):
    assert import_labels.column_key(header) == key


def test_fold_label_is_only_for_gender_and_number():
    assert fold_label("Non retenu(e)s") == fold_label("non retenue")
    assert fold_label("retenue") != fold_label("non retenue")
    assert import_labels.status_code("validée") is None


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_unknown_status_is_a_line_error_naming_the_accepted_values(setup, tmp_path, language):
    data = b"axe;action;statut\n1. A;Club;retenue\n1. A;Forum;en r\xc3\xa9flexion\n"
    with translation.override(language):
        parsed = importing.parse_table(setup.process, read_csv(data))
        message = parsed.errors[0]
    assert len(parsed.errors) == 1
    assert message.startswith(("Ligne 3\u00a0: ", "Line 3: "))
    assert "en réflexion" in message and "proposée, retenue, non retenue" in message
    path = tmp_path / "plan.csv"
    path.write_bytes(data)
    with pytest.raises(
        CommandError, match="Ligne 3\u00a0: statut inconnu «\u00a0en réflexion\u00a0»"
    ):
        call_command("import_plan", str(path), process=setup.process.pk)
    assert not Plan.objects.exclude(pk=setup.plan.pk).exists()
