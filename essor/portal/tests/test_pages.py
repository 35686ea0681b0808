"""The public portal of a published process, read like the public roadmap: every query
captured, nothing written, nothing internal shown, the same number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from essor.contributions.services import add_contribution
from essor.decisions.models import Decision, Outcome
from essor.meetings.models import Audience
from essor.observatory.tests.conftest import france, imported, sirene_dir  # noqa: F401
from essor.portal.models import PortalSettings
from essor.portal.tests.conftest import meeting
from essor.synthesis import services as synthesis

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER")
PAGES = ("process", "calendar", "calendar_ics", "contributions")
# Never on a public page: internal meetings and links, people, set-aside and withdrawn
# contributions, internal plan material, the internal pages' addresses.
INTERNAL = (
    "Réunion des services confidentielle", "visio.example.org", "Claude Contributeur",
    "Contributeur", "Recyclerie du Clain", "Fanny Animatrice", "Camille Copil",
    "Texte retiré par son auteur", "Hors sujet mis de côté", "Maison de l'ESS",
    "Pas de local disponible", "Avis favorable interne",
)  # fmt: skip


def _url(name, process):
    return reverse(f"portal:{name}", args=[process.pk])


def _show_everything(process):
    PortalSettings.objects.update_or_create(
        process=process, defaults={part: True for part in PortalSettings.PARTS}
    )


def _read(client, name, process):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(name, process))
    assert response.status_code == 200, name
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == [], name
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_workspace", "contributor"])
def test_everyone_reads_the_portal_and_nothing_internal(client_as, public, role):
    _show_everything(public.process)
    Decision.objects.filter(body__process=public.process).update(comment="Avis favorable interne")
    client = client_as(role)
    html, _count = _read(client, "process", public.process)
    pk = public.process.pk
    for text in (
        "Plan ESS du Grand Poitiers", "<p>Ambition</p>", "CU du Grand Poitiers", "200069854",
        "Diagnostic partagé", 'aria-current="step"', "Ateliers de co-construction",
        "Forum ouvert ESS", "Salle des fêtes", _url("calendar_ics", public.process),
        "Un lieu commun", "Un tiers-lieu pour se croiser.", "2 contributions",
        _url("contributions", public.process), reverse("observatory:page", args=[pk]),
        "Plan d&#x27;action, version validée le", "2 actions", reverse("plans:public", args=[pk]),
        "Comité de pilotage", 'property="og:title" content="Plan ESS du Grand Poitiers"',
        'property="og:url" content="http://127.0.0.1:8000/demarches/',
    ):  # fmt: skip
        assert text in html, text
    assert "Réunion publique de lancement" not in html  # over
    for name in PAGES:
        html, _count = _read(client, name, public.process)
        for text in INTERNAL:
            assert text not in html and escape(text) not in html, (name, text)
    contributions, _count = _read(client, "contributions", public.process)
    assert (
        "Une monnaie locale citoyenne" in contributions
        and "Un lieu pour les acteurs" in contributions
    )
    assert "A. Un lieu commun</h2>" in contributions and "B. Former les élus</h2>" in contributions
    if role == "anonymous":
        assert "sessionid" not in client.cookies


def test_the_settings_decide_each_part(client, public):
    html, _count = _read(client, "process", public.process)  # defaults
    assert "Forum ouvert ESS" in html and "Un lieu commun" not in html
    assert reverse("plans:public", args=[public.process.pk]) in html
    assert client.get(_url("contributions", public.process)).status_code == 404
    PortalSettings.objects.create(
        process=public.process, show_calendar=False, show_roadmap=False, show_diagnostic=False,
        show_themes=True,
    )  # fmt: skip
    html, _count = _read(client, "process", public.process)
    assert "Un lieu commun" in html and "Forum ouvert ESS" not in html
    for hidden in ("plans:public", "observatory:page"):
        assert reverse(hidden, args=[public.process.pk]) not in html
    assert _url("contributions", public.process) not in html
    assert "Une monnaie locale citoyenne" not in html
    for name in ("calendar", "calendar_ics", "contributions"):
        assert client.get(_url(name, public.process)).status_code == 404, name


def test_an_unpublished_process_has_no_portal_even_for_its_members(client_as, public, cast):
    _show_everything(public.process)
    public.process.is_published = False
    public.process.save()
    for role in ("anonymous", "facilitator", "admin"):
        for name in PAGES:
            assert client_as(role).get(_url(name, public.process)).status_code == 404, (role, name)
    assert client_as("anonymous").get(_url("process", cast.elsewhere_process)).status_code == 404


def test_the_calendar_file_holds_the_public_meetings_only(client, public):
    response = client.get(_url("calendar_ics", public.process))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    content = response.content.decode()
    assert "Forum ouvert ESS" in content and "Réunion publique de lancement" in content
    assert "Réunion des services" not in content and "visio.example.org" not in content
    assert f"/demarches/{public.process.pk}/portail/" in content


def _grow(public, cast, count):
    wall = synthesis.synthesis_for(public.process)
    body = public.plan.submissions.first().body
    for index in range(count):
        theme = synthesis.create_theme(wall, f"Thème {index}", actor=cast.facilitator)
        contribution = add_contribution(process=public.process, text=f"Idée {index}")
        synthesis.place(wall, contribution.pk, theme, actor=cast.facilitator)
        meeting(public.process, f"Atelier public {index}", Audience.PUBLIC, 20 + index)
        Decision.objects.create(body=body, summary=f"Décision {index}", decided_on="2026-01-01",
                                outcome=Outcome.NOTED)  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_process(client, public, cast, name):
    _show_everything(public.process)
    _html, few = _read(client, name, public.process)
    _grow(public, cast, 8)
    html, many = _read(client, name, public.process)
    assert many == few, name
    if name != "calendar_ics":
        assert "Plan ESS du Grand Poitiers" in html


def test_the_diagnostic_summary_gives_the_territory_s_headline_figures(
    client,
    public,
    imported,  # noqa: F811 (the observatory's fixtures imported above)
    france,  # noqa: F811
):
    from essor.observatory.diagnostic import diagnose

    figures = diagnose(public.process.territories.get())
    html, _count = _read(client, "process", public.process)
    expected = (
        f"CU du Grand Poitiers\u00a0: {figures['ess']['establishments']} établissements de l’ESS"
    )
    assert expected in html
    PortalSettings.objects.create(process=public.process, show_diagnostic=False)
    html, _count = _read(client, "process", public.process)
    assert "établissements de l’ESS" not in html
