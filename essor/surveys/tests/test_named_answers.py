"""Least privilege: the answers of a named survey, response by response, are for
the facilitators; the other roles of the process read the aggregated results."""

import csv
import io

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.surveys import services
from essor.surveys.answering import ResponseForm
from essor.surveys.models import Invitation
from essor.surveys.tests.data import answers, make_survey


@pytest.fixture
def named(cast):
    srv = make_survey(cast, anonymous=False)
    invitation = Invitation.objects.create(survey=srv.survey, person=srv.alice)
    form = ResponseForm(answers(srv, free="Un tiers-lieu"), survey=srv.survey)
    assert form.is_valid(), form.question_errors
    services.submit_response(srv.survey, form.answers, invitation=invitation)
    return srv


def _url(name, srv):
    return reverse(f"surveys:{name}", args=[srv.process.pk, srv.survey.pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_named_responses_only_for_facilitators(client_as, named, role, name):
    response = client_as(role).get(_url(name, named))
    expected = {
        "admin": 200,
        "facilitator": 200,
        "anonymous": 302,
        "outsider": 404,
        "other_workspace": 404,
    }
    assert response.status_code == expected.get(role, 403)
    if response.status_code == 200 and name == "export_csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[1][2] == "Alice Martin"
    else:
        assert b"Alice Martin" not in response.content


@pytest.mark.parametrize("role", ["committee_member", "contributor"])
def test_other_roles_read_aggregated_results_of_a_named_survey(client_as, named, role):
    client = client_as(role)
    page = client.get(_url("results", named))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alice" not in html
    assert _url("export_csv", named) not in html
    assert _url("export_xlsx", named) not in html
    assert "seuls les animateurs voient les réponses une à une" in html
    summary = client.get(_url("export_summary", named))
    assert summary.status_code == 200
    assert "Alice" not in summary.content.decode("utf-8-sig")


def test_facilitator_gets_the_response_exports_on_the_results_page(client_as, named):
    html = client_as("facilitator").get(_url("results", named)).content.decode()
    assert _url("export_csv", named) in html
    assert "seuls les animateurs" not in html


def test_anonymous_survey_responses_stay_readable_by_every_role(client_as, cast):
    srv = make_survey(cast, anonymous=True)
    assert client_as("contributor").get(_url("export_csv", srv)).status_code == 200
