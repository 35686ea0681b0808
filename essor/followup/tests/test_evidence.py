"""Funding received, evidence, comments and publication settings: every role, bad input."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import ROLES
from essor.followup import evidence, services
from essor.followup.evidence_models import (
    FollowupComment,
    FollowupSettings,
    FundingReceipt,
    ReportAttachment,
)
from essor.followup.models import ProgressReport

# The cast plus an administrator of the workspace without any role in the process.
EVERYONE = [*ROLES, "workspace_admin"]
RECORDERS = {"admin", "facilitator", "workspace_admin"}
READERS = RECORDERS | {"committee_member"}
COMMENTERS = READERS


@pytest.fixture
def as_role(cast, client_as):
    def make(role: str) -> Client:
        if role != "workspace_admin":
            return client_as(role)
        from essor.accounts.models import User
        from essor.workspaces.models import WorkspaceMember, WorkspaceRole

        user = User.objects.create_user("direction@example.org", "x", full_name="Wanda Direction")
        WorkspaceMember.objects.create(
            workspace=cast.workspace, user=user, role=WorkspaceRole.ADMIN
        )
        client = Client()
        client.force_login(user)
        return client

    return make


def _refused(role):
    if role == "anonymous":
        return 302
    if role in ("outsider", "other_workspace"):
        return 404
    return 403


def _url(followed, name, action=None):
    args = [followed.plan.process_id, followed.plan.pk]
    if name != "settings_save":
        args.append((action or followed.place).pk)
    return reverse(f"followup:{name}", args=args)


@pytest.fixture
def report(followed, cast):
    entry, _ = services.record_report(
        followed.place, year=2025, status="in_progress", actor=cast.facilitator
    )
    return entry


FUNDING = {"funding-funder": "Région Nouvelle-Aquitaine", "funding-amount": "12 500,50",
           "funding-year": "2025", "funding-received_on": "2025-06-30"}  # fmt: skip


@pytest.mark.parametrize("role", EVERYONE)
def test_recording_funding_received(followed, as_role, role):
    response = as_role(role).post(_url(followed, "funding_add"), FUNDING)
    if role in RECORDERS:
        assert response.status_code == 302
        entry = FundingReceipt.objects.get()
        assert (entry.funder, entry.amount, entry.year) == (
            "Région Nouvelle-Aquitaine", Decimal("12500.50"), 2025)  # fmt: skip
        assert entry.lineage == followed.place.lineage and entry.received_on.month == 6
        assert entry.author is not None
    else:
        assert response.status_code == _refused(role)
        assert not FundingReceipt.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("funding-amount", "-10", "Un montant reçu doit être positif."),
        ("funding-amount", "0", "Un montant reçu doit être positif."),
        ("funding-amount", "beaucoup", "nombre"),
        ("funding-amount", "12,345", "Deux décimales au plus."),
        ("funding-year", "2040", "L’année doit être comprise dans le mandat"),
        (
            "funding-received_on",
            "2999-01-01",
            "Une date de réception ne peut pas être dans le futur",
        ),
        ("funding-funder", "", "Ce champ est obligatoire."),
    ],
)
def test_bad_funding_is_refused_at_the_field(followed, client_as, field, value, message):
    response = client_as("facilitator").post(
        _url(followed, "funding_add"), {**FUNDING, field: value}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'class="form-field field-error"' in html
    assert not FundingReceipt.objects.exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_attaching_evidence_to_a_report(followed, report, as_role, role):
    upload = SimpleUploadedFile("facture.pdf", b"%PDF-1.4 facture", "application/pdf")
    data = {"evidence-report": str(report.pk), "evidence-title": "Facture", "evidence-file": upload}
    response = as_role(role).post(_url(followed, "evidence_add"), data)
    if role in RECORDERS:
        assert response.status_code == 302
        item = ReportAttachment.objects.get()
        assert (item.report, item.title, item.filename) == (report, "Facture", "facture.pdf")
        assert bytes(item.content) == b"%PDF-1.4 facture"
    else:
        assert response.status_code == _refused(role)
        assert not ReportAttachment.objects.exists()


def test_a_refused_kind_of_file_is_a_message_at_the_field(followed, report, client_as):
    upload = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    response = client_as("facilitator").post(
        _url(followed, "evidence_add"), {"evidence-report": str(report.pk), "evidence-file": upload}
    )
    assert response.status_code == 200
    assert "Ce type de fichier n’est pas accepté" in response.content.decode()
    assert not ReportAttachment.objects.exists()


def test_a_too_large_file_is_refused(followed, report, client_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    upload = SimpleUploadedFile("gros.pdf", b"%PDF" + b"x" * 100, "application/pdf")
    with pytest.raises(ValidationError) as error:
        evidence.attach_evidence(report, upload=upload, title="", actor=None)
    assert "file" in error.value.message_dict
    assert not ReportAttachment.objects.exists()


def test_a_report_of_another_action_cannot_be_chosen(followed, cast, client_as):
    other, _ = services.record_report(
        followed.training, year=2025, status="done", actor=cast.facilitator
    )
    upload = SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")
    response = client_as("facilitator").post(
        _url(followed, "evidence_add"), {"evidence-report": str(other.pk), "evidence-file": upload}
    )
    assert "Choisissez l’un des points d’avancement de cette action." in response.content.decode()
    assert not ReportAttachment.objects.exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_downloading_evidence(followed, report, as_role, role):
    item = evidence.attach_evidence(
        report, upload=SimpleUploadedFile("preuve.pdf", b"%PDF preuve"), title="", actor=None
    )
    url = reverse("followup:evidence_download", args=[followed.plan.process_id, item.pk])
    response = as_role(role).get(url)
    if role in READERS:
        assert response.status_code == 200 and response.content == b"%PDF preuve"
        assert response["Content-Disposition"] == 'attachment; filename="preuve.pdf"'
    else:
        assert response.status_code == _refused(role)


def test_evidence_of_another_process_is_a_404(followed, report, client_as, cast):
    item = evidence.attach_evidence(
        report, upload=SimpleUploadedFile("preuve.pdf", b"%PDF"), title="", actor=None
    )
    url = reverse("followup:evidence_download", args=[cast.elsewhere_process.pk, item.pk])
    assert client_as("other_workspace").get(url).status_code == 404


@pytest.mark.parametrize("role", EVERYONE)
def test_commenting_an_action(followed, as_role, role):
    data = {"comment-text": "Le comité demande un calendrier précis."}
    response = as_role(role).post(_url(followed, "comment_add"), data)
    if role in COMMENTERS:
        assert response.status_code == 302
        comment = FollowupComment.objects.get()
        assert comment.text == data["comment-text"] and comment.author is not None
        assert comment.lineage == followed.place.lineage
    else:
        assert response.status_code == _refused(role)
        assert not FollowupComment.objects.exists()


def test_a_committee_member_comments_but_does_not_report(followed, client_as):
    member = client_as("committee_member")
    page = member.get(_url(followed, "action").replace("/point/", "/")).content.decode()
    assert "Ajouter le commentaire" in page and "Enregistrer le point" not in page
    assert "Enregistrer le montant reçu" not in page and "Joindre le document" not in page
    response = member.post(_url(followed, "report_add"), {"report-year": "2025",
                                                          "report-status": "done"})  # fmt: skip
    assert response.status_code == 403 and not ProgressReport.objects.exists()
    member.post(_url(followed, "comment_add"), {"comment-text": "Bravo"})
    assert "Bravo" in member.get(_url(followed, "action")).content.decode()


def test_an_empty_comment_is_refused(followed, client_as):
    response = client_as("committee_member").post(
        _url(followed, "comment_add"), {"comment-text": "   "}
    )
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    assert not FollowupComment.objects.exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_saving_the_publication_settings(followed, as_role, role):
    data = {"settings-notes_public_by_default": "on", "settings-budgets_public": "on"}
    response = as_role(role).post(_url(followed, "settings_save"), data)
    if role in RECORDERS:
        assert response.status_code == 302
        saved = FollowupSettings.objects.get(plan=followed.plan)
        assert saved.notes_public_by_default and saved.budgets_public
    else:
        assert response.status_code == _refused(role)
        assert not FollowupSettings.objects.exists()


def test_the_report_form_starts_from_the_plan_default(followed, client_as, cast):
    facilitator = client_as("facilitator")
    checkbox = 'name="report-note_is_public" id="id_report-note_is_public" checked'
    assert checkbox not in facilitator.get(_url(followed, "action")).content.decode()
    evidence.save_settings(
        followed.plan, notes_public_by_default=True, budgets_public=False, actor=cast.facilitator
    )
    assert checkbox in facilitator.get(_url(followed, "action")).content.decode()
    dashboard = reverse("followup:dashboard", args=[followed.plan.process_id, followed.plan.pk])
    html = client_as("committee_member").get(dashboard).content.decode()
    assert "Les nouveaux points d’avancement sont publics par défaut." in html


def test_erasure_replaces_the_name_in_funding_comments_and_evidence(followed, report, cast):
    from essor.followup import rgpd
    from essor.organisations.models import Person

    person = Person.objects.create(workspace=cast.workspace, first_name="Hélène",
                                   last_name="Dupré", email="helene@example.org")  # fmt: skip
    funding = evidence.record_funding(
        followed.place, funder="Hélène Dupré (mécène)", amount=Decimal(500), year=2025, actor=None
    )
    comment = evidence.add_comment(followed.place, text="Voir avec Hélène Dupré", actor=None)
    item = evidence.attach_evidence(report, upload=SimpleUploadedFile("recu.pdf", b"%PDF"),
                                    title="Reçu signé par Hélène Dupré", actor=None)  # fmt: skip
    kept = evidence.add_comment(followed.place, text="Rien à signaler", actor=None)
    [effect] = rgpd.describe_evidence(person)
    assert effect.count == 3
    rgpd.erase_evidence(person)
    for row in (funding, comment, item, kept):
        row.refresh_from_db()
    assert "Hélène" not in funding.funder and "Hélène" not in comment.text
    assert "Hélène" not in item.title and kept.text == "Rien à signaler"
