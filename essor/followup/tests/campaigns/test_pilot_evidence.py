"""A document as evidence sent with a pilot's report: by personal link and "my actions"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essor.followup.evidence_models import ReportAttachment
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.tests.campaigns.conftest import token_of

REPORT = {"status": "in_progress", "progress": "40", "note": "Travaux lancés",
          "spent_operating": "1 500,50", "spent_investment": ""}  # fmt: skip


def _data(action, upload=None, **changes):
    data = {f"a{action.pk}-{key}": value for key, value in {**REPORT, **changes}.items()}
    if upload is not None:
        data[f"a{action.pk}-file"] = upload
    return data


def _pdf(name="facture.pdf", content=b"%PDF-1.4 facture"):
    return SimpleUploadedFile(name, content, "application/pdf")


def _pilot_url(token, action):
    return reverse("followup:pilot_report", args=[token, action.pk])


def test_the_pilot_form_offers_a_document_for_phones(followed, campaign, client):
    page = client.get(reverse("followup:pilot", args=[token_of("alice@asso.example")]))
    text = page.content.decode()
    assert 'enctype="multipart/form-data"' in text
    assert f'name="a{followed.place.pk}-file"' in text and 'accept=".csv,.docx,' in text
    assert "Un document comme justificatif (facultatif)" in text


def test_the_pilot_attaches_a_document_to_the_report(followed, campaign, client, client_as):
    token = token_of("alice@asso.example")
    response = client.post(_pilot_url(token, followed.place), _data(followed.place, _pdf()))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    item = ReportAttachment.objects.get()
    assert item.report == report and report.lineage == followed.place.lineage
    assert (item.filename, item.title, item.content_type) == (
        "facture.pdf", "facture.pdf", "application/pdf"
    )  # fmt: skip
    assert bytes(item.content) == b"%PDF-1.4 facture" and item.uploaded_by is None
    # The facilitator sees it on the action's follow-up page, with the pilot's name...
    page_url = reverse(
        "followup:action", args=[followed.plan.process_id, followed.plan.pk, followed.place.pk]
    )
    page = client_as("facilitator").get(page_url).content.decode()
    download = reverse("followup:evidence_download", args=[followed.plan.process_id, item.pk])
    assert download in page and "envoyé par Alice Asso" in page
    # ... and downloads it through the permission check; the link gives no access to it.
    assert client_as("facilitator").get(download).content == b"%PDF-1.4 facture"
    assert client.get(download).status_code == 302
    assert client_as("other_workspace").get(download).status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream"),
         "Ce type de fichier n’est pas accepté"),
        (_pdf("gros.pdf", b"%PDF" + b"x" * 2000), "Le fichier est trop volumineux"),
    ],
)  # fmt: skip
def test_a_refused_document_refuses_the_whole_report(
    followed, campaign, client, settings, upload, message
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # the other fields fit, the big file not
    token = token_of("alice@asso.example")
    data = _data(followed.place, upload, **{f"value_{followed.jobs.pk}": "12,5"})
    response = client.post(_pilot_url(token, followed.place), data)
    assert response.status_code == 200
    form = next(e["form"] for e in response.context["entries"] if e["action"] == followed.place)
    assert message in " ".join(form.errors["file"])
    text = response.content.decode()
    assert message in text and f'id="id_a{followed.place.pk}-file_error"' in text
    # The other fields are still filled.
    assert "Travaux lancés" in text and 'value="1 500,50"' in text and 'value="12,5"' in text
    assert not ProgressReport.objects.exists() and not IndicatorValue.objects.exists()
    assert not ReportAttachment.objects.exists()


def test_a_link_for_one_action_cannot_attach_to_another(followed, campaign, client):
    token = token_of("alice@asso.example")
    for action in (followed.network, followed.dropped):
        response = client.post(_pilot_url(token, action), _data(action, _pdf()))
        assert response.status_code == 404
    assert not ProgressReport.objects.exists() and not ReportAttachment.objects.exists()


def test_a_pilot_with_an_account_attaches_from_my_actions(followed, pilots, cast, client_as):
    client = client_as("contributor")
    page = client.get(reverse("followup:my_actions", args=[cast.process.pk])).content.decode()
    assert f'name="a{followed.training.pk}-file"' in page
    url = reverse("followup:my_report", args=[cast.process.pk, followed.training.pk])
    assert client.post(url, _data(followed.training, _pdf())).status_code == 302
    item = ReportAttachment.objects.select_related("report").get()
    assert item.uploaded_by == cast.contributor and item.report.author == cast.contributor
    assert item.report.lineage == followed.training.lineage
    # Not their action: 404, nothing attached.
    other = reverse("followup:my_report", args=[cast.process.pk, followed.place.pk])
    assert client.post(other, _data(followed.place, _pdf())).status_code == 404
    assert ReportAttachment.objects.count() == 1


def test_my_actions_refuses_a_bad_document_at_the_field(followed, pilots, cast, client_as):
    url = reverse("followup:my_report", args=[cast.process.pk, followed.training.pk])
    upload = SimpleUploadedFile("script.sh", b"echo", "text/x-sh")
    response = client_as("contributor").post(url, _data(followed.training, upload))
    assert response.status_code == 200
    assert "Ce type de fichier n’est pas accepté" in response.content.decode()
    assert not ProgressReport.objects.exists() and not ReportAttachment.objects.exists()


def test_a_report_without_a_document_attaches_nothing(followed, campaign, client):
    token = token_of("alice@asso.example")
    assert client.post(_pilot_url(token, followed.place), _data(followed.place)).status_code == 302
    assert ProgressReport.objects.count() == 1 and not ReportAttachment.objects.exists()


def test_the_plans_my_actions_page_leads_to_reporting_and_back(followed, pilots, cast, client_as):
    client = client_as("contributor")
    reporting = reverse("followup:my_actions", args=[cast.process.pk])
    page = client.get(reverse("plans:my_actions", args=[cast.process.pk])).content.decode()
    assert f'href="{reporting}"' in page and "Faire le point sur leur avancement" in page
    back = client.get(reporting).content.decode()
    assert f'href="{reverse("plans:my_actions", args=[cast.process.pk])}"' in back
    # Who pilots nothing in a validated plan is not offered it.
    other = client_as("committee_member").get(reverse("plans:my_actions", args=[cast.process.pk]))
    assert "Faire le point sur leur avancement" not in other.content.decode()
