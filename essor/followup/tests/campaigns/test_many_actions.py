"""A pilot of many actions (a CRESS officer): the page lists them and opens one form at a
time, in a fixed number of queries whatever their number."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.followup.campaign_views import INLINE_FORMS
from essor.followup.models import ProgressReport
from essor.plans.models import Action, Indicator

FORM = 'enctype="multipart/form-data"'


def _more_actions(followed, pilots, count):
    added = Action.objects.bulk_create(
        Action(plan=followed.plan, order=50 + i, title=f"Action n° {i}", status="retained")
        for i in range(count)
    )
    Indicator.objects.bulk_create(Indicator(action=a, name="Ind", unit="n") for a in added)
    for action in added:
        action.pilot_people.add(pilots.claude)
    return added


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_beyond_a_few_actions_one_form_is_open_at_a_time(followed, pilots, cast, client_as):
    client = client_as("contributor")  # Claude pilots "Former les élus"
    url = reverse("followup:my_actions", args=[cast.process.pk])
    page, _ = _get(client, url)
    assert page.count(FORM) == 1  # one action: its form is open
    added = _more_actions(followed, pilots, INLINE_FORMS + 4)
    page, few = _get(client, url)
    assert page.count(FORM) == 0
    assert page.count("Rendre compte de cette action") == INLINE_FORMS + 5
    chosen = added[3]
    page, _ = _get(client, f"{url}?action={chosen.pk}")
    assert page.count(FORM) == 1
    assert f'action="{reverse("followup:my_report", args=[cast.process.pk, chosen.pk])}"' in page
    assert _get(client, f"{url}?action=abc")[0].count(FORM) == 0  # a wrong value: the list
    # Twice as many actions: as many queries.
    _more_actions(followed, pilots, INLINE_FORMS + 5)
    assert _get(client, url)[1] == few


def test_a_refused_report_reopens_its_form_with_the_errors(followed, pilots, cast, client_as):
    added = _more_actions(followed, pilots, INLINE_FORMS + 1)
    client = client_as("contributor")
    action = added[0]
    url = reverse("followup:my_report", args=[cast.process.pk, action.pk])
    response = client.post(
        url, {f"a{action.pk}-status": "in_progress", f"a{action.pk}-progress": "140"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.count(FORM) == 1
    assert "Un pourcentage va de 0 à 100." in html.unescape(page).replace("\u00a0", " ")
    assert not ProgressReport.objects.exists()
    response = client.post(
        url, {f"a{action.pk}-status": "in_progress", f"a{action.pk}-progress": "40"}
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().progress == 40
