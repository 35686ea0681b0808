"""Import of a plan from CSV/XLSX: errors by line, nothing half-written, round trip."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from essor.core.tests.french import plain
from essor.organisations.models import Organisation
from essor.organisations.tabular import read_csv, read_xlsx
from essor.plans import exports, history, importing
from essor.plans.models import Plan

HEADER = "Axe;Sous-axe;Titre;Statut;Raison;Priorité;Début;Fin;Pilotes;Directions;Budget\n"


def _csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def _parse(setup, data: bytes):
    return importing.parse_table(setup.process, read_csv(data))


def _plan_signature(plan):
    """Everything of the plan people see, without ids: axes and each action's fields."""
    axes = sorted((str(a), a.vision, str(a.parent or "")) for a in plan.axes.all())
    actions = plan.actions.select_related("axis", "parent").prefetch_related(
        *history.M2M_FIELDS, *history.CHILD_FIELDS
    )
    return axes, sorted(sorted(history.snapshot(a).items()) for a in actions)


def test_round_trip_csv_gives_the_same_plan(setup, cast):
    data = exports.csv_bytes(exports.action_rows(setup.plan))
    parsed = _parse(setup, data)
    assert parsed.is_valid, parsed.errors
    copy = importing.import_plan(setup.process, parsed, name="Réimporté", actor=cast.facilitator)
    assert _plan_signature(copy) == _plan_signature(setup.plan)
    assert copy.actions.count() == 3


def test_round_trip_xlsx(setup, cast, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exports.xlsx_bytes(exports.action_rows(setup.plan), "Plan"))
    parsed = importing.parse_table(setup.process, read_xlsx(path))
    copy = importing.import_plan(setup.process, parsed, name="XLSX", actor=cast.facilitator)
    assert _plan_signature(copy) == _plan_signature(setup.plan)


def test_bad_file_gives_french_errors_by_line_and_writes_nothing(setup, cast):
    data = _csv(
        "1. Coopérer;;Club;retenue;;haute;01/03/2027;31/12/2027;Recyclerie du Clain;;",
        "1. Coopérer;;Club;retenue;;haute;;;;;",
        "2. Acheter;;Clauses;validée;;;;;;;",
        "2. Acheter;;Mois de l'ESS;proposée;;urgente;2027-13-45;;;;",
        "2. Acheter;;Maison;non retenue;;;;;;;",
        "3. Outils;;Plateforme;;;;;;;;2027 loyer 100",
    )
    parsed = _parse(setup, data)
    assert [plain(error) for error in parsed.errors] == [
        "Ligne 3 : action en double : même titre et même axe qu’à la ligne 2.",
        "Ligne 4 : statut inconnu « validée » (valeurs acceptées : proposée, retenue, "
        "non retenue, en cours, réalisée, en pause, abandonnée).",
        "Ligne 5 : priorité inconnue « urgente » (valeurs acceptées : haute, moyenne, basse).",
        "Ligne 5 : la date « 2027-13-45 » n’est pas au format JJ/MM/AAAA.",
        "Ligne 6 : une action non retenue doit avoir sa raison.",
        "Ligne 7 : Budget : Ligne 1 (« 2027 loyer 100 ») : attendu : « année "
        "fonctionnement|investissement prévu / réalisé ».",
    ]
    before = Plan.objects.count()
    with pytest.raises(importing.ImportErrors):
        importing.import_plan(setup.process, parsed, name="x", actor=cast.facilitator)
    assert Plan.objects.count() == before


def test_missing_title_column(setup):
    parsed = importing.parse_table(setup.process, read_csv(b"Axe;Nom du pilote\n1. A;B\n"))
    assert parsed.errors == [
        "Colonne manquante\u00a0: Titre. Téléchargez le modèle pour voir les colonnes attendues."
    ]


def test_unknown_pilots_are_offered_for_creation(setup, cast):
    data = _csv("1. A;;Action;retenue;;;;;Régie inconnue;Direction des sports;")
    parsed = _parse(setup, data)
    assert parsed.is_valid
    assert parsed.missing_organisations == ["Régie inconnue"]
    assert parsed.missing_departments == ["Direction des sports"]
    with pytest.raises(importing.ImportErrors) as error:
        importing.import_plan(setup.process, parsed, name="x", actor=cast.facilitator)
    assert "Pilote ou partenaire inconnu\u00a0: «\u00a0Régie inconnue\u00a0»." in error.value.errors
    assert not Organisation.objects.filter(name="Régie inconnue").exists()
    plan = importing.import_plan(
        setup.process, parsed, name="x", actor=cast.facilitator, create_missing=True
    )
    action = plan.actions.get()
    assert [o.name for o in action.pilot_organisations.all()] == ["Régie inconnue"]
    assert action.departments.get().kind == "department"
    assert setup.process.organisations.filter(name="Régie inconnue").exists()


def test_pilot_can_be_a_person(setup, cast):
    parsed = _parse(setup, _csv("1. A;;Action;retenue;;;;;Claude Contributeur;;"))
    plan = importing.import_plan(setup.process, parsed, name="x", actor=cast.facilitator)
    assert list(plan.actions.get().pilot_people.all()) == [setup.person]


def test_import_pages_preview_then_confirm(setup, client_as, django_capture_on_commit_callbacks):
    client = client_as("facilitator")
    p = setup.process.pk
    data = exports.csv_bytes(exports.action_rows(setup.plan))
    upload = io.BytesIO(data)
    upload.name = "plan.csv"
    response = client.post(reverse("plans:import", args=[p]), {"name": "Importé", "file": upload})
    assert response.status_code == 302
    page = client.get(reverse("plans:import_preview", args=[p])).content.decode()
    assert "3 actions lues." in page and "Importer le plan" in page
    assert Plan.objects.filter(name="Importé").count() == 0
    with django_capture_on_commit_callbacks(execute=True):  # the import's background work
        response = client.post(reverse("plans:import_preview", args=[p]))
    assert response.status_code == 302
    assert Plan.objects.get(name="Importé").actions.count() == 3


def test_import_page_shows_line_errors(setup, client_as):
    client = client_as("facilitator")
    p = setup.process.pk
    upload = io.BytesIO(_csv("1. A;;Action;inconnu;;;;;;;"))
    upload.name = "plan.csv"
    client.post(reverse("plans:import", args=[p]), {"name": "Mauvais", "file": upload})
    page = client.get(reverse("plans:import_preview", args=[p])).content.decode()
    assert (
        "Ligne 2\u00a0: statut inconnu «\u00a0inconnu\u00a0» (valeurs acceptées\u00a0: proposée,"
        in page
    )
    assert "Importer le plan" not in page
    upload = io.BytesIO(b"\x00\x01binary")
    upload.name = "plan.csv"
    response = client.post(reverse("plans:import", args=[p]), {"name": "Binaire", "file": upload})
    assert "Ce fichier n’est pas un fichier texte CSV" in response.content.decode()
    upload = io.BytesIO(b"x")
    upload.name = "plan.pdf"
    response = client.post(reverse("plans:import", args=[p]), {"name": "PDF", "file": upload})
    assert "Choisissez un fichier .xlsx ou .csv." in response.content.decode()


def test_template_is_importable(setup, cast, tmp_path):
    path = tmp_path / "modele.xlsx"
    path.write_bytes(exports.xlsx_bytes(exports.template_rows(), "Plan"))
    parsed = importing.parse_table(setup.process, read_xlsx(path))
    assert parsed.errors == []
    plan = importing.import_plan(
        setup.process, parsed, name="Modèle", actor=cast.facilitator, create_missing=True
    )
    action = plan.actions.get()
    assert action.indicators.get().target == 40
    assert action.budget_lines.count() == 2


def test_import_plan_command(setup, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(exports.csv_bytes(exports.action_rows(setup.plan)))
    call_command("import_plan", str(path), process=setup.process.pk, name="Commande")
    assert Plan.objects.get(name="Commande").actions.count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("1. A;;Action;inconnu;;;;;;;"))
    with pytest.raises(CommandError, match="statut inconnu"):
        call_command("import_plan", str(bad), process=setup.process.pk)


def test_an_action_cannot_be_its_own_parent(setup):
    data = b"Axe;Titre;Action parente\n1. A;Club;Club\n1. A;Rencontre;Inconnue\n"
    parsed = _parse(setup, data)
    assert parsed.errors == [
        "Ligne 2\u00a0: une action ne peut pas être sa propre parente.",
        "Ligne 3\u00a0: l’action parente «\u00a0Inconnue\u00a0» n’est pas dans le fichier.",
    ]


def test_import_plan_adopted_on_creates_a_validated_adopted_frozen_plan(setup, tmp_path):
    import datetime as dt

    from essor.core.models import AuditEntry

    path = tmp_path / "plan.csv"
    path.write_bytes(_csv("1. Coopérer;;Un lieu;;;;01/03/2024;31/12/2026;;;"))
    out = io.StringIO()
    call_command("import_plan", str(path), process=setup.process.pk, name="Adopté",
                 adopted_on="2024-06-20", stdout=out)  # fmt: skip
    plan = Plan.objects.get(name="Adopté")
    assert plan.status == "validated" and plan.is_frozen
    assert plan.council_vote_date == dt.date(2024, 6, 20)
    assert plan.council_vote_result == "adopted"
    assert plan.mandate_start == 2024  # the mandate covers the year of the vote
    # Voted as imported: an action without a status is retained, hence followed.
    assert list(plan.actions.values_list("status", flat=True)) == ["retained"]
    assert "adopté le 20/06/2024" in out.getvalue()
    assert AuditEntry.objects.filter(verb="plan.prior_adoption", target_id=str(plan.pk)).exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [("20/06/2024", "invalide"), ("2999-01-01", "dans le futur")],
)
def test_import_plan_adopted_on_refuses_a_bad_date_and_writes_nothing(
    setup, tmp_path, value, message
):
    path = tmp_path / "plan.csv"
    path.write_bytes(_csv("1. Coopérer;;Un lieu;;;;;;;;"))
    before = Plan.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_plan", str(path), process=setup.process.pk, adopted_on=value)
    assert Plan.objects.count() == before


def test_web_import_of_a_plan_adopted_on_a_date(setup, client_as, run_jobs):
    import datetime as dt

    client = client_as("facilitator")
    p = setup.process.pk
    upload = io.BytesIO(_csv("1. Coopérer;;Un lieu;;;;01/03/2024;31/12/2026;;;"))
    upload.name = "plan.csv"
    page = client.get(reverse("plans:import", args=[p])).content.decode()
    assert "Adopté par l’assemblée le" in page
    data = {"name": "Adopté en ligne", "file": upload, "adopted_on": "2024-06-20"}
    assert client.post(reverse("plans:import", args=[p]), data).status_code == 302
    response = run_jobs(client.post, reverse("plans:import_preview", args=[p]))
    assert response.status_code == 302
    plan = Plan.objects.get(name="Adopté en ligne")
    assert plan.status == "validated" and plan.is_frozen
    assert (plan.council_vote_date, plan.council_vote_result) == (dt.date(2024, 6, 20), "adopted")


def test_web_import_refuses_an_adoption_in_the_future(setup, client_as):
    import datetime as dt

    client = client_as("facilitator")
    upload = io.BytesIO(_csv("1. Coopérer;;Un lieu;;;;;;;;"))
    upload.name = "plan.csv"
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    url = reverse("plans:import", args=[setup.process.pk])
    response = client.post(url, {"name": "Futur", "file": upload, "adopted_on": future})
    assert response.status_code == 200
    errors = response.context["form"].errors["adopted_on"]
    assert "La date d’adoption ne peut pas être dans le futur." in errors
    assert not Plan.objects.filter(name="Futur").exists()
