"""The public roadmap with the plan's progress, and the Atom feed of its public notes."""

import datetime as dt
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.followup import evidence, services
from essor.followup.evidence_models import FollowupSettings
from essor.followup.tests.conftest import _action
from essor.plans.models import Plan
from essor.plans.scenarios import duplicate_plan

ATOM = "{http://www.w3.org/2005/Atom}"
WRITES = ("INSERT", "UPDATE", "DELETE")


def _publish(followed):
    followed.plan.process.is_published = True
    followed.plan.process.save()


def _public_url(followed):
    return reverse("plans:public", args=[followed.plan.process_id])


def _feed_url(followed):
    return reverse("followup:public_feed", args=[followed.plan.process_id])


def _report(action, actor, year, status, note="", public=False, **fields):
    report, _meanwhile = services.record_report(
        action, year=year, status=status, actor=actor, note=note, note_is_public=public, **fields
    )
    return report


@pytest.fixture
def progress(followed, cast):
    """Reports (public and internal notes), values, funding, evidence and a comment."""
    actor = cast.facilitator
    _report(followed.place, actor, 2025, "in_progress", "Le bail du tiers-lieu est signé.",
            public=True, progress=40, spent_operating=Decimal("1500"))  # fmt: skip
    # The latest report is internal: the public keeps reading the latest public note.
    latest = _report(followed.place, actor, 2026, "in_progress", "Note interne : conflit au CA",
                     progress=45)  # fmt: skip
    _report(followed.training, actor, 2025, "done", "Trois sessions tenues.", public=True)
    services.record_indicator_value(followed.jobs, year=2024, value=Decimal(12), actor=actor)
    services.record_indicator_value(
        followed.jobs, year=2025, value=Decimal(20), kind="estimate", actor=actor
    )
    evidence.record_funding(followed.place, funder="Fondation Mécène Discrète",
                            amount=Decimal("7777"), year=2025, actor=actor)  # fmt: skip
    evidence.attach_evidence(latest, upload=SimpleUploadedFile("facture.pdf", b"%PDF"),
                             title="Facture confidentielle", actor=actor)  # fmt: skip
    evidence.add_comment(followed.place, text="Avis réservé du comité", actor=cast.committee_member)
    return followed


def test_the_public_reads_where_each_action_stands_and_nothing_internal(client, progress, cast):
    _publish(progress)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_public_url(progress))
    assert response.status_code == 200
    html = response.content.decode()
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    for text in (
        "Mise en œuvre", "En cours", "45\u202f%", "en retard",  # the tiers-lieu: late
        "Le bail du tiers-lieu est signé.", "Réalisée", "Trois sessions tenues.",
        "Non démarrée",  # the network, without any report
        "1 sur 1 mesuré, 1 en bonne voie", "actions suivies dans cet axe",
        _indicators_url(progress), 'type="application/atom+xml"', _feed_url(progress),
    ):  # fmt: skip
        assert text in html, text
    for text in (
        "Note interne", "conflit au CA", "Fondation Mécène", "7\u202f777", "Facture confidentielle",
        "facture.pdf", "Avis réservé", "Fanny Animatrice", "Camille Copil", "1\u202f500",
        "20\u202f000", "Budget prévu",
        reverse("followup:dashboard", args=[progress.plan.process_id, progress.plan.pk]),
    ):  # fmt: skip
        assert text not in html, text


def test_budgets_show_only_when_the_plan_publishes_them(client, progress, cast):
    _publish(progress)
    evidence.save_settings(
        progress.plan, notes_public_by_default=False, budgets_public=True, actor=cast.facilitator
    )
    html = client.get(_public_url(progress)).content.decode()
    assert "Budget prévu sur le mandat" in html and "fonctionnement 20\u202f000\u00a0€" in html
    assert "20\u202f000" in html and "150\u202f000" in html and "1\u202f500" in html
    # Funding received follows the budgets: per action and for the plan, funder and year.
    assert "<li>Fondation Mécène Discrète, 2025\u00a0: 7\u202f777 €</li>" in html
    assert "Financements reçus pour le plan" in html
    row = '<td>Fondation Mécène Discrète</td><td>2025</td><td class="number">7\u202f777</td>'
    assert row in html
    for text in ("Note interne", "Facture confidentielle", "Avis réservé", "Fanny Animatrice"):
        assert text not in html, text


def test_funding_received_stays_internal_while_budgets_are(client, progress, cast):
    _publish(progress)
    evidence.save_settings(
        progress.plan, notes_public_by_default=True, budgets_public=False, actor=cast.facilitator
    )
    html = client.get(_public_url(progress)).content.decode()
    assert "Fondation Mécène" not in html and "7\u202f777" not in html
    assert "Financements reçus" not in html and "Budget prévu" not in html


def test_unpublished_progress_stays_hidden_from_the_public(client, progress):
    assert client.get(_public_url(progress)).status_code == 404
    assert client.get(_feed_url(progress)).status_code == 404


def _grow(followed, cast, count: int) -> None:
    """``count`` more followed actions, each with a public note, an indicator and values."""
    plan = followed.plan
    Plan.objects.filter(pk=plan.pk).update(frozen_at=None)
    plan.refresh_from_db()
    axis = followed.place.axis
    actions = [
        _action(plan, cast.facilitator, f"Action {index}", axis,
                fields={"start_date": dt.date(2025, 1, 1), "end_date": dt.date(2027, 6, 30)},
                budget_lines=[{"year": 2025, "nature": "operating", "planned": Decimal(100)}],
                indicators=[{"name": f"Mesure {index}", "unit": "", "baseline": Decimal(1),
                             "target": Decimal(9), "target_year": 2028}])
        for index in range(count)
    ]  # fmt: skip
    Plan.objects.filter(pk=plan.pk).update(frozen_at=dt.datetime(2024, 6, 21, tzinfo=dt.UTC))
    plan.refresh_from_db()
    for action in actions:
        action.refresh_from_db()
        _report(action, cast.facilitator, 2025, "in_progress", "Public", public=True)
        for year in (2024, 2025):
            services.record_indicator_value(
                action.indicators.get(), year=year, value=Decimal(year - 2020), actor=cast.admin
            )


def test_public_progress_reads_in_a_constant_number_of_queries(client, progress, cast):
    _publish(progress)
    evidence.save_settings(
        progress.plan, notes_public_by_default=True, budgets_public=True, actor=cast.facilitator
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get(_public_url(progress)).status_code == 200
    _grow(progress, cast, 8)
    with CaptureQueriesContext(connection) as many:
        html = client.get(_public_url(progress)).content.decode()
    assert "Action 7" in html and "1 sur 1 mesuré, 1 en bonne voie" in html
    assert len(many) == len(few), [q["sql"] for q in many]
    assert not [q for q in many if q["sql"].lstrip().upper().startswith(WRITES)]


def _indicators_url(followed, action=None):
    args = [followed.plan.process_id, (action or followed.place).pk]
    return reverse("followup:public_indicators", args=args)


def test_the_public_reads_an_actions_indicator_charts(client, progress):
    _publish(progress)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_indicators_url(progress))
    assert response.status_code == 200
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    html = response.content.decode()
    for text in ('class="indicator-chart"', "Valeurs de Emplois créés", "20 (estimation)",
                 "12 (résultat)", "Un tiers-lieu de l&#x27;ESS"):  # fmt: skip
        assert text in html, text
    for text in ("Note interne", "Fondation Mécène", "Facture", "Avis réservé", "Fanny Animatrice",
                 reverse("followup:action", args=[progress.plan.process_id, progress.plan.pk,
                                                  progress.place.pk])):  # fmt: skip
        assert text not in html, text
    # An action the plan did not retain has no public follow-up.
    assert client.get(_indicators_url(progress, progress.dropped)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("other_workspace", 404), ("outsider", 404), ("contributor", 200),
     ("committee_member", 200), ("facilitator", 200), ("admin", 200)],
)  # fmt: skip
def test_before_publication_only_members_read_the_indicator_charts(
    client_as, progress, role, status
):
    assert client_as(role).get(_indicators_url(progress)).status_code == status


def _entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_the_feed_lists_the_public_notes_only(client, progress, cast):
    _publish(progress)
    with CaptureQueriesContext(connection) as queries:
        root, entries = _entries(client.get(_feed_url(progress)))
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert "Plan ESS du Grand Poitiers" in root.find(f"{ATOM}title").text
    texts = {e.find(f"{ATOM}title").text: e.find(f"{ATOM}summary").text for e in entries}
    assert texts == {
        "Un tiers-lieu de l'ESS — 2025\u00a0: en cours": "Le bail du tiers-lieu est signé.",
        "Former les élus — 2025\u00a0: réalisée": "Trois sessions tenues.",
    }
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("tag:") for i in ids)
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://") and _public_url(progress) + "#action-" in link
    body = client.get(_feed_url(progress)).content.decode()
    for text in ("conflit au CA", "Fanny Animatrice", "Fondation", "Avis réservé", "author"):
        assert text not in body, text


@pytest.mark.parametrize("role", ["facilitator", "admin"])
def test_the_feed_of_an_unpublished_process_is_a_404_even_for_members(client_as, progress, role):
    assert client_as(role).get(_feed_url(progress)).status_code == 404


def test_the_feed_of_a_published_process_without_a_validated_plan_is_a_404(client, cast):
    cast.process.is_published = True
    cast.process.save()
    assert client.get(reverse("followup:public_feed", args=[cast.process.pk])).status_code == 404
    assert client.get(reverse("followup:public_feed", args=[999999])).status_code == 404


def test_an_amended_version_keeps_the_settings_of_the_voted_one(followed, cast):
    evidence.save_settings(
        followed.plan, notes_public_by_default=True, budgets_public=False, actor=cast.facilitator
    )
    amended = duplicate_plan(followed.plan, name="Version amendée", actor=cast.facilitator)
    assert evidence.note_public_by_default(amended) is True
    assert not FollowupSettings.objects.filter(plan=amended).exists()
