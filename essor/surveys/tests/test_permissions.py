"""Every view of the surveys app, for every role of the cast, unpublished and published."""

import datetime as dt

import pytest
from django.urls import reverse

from essor.core.tests.matrix import matrix
from essor.surveys.models import Answer, QuestionKind, Response, Survey


def _free_answer(srv) -> Answer:
    response = Response.objects.create(survey=srv.survey, submitted_on=dt.date.today())
    return Answer.objects.create(response=response, question=srv.free, text="Une idée")


def _url(name, srv):
    pid, sid, qid = srv.process.pk, srv.survey.pk, srv.free.pk
    args = {
        "list": [pid], "create": [pid], "question_add": [pid, sid],
        "question_edit": [pid, sid, qid], "question_delete": [pid, sid, qid],
        "question_move": [pid, sid, qid],
        "answer_convert": [pid, sid, _free_answer(srv).pk if name == "answer_convert" else 0],
    }.get(name, [pid, sid])  # fmt: skip
    return reverse(f"surveys:{name}", args=args)


def _data(name, srv):
    question = {"text": "Une autre idée ?", "kind": QuestionKind.SHORT_TEXT}
    return {
        "create": {"title": "Nouvelle enquête", "anonymous": "on", "public_link_enabled": "on"},
        "edit": {"title": "Enquête renommée", "anonymous": "on"},
        "status": {"status": "closed"},
        "question_add": question,
        "question_edit": question,
        "question_move": {"direction": "up"},
        "invitations": {"everyone": "on"},
        "answer_convert": {"kind": "need"},
    }.get(name, {})


VIEWS = [
    # name, method, kind of page, status when allowed
    ("list", "get", "internal", 200),
    ("detail", "get", "internal", 200),
    ("results", "get", "internal", 200),
    ("export_csv", "get", "internal", 200),
    ("export_xlsx", "get", "internal", 200),
    ("export_summary", "get", "internal", 200),
    ("create", "get", "manage", 200),
    ("create", "post", "manage", 302),
    ("edit", "get", "manage", 200),
    ("edit", "post", "manage", 302),
    ("status", "post", "manage", 302),
    ("question_add", "get", "manage", 200),
    ("question_add", "post", "manage", 302),
    ("question_edit", "get", "manage", 200),
    ("question_edit", "post", "manage", 302),
    ("question_delete", "get", "manage", 200),
    ("question_delete", "post", "manage", 302),
    ("question_move", "post", "manage", 302),
    ("invitations", "get", "manage", 200),
    ("invitations", "post", "manage", 200),  # the new links, shown this once
    ("invitations_csv", "post", "manage", 302),  # nobody invited yet: back to the page
    ("public_link_renew", "post", "manage", 302),
    ("answer_convert", "post", "manage", 302),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_surveys_permission_matrix(client_as, srv, name, method, role, published, expected):
    srv.process.is_published = published
    srv.process.save()
    url = _url(name, srv)
    client = client_as(role)
    public_token = srv.survey.public_token
    response = client.post(url, _data(name, srv)) if method == "post" else client.get(url)
    assert response.status_code == expected
    if response.status_code == 302 and role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    if method == "post" and expected in (403, 404, 302) and role not in ("admin", "facilitator"):
        # Refused writes change nothing.
        assert Survey.objects.count() == 1
        assert srv.survey.questions.count() == 6
        assert not srv.survey.invitations.exists()
        assert not Answer.objects.filter(contribution__isnull=False).exists()
    srv.survey.refresh_from_db()
    renewed = name == "public_link_renew" and role in ("admin", "facilitator")
    assert (srv.survey.public_token != public_token) is renewed


def test_manage_posts_do_their_work(client_as, srv):
    client = client_as("facilitator")
    for name in ("status", "invitations", "answer_convert"):
        assert client.post(_url(name, srv), _data(name, srv)).status_code in (200, 302)
    srv.survey.refresh_from_db()
    assert srv.survey.status == "closed"
    assert srv.survey.invitations.count() == 2
    assert Answer.objects.filter(contribution__isnull=False).count() == 1


def test_other_process_survey_is_404(client_as, srv):
    from essor.processes.models import Process

    other = Process.objects.create(workspace=srv.process.workspace, title="Autre démarche")
    url = reverse("surveys:detail", args=[other.pk, srv.survey.pk])
    assert client_as("admin").get(url).status_code == 404
    url = reverse("surveys:question_edit", args=[srv.process.pk, srv.survey.pk, 999999])
    assert client_as("admin").get(url).status_code == 404


def test_respondent_pages_need_no_account(client_as, srv):
    for role in ("anonymous", "outsider"):
        client = client_as(role)
        assert (
            client.get(reverse("surveys:answer", args=[srv.survey.public_token])).status_code == 200
        )
        thanks = reverse("surveys:thanks", args=[srv.survey.public_token])
        assert client.get(thanks).status_code == 200
