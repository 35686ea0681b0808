"""The public roadmap is served from the cache until something it shows changes (issue 10,
performance): a change must show on the very next request, and nothing internal ever."""

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from essor.core.personal_data import erase_everywhere
from essor.followup import evidence, services
from essor.followup.tests.test_public import WRITES, _public_url, _publish, _report, progress
from essor.organisations.models import Person
from essor.plans.models import Action, PublicPageVersion

__all__ = ["progress"]  # the fixture, shared with test_public


def _get(client, followed):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_public_url(followed))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    return response.content.decode(), len(queries)


def test_a_page_served_again_costs_a_few_queries_and_reads_the_same(client, progress):
    _publish(progress)
    first, rendered = _get(client, progress)
    again, cached = _get(client, progress)
    # The same page but for the form's CSRF token (the layout, not the cached parts).
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", again) == token.sub("", first)
    assert cached < rendered and cached <= 6, (cached, rendered)


def test_every_change_shows_on_the_next_request(client, progress, cast):
    _publish(progress)
    actor = cast.facilitator
    html, _count = _get(client, progress)
    assert "En pause" not in html and "0 sur 1 mesuré" in html

    _report(progress.network, actor, 2026, "paused", "Le réseau attend la Région.", public=True)
    html, _count = _get(client, progress)
    assert "Le réseau attend la Région." in html and "En pause" in html

    _report(progress.network, actor, 2026, "paused", "Note interne : budget gelé")
    html, _count = _get(client, progress)
    assert "budget gelé" not in html and "Le réseau attend la Région." in html

    services.record_indicator_value(progress.waste, year=2025, value=Decimal(80), actor=actor)
    html, _count = _get(client, progress)
    assert "0 sur 1 mesuré" not in html and html.count("1 sur 1 mesuré") == 2

    assert "Budget prévu sur le mandat" not in html
    evidence.save_settings(
        progress.plan, notes_public_by_default=False, budgets_public=True, actor=actor
    )
    html, _count = _get(client, progress)
    assert "Budget prévu sur le mandat" in html


def test_an_erased_person_leaves_the_cached_page_at_once(client, progress, cast):
    """The right to erasure rewrites notes and actions' texts in place: the page follows."""
    _publish(progress)
    person = Person.objects.create(workspace=cast.workspace, first_name="Hélène",
                                   last_name="Quintard")  # fmt: skip
    _report(progress.training, cast.facilitator, 2026, "in_progress",
            "Session animée par Hélène Quintard.", public=True)  # fmt: skip
    # A validated plan's text is read-only: only the erasure changes it, as here.
    Action.objects.filter(pk=progress.place.pk).update(description="Porté par Hélène Quintard.")
    services.record_indicator_value(progress.waste, year=2025, value=Decimal(80), actor=cast.admin)
    html, _count = _get(client, progress)
    assert html.count("Hélène Quintard") == 2
    erase_everywhere(person)
    html, _count = _get(client, progress)
    assert "Quintard" not in html and "personne effacée" in html


def test_a_deletion_shows_at_once_and_a_process_can_still_be_deleted(client, progress, cast):
    _publish(progress)
    report = _report(progress.network, cast.facilitator, 2026, "paused", "Note à retirer",
                     public=True)  # fmt: skip
    html, _count = _get(client, progress)
    assert "Note à retirer" in html
    report.delete()  # e.g. by an administrator
    html, _count = _get(client, progress)
    assert "Note à retirer" not in html
    process = progress.plan.process
    assert PublicPageVersion.objects.filter(process_id=process.pk).exists()
    process.delete()  # cascades to the plan, its reports and its page version
    assert not PublicPageVersion.objects.filter(process_id=process.pk).exists()


def test_the_page_reads_nothing_internal(client, progress, cast):
    """Rendered anew, the page reads no comment, evidence, author, nor (while budgets are
    internal) any amount received; served again, only the page's version."""
    _publish(progress)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_public_url(progress)).status_code == 200
    sql = " ".join(q["sql"] for q in queries).lower()
    assert "progressreport" in sql and "indicatorvalue" in sql  # rendered from the reports
    for internal in ("followupcomment", "reportattachment", "fundingreceipt", "author_id",
                     "author_label", '"content"'):  # fmt: skip
        assert internal not in sql, internal
    with CaptureQueriesContext(connection) as again:
        assert client.get(_public_url(progress)).status_code == 200
    tables = " ".join(q["sql"] for q in again).lower()
    assert "progressreport" not in tables and "indicatorvalue" not in tables
    assert "publicpageversion" in tables
