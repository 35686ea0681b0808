"""The read API: public objects of published processes only, read-only, with documented
errors for bad parameters, conditional requests, CORS for reading, and a rate limit."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.plans import services, validation
from essor.plans.models import Axis
from essor.plans.services import ActionData
from essor.processes.models import Process

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.json"


def _plan(process, actor, actions=3, validated=True):
    plan = services.create_plan(
        process=process, name="Feuille de route", actor=actor, mandate_start=2024, mandate_end=2030
    )
    axis = services.save_axis(Axis(plan=plan, number="1", title="Coopérer"), actor=actor)
    for index in range(actions):
        services.create_action(
            plan=plan,
            data=ActionData(
                fields={"title": f"Action {index}", "axis": axis, "status": "retained",
                        "notes": "Note interne à ne pas publier"},
                children={"indicators": [{"name": f"Emplois {index}", "unit": "ETP",
                                          "baseline": 1, "target": 5, "target_year": 2030}]},
            ),
            actor=actor,
        )  # fmt: skip
    services.create_action(
        plan=plan,
        data=ActionData(fields={"title": "Piste écartée", "axis": axis,
                                "status": "not_retained", "status_reason": "Hors compétence"}),
        actor=actor,
    )  # fmt: skip
    if validated:
        validation.record_prior_adoption(plan, adopted_on=dt.date(2024, 6, 1), actor=actor)
    return plan


@pytest.fixture
def published(cast):
    cast.process.is_published = True
    cast.process.save()
    _plan(cast.process, cast.facilitator)
    return cast.process


def test_only_published_processes_are_listed_and_readable(published, cast, client):
    body = client.get(reverse("api:processes")).json()
    assert [p["id"] for p in body["results"]] == [published.pk]
    assert body["results"][0]["territories"][0]["key"] == cast.territory.key
    hidden = cast.elsewhere_process
    for name, kwargs in [("process", {"pk": hidden.pk}), ("plan", {"process_id": hidden.pk}),
                         ("actions", {"process_id": hidden.pk})]:  # fmt: skip
        response = client.get(reverse(f"api:{name}", kwargs=kwargs))
        assert response.status_code == 404
        assert "detail" in response.json()


def test_the_plan_and_its_public_actions_without_anything_internal(published, client):
    plan = client.get(reverse("api:plan", kwargs={"process_id": published.pk})).json()
    assert plan["name"] == "Feuille de route" and plan["axes"][0]["title"] == "Coopérer"
    response = client.get(reverse("api:actions", kwargs={"process_id": published.pk}))
    text = response.content.decode()
    titles = [a["title"] for a in response.json()["results"]]
    assert titles == ["Action 0", "Action 1", "Action 2"]
    assert "Piste écartée" not in text and "Note interne" not in text
    assert "pilot_people" not in text and "notes" not in response.json()["results"][0]
    assert response.json()["results"][0]["indicators"][0]["name"] == "Emplois 0"
    # Baseline and target are numbers, as measured values are.
    indicator = response.json()["results"][0]["indicators"][0]
    assert (indicator["baseline"], indicator["target"]) == (1, 5)


def test_a_process_without_a_validated_plan_says_so(cast, client):
    cast.process.is_published = True
    cast.process.save()
    _plan(cast.process, cast.facilitator, validated=False)
    response = client.get(reverse("api:plan", kwargs={"process_id": cast.process.pk}))
    assert response.status_code == 404
    assert "pas encore de plan validé" in response.json()["detail"]


@pytest.mark.parametrize(
    "query,field",
    [
        ("?colour=blue", "colour"),
        ("?page_size=100000", "page_size"),
        ("?page_size=abc", "page_size"),
        ("?status=unknown", "status"),
        ("?axis=abc", "axis"),
        ("?axis=3.402823466e%2B38", "axis"),
        ("?axis=99999999999999999999", "axis"),
    ],
)
def test_bad_parameters_get_a_documented_error(published, client, query, field):
    url = reverse("api:actions", kwargs={"process_id": published.pk}) + query
    response = client.get(url)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert all(isinstance(message, str) for message in response.json()[field])


def test_a_page_beyond_the_last_is_a_json_404(published, client):
    response = client.get(reverse("api:processes") + "?page=99")
    assert response.status_code == 404 and "detail" in response.json()


def test_filters_and_ordering(published, cast, client):
    url = reverse("api:processes")
    assert client.get(url + f"?territory={cast.territory.key}").json()["count"] == 1
    assert client.get(url + "?territory=commune:00000").json()["count"] == 0
    assert client.get(url + "?q=" + published.title[:5]).json()["count"] == 1
    actions = reverse("api:actions", kwargs={"process_id": published.pk})
    titles = [a["title"] for a in client.get(actions + "?ordering=-title").json()["results"]]
    assert titles == ["Action 2", "Action 1", "Action 0"]


def test_conditional_requests_answer_304(published, client):
    url = reverse("api:process", kwargs={"pk": published.pk})
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    published.title = "Nouveau titre"
    published.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_cors_lets_any_site_read_and_nothing_else(published, client):
    url = reverse("api:processes")
    response = client.get(url, HTTP_ORIGIN="https://tableau.exemple.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        url, HTTP_ORIGIN="https://tableau.exemple.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    before = Process.objects.get(pk=published.pk).title
    refused = client.post(url, {"title": "x"}, HTTP_ORIGIN="https://tableau.exemple.org")
    assert refused.status_code in (403, 405)
    assert Process.objects.get(pk=published.pk).title == before
    # The rest of the site sends no CORS header.
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN="https://x.org")


def test_the_rate_limit_answers_429_per_address_without_a_key_and_per_key_with_one(
    published, client, settings, cast
):
    from django.core.cache import cache

    from essor.api import services

    cache.clear()
    rates = {"api": "3/minute", "api_key": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    url = reverse("api:processes")
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "detail" in client.get(url).json()
    # From the same address, a key holder has a bucket of their own, at the key's rate.
    secret = services.create_api_key(cast.workspace, "Tableau", actor=cast.facilitator)[1]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    statuses = [client.get(url, **bearer).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    cache.clear()


def _action_queries(client, process) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert (
            client.get(reverse("api:actions", kwargs={"process_id": process.pk})).status_code == 200
        )
    return len(ctx.captured_queries)


def test_lists_run_a_constant_number_of_queries(cast, client):
    cast.process.is_published = True
    cast.process.save()
    _plan(cast.process, cast.facilitator, actions=2)
    small = _action_queries(client, cast.process)
    cast.elsewhere_process.is_published = True
    cast.elsewhere_process.save()
    _plan(cast.elsewhere_process, cast.facilitator, actions=30)
    assert _action_queries(client, cast.elsewhere_process) == small
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("api:processes"))
    assert len(ctx.captured_queries) <= 4


def test_the_openapi_document_is_served_and_the_committed_one_is_up_to_date(client):
    served = client.get(reverse("api:schema"))
    assert served.status_code == 200
    assert "/api/v1/processes/{process_id}/actions/" in served.json()["paths"]
    out = StringIO()
    call_command("spectacular", "--format", "openapi-json", "--lang", "en", stdout=out)
    generated = json.loads(out.getvalue())
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert generated == committed, (
        "docs/api/openapi.json is out of date: run `python manage.py spectacular "
        "--format openapi-json --lang en --file docs/api/openapi.json`"
    )
    french = client.get(reverse("api:schema") + "?lang=fr").json()
    assert "Clé stable du territoire" in json.dumps(french, ensure_ascii=False)


def test_the_documentation_page_lists_every_endpoint_in_french(client):
    page = client.get(reverse("api:docs")).content.decode()
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for path in schema["paths"]:
        assert f"GET {path}" in page
    assert "Les actions du plan validé" in page and "Clé stable du territoire" in page
    english = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The actions of the validated plan" in english


def test_any_other_address_under_the_api_is_a_json_404(client):
    for path in ("/api/v1/processes/null,null/", "/api/v1/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Pas trouvé."}
    assert reverse("api:not_found", args=["x"]) == "/api/v1/x"


def test_an_id_beyond_the_database_bounds_is_a_404(published, client):
    huge = 10**30
    for name in ("process", "actions"):
        kwargs = {"pk": huge} if name == "process" else {"process_id": huge}
        response = client.get(reverse(f"api:{name}", kwargs=kwargs))
        assert response.status_code == 404 and "detail" in response.json()
