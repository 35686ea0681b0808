"""The three import steps through the views, as a facilitator."""

import pytest
from django.urls import reverse

from essor.core.models import AuditEntry
from essor.core.tests.french import plain
from essor.jobs.models import Job
from essor.organisations import tabular, tasks
from essor.organisations.import_views import SESSION_KEY
from essor.organisations.models import Organisation, Person
from essor.organisations.tests.importing_helpers import csv_file, xlsx_file
from essor.organisations.tests.numbers import siret

HEADER = ["Raison sociale", "SIRET", "Type", "Famille", "Code commune", "Prénom", "Nom", "Courriel"]
GOOD = [
    ["Ressourcerie du Porteau", siret("81234567"), "association", "", "86194", "Léa", "Roux",
     "lea@example.org"],
    ["Coopérative Élan", siret("79876543"), "Organisation de l'ESS", "coopérative", "", "", "", ""],
    ["Mutuelle du Poitou", "", "ess", "mutuelle", "86194", "", "", ""],
]  # fmt: skip

UPLOAD = reverse("organisations:import_upload")
MAPPING = reverse("organisations:import_mapping")
CONFIRM = reverse("organisations:import_confirm")


@pytest.fixture
def facilitator(client_as, cast):
    return client_as("facilitator")


def _mapping_post(client, headers=HEADER):
    page = client.get(MAPPING)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    return client.post(MAPPING, data)


def test_csv_import_happy_path(facilitator, cast, pending_imports, run_jobs):
    response = facilitator.post(UPLOAD, {"file": csv_file([HEADER, *GOOD])})
    assert response.status_code == 302 and response["Location"] == MAPPING
    page = facilitator.get(MAPPING).content.decode()
    assert "Ressourcerie du Porteau" in page  # preview
    assert 'value="siret" selected' in page  # guessed from "SIRET"
    response = _mapping_post(facilitator)
    assert response.status_code == 302 and response["Location"] == CONFIRM
    page = facilitator.get(CONFIRM)
    assert "3 lignes sont prêtes à être importées" in page.content.decode()
    assert list(page.context["form"].fields["process"].queryset) == [cast.process]
    response = run_jobs(facilitator.post, CONFIRM, {"process": cast.process.pk})
    job = Job.objects.get(kind="organisations.import")
    assert response.status_code == 302 and response["Location"] == reverse(
        "jobs:detail", args=[job.pk]
    )
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result_url == reverse("organisations:list")
    assert (job.done, job.total) == (6, 6)  # 3 lines, once for organisations, once for people
    ressourcerie = Organisation.objects.get(name="Ressourcerie du Porteau")
    assert (ressourcerie.kind, ressourcerie.ess_family) == ("ess", "association")
    assert ressourcerie.siren == ressourcerie.siret[:9]
    assert ressourcerie.commune.code == "86194"
    elan = Organisation.objects.get(name="Coopérative Élan")
    assert (elan.kind, elan.ess_family, elan.commune) == ("ess", "cooperative", None)
    assert Organisation.objects.get(name="Mutuelle du Poitou").ess_family == "mutual"
    assert set(cast.process.organisations.values_list("name", flat=True)) == {
        "Ressourcerie du Porteau", "Coopérative Élan", "Mutuelle du Poitou",
    }  # fmt: skip
    lea = Person.objects.get(email="lea@example.org")
    assert (lea.first_name, lea.last_name, lea.organisation) == ("Léa", "Roux", ressourcerie)
    entry = AuditEntry.objects.get(verb="organisations.imported")
    assert entry.data["organisations_created"] == 3 and entry.data["people_created"] == 1
    assert pending_imports() == 0  # the parsed upload is consumed by the import
    page = facilitator.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Organisations créées\u00a0: 3, mises à jour\u00a0: 0." in page
    # The steps then go back to the first one; the work delivered again imports nothing.
    assert facilitator.get(CONFIRM)["Location"] == UPLOAD
    job.status = "queued"
    job.save()
    state = facilitator.session[SESSION_KEY]
    tasks.import_directory.call(
        str(job.pk), state["token"], state["mapping"], cast.workspace.pk, cast.process.pk
    )
    job.refresh_from_db()
    assert job.status == "failed" and Organisation.objects.count() == 3


def test_xlsx_import_with_numbers_typed_in_excel(facilitator, run_jobs):
    number = siret("81234567")
    rows = [["Dénomination", "SIRET", "Code INSEE", "Type"],
            ["Régie de quartier", int(number), 86194, "association"]]  # fmt: skip
    assert facilitator.post(UPLOAD, {"file": xlsx_file(rows)}).status_code == 302
    assert _mapping_post(facilitator).status_code == 302
    assert run_jobs(facilitator.post, CONFIRM, {"process": ""}).status_code == 302
    regie = Organisation.objects.get(name="Régie de quartier")
    assert regie.siret == number and regie.commune.code == "86194"
    assert regie.processes.count() == 0


def test_one_bad_line_writes_nothing_and_reports_line_and_column(
    facilitator, pending_imports, run_jobs
):
    bad = [*GOOD[:2], ["Mutuelle du Poitou", "123", "ess", "", "86194", "", "", ""]]
    facilitator.post(UPLOAD, {"file": csv_file([HEADER, *bad])})
    response = _mapping_post(facilitator)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 erreur\u00a0: rien n’a été importé" in html
    assert "Ligne 4, colonne SIRET : le numéro 123 n’a pas 14 chiffres." in plain(html)
    assert Organisation.objects.count() == 0 and Person.objects.count() == 0
    # Skipping to the last step does not help.
    response = run_jobs(facilitator.post, CONFIRM, {})
    assert response.status_code == 302 and response["Location"] == MAPPING
    assert Organisation.objects.count() == 0
    # The corrected file replaces the first one.
    facilitator.post(UPLOAD, {"file": csv_file([HEADER, *GOOD])})
    assert pending_imports() == 1
    assert _mapping_post(facilitator).status_code == 302
    run_jobs(facilitator.post, CONFIRM, {})
    assert Organisation.objects.count() == 3


def test_cp1252_csv_with_commas(facilitator, run_jobs):
    upload = csv_file(
        [["Raison sociale", "Famille"], ["Coopérative Élan", "Coopérative"]],
        sep=",",
        encoding="cp1252",
    )
    facilitator.post(UPLOAD, {"file": upload})
    _mapping_post(facilitator)
    run_jobs(facilitator.post, CONFIRM, {})
    assert Organisation.objects.get().name == "Coopérative Élan"


def test_reimport_updates_by_siret_then_by_name_and_commune(facilitator, directory, run_jobs):
    existing = directory.org  # Recyclerie du Clain, Poitiers, with a SIRET
    rows = [
        ["Raison sociale", "SIRET", "Code commune", "Site", "Prénom", "Nom", "Courriel"],
        ["Recyclerie du Clain", existing.siret, "", "recyclerie.example.org",
         "Élodie", "Rivière", "ELODIE@example.org"],
        ["RECYCLERIE du clain", "", "86194", "", "", "", ""],
        ["Recyclerie du Clain", "", "", "", "", "", ""],  # not in Poitiers: another one
    ]  # fmt: skip
    facilitator.post(UPLOAD, {"file": csv_file(rows)})
    _mapping_post(facilitator)
    run_jobs(facilitator.post, CONFIRM, {})
    assert Organisation.objects.count() == 2
    assert Organisation.objects.filter(commune=None).get().name == "Recyclerie du Clain"
    existing.refresh_from_db()
    assert existing.name == "RECYCLERIE du clain"
    assert existing.website == "https://recyclerie.example.org"
    assert existing.commune.code == "86194"  # an empty cell does not erase
    assert Person.objects.count() == 1  # found by e-mail, case-insensitive
    directory.person.refresh_from_db()
    assert directory.person.role_title == "Coordinatrice"
    entry = AuditEntry.objects.get(verb="organisations.imported")
    assert entry.data == {
        "rows": 3, "organisations_created": 1, "organisations_updated": 1,
        "people_created": 0, "people_updated": 1,  # the e-mail as written in the file
    }  # fmt: skip


def test_people_only_file_attaches_contacts_by_organisation_name(facilitator, directory, run_jobs):
    rows = [["Organisation", "Prénom", "Nom", "Fonction"],
            ["recyclerie du CLAIN", "Paul", "Nguyen", "Trésorier"],
            ["", "Zoé", "Sans-Structure", ""]]  # fmt: skip
    facilitator.post(UPLOAD, {"file": csv_file(rows)})
    _mapping_post(facilitator)
    # "recyclerie du CLAIN" without commune is not "Recyclerie du Clain" in Poitiers: a new one.
    run_jobs(facilitator.post, CONFIRM, {})
    paul = Person.objects.get(last_name="Nguyen")
    assert paul.organisation.name == "recyclerie du CLAIN" and paul.role_title == "Trésorier"
    assert Person.objects.get(last_name="Sans-Structure").organisation is None


@pytest.mark.parametrize(
    "upload,message",
    [
        (csv_file([["Nom"], ["A"]], name="annuaire.ods"), "n’est ni un fichier .csv ni un fichier"),
        (csv_file([], name="vide.csv"), "Le fichier est vide."),
        (csv_file([["Nom", "SIRET"], ["A", "1"]], name="texte.xlsx"), "classeur Excel"),
        (csv_file([["Nom", "nom"], ["A", "B"]]), "La colonne « nom » apparaît deux fois"),
        (csv_file([["Recyclerie", "73282932000074"]]), "ajoutez une ligne d’en-tête"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(facilitator, pending_imports, upload, message):
    response = facilitator.post(UPLOAD, {"file": upload})
    assert response.status_code == 200
    assert message in plain(response)
    assert SESSION_KEY not in facilitator.session
    assert pending_imports() == 0


def test_size_and_row_caps(facilitator, settings, monkeypatch):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20
    response = facilitator.post(UPLOAD, {"file": csv_file([["Nom"], ["Une longue ligne"]])})
    assert "Le fichier est trop volumineux" in response.content.decode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    monkeypatch.setattr(tabular, "MAX_ROWS", 2)
    response = facilitator.post(UPLOAD, {"file": csv_file([["Nom"], ["A"], ["B"], ["C"]])})
    assert "Le fichier a plus de 2 lignes" in response.content.decode()


def test_mapping_mistakes_are_explained(facilitator):
    facilitator.post(UPLOAD, {"file": csv_file([HEADER, *GOOD])})
    response = facilitator.post(MAPPING, {"col_0": "name", "col_1": "siret", "col_2": "siret"})
    assert "est choisi pour plusieurs colonnes\u00a0: SIRET, Type" in response.content.decode()
    response = facilitator.post(MAPPING, {"col_1": "siret"})
    assert "nom de l’organisation" in response.content.decode()
    response = facilitator.post(MAPPING, {"col_0": "not-a-field"})
    assert response.status_code == 200
    assert Organisation.objects.count() == 0


def test_steps_without_an_upload_go_back_to_the_first_step(facilitator):
    for url in (MAPPING, CONFIRM):
        response = facilitator.get(url)
        assert response.status_code == 302 and response["Location"] == UPLOAD


def test_only_processes_the_user_facilitates_can_receive_the_import(facilitator, cast, run_jobs):
    from essor.processes.models import Process

    other = Process.objects.create(
        workspace=cast.elsewhere, title="Démarche d’une autre collectivité"
    )
    facilitator.post(UPLOAD, {"file": csv_file([HEADER, *GOOD])})
    _mapping_post(facilitator)
    response = run_jobs(facilitator.post, CONFIRM, {"process": other.pk})
    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    assert other.organisations.count() == 0
