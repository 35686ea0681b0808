"""Facilitator controls and results: every view x every role, and what they do."""

import csv
import io

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from essor.core.models import AuditEntry
from essor.core.tests.matrix import matrix
from essor.participation import services
from essor.participation.models import Vote
from essor.workshops.models import VoteStatus

VIEWS = [
    # name, method, kind of page, status when allowed
    ("open_vote", "post", "manage", 302),
    ("close_vote", "post", "manage", 302),
    ("reset_vote", "get", "manage", 200),
    ("reset_vote", "post", "manage", 302),
    ("results", "get", "internal", 200),
    ("results_fragment", "get", "internal", 200),
    ("results_csv", "get", "internal", 200),
]
MATRIX = matrix(VIEWS)


@pytest.mark.parametrize("name,method,role,published,expected", MATRIX)
def test_participation_permission_matrix(
    client_as, cast, workshop, name, method, role, published, expected
):
    cast.process.is_published = published
    cast.process.save()
    url = reverse(f"participation:{name}", args=[cast.process.pk, workshop.pk])
    client = client_as(role)
    response = client.post(url) if method == "post" else client.get(url)
    assert response.status_code == expected
    if response.status_code == 302 and role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    workshop.refresh_from_db()
    changed = expected == 302 and role != "anonymous"
    if name == "open_vote":
        assert (workshop.vote_status == VoteStatus.OPEN) == changed


def test_workshop_of_another_process_is_a_404(client_as, cast, workshop):
    from essor.processes.models import Membership, Process, Role

    other = Process.objects.create(workspace=cast.workspace, title="Autre démarche")
    Membership.objects.create(process=other, user=cast.facilitator, role=Role.FACILITATOR)
    url = reverse("participation:open_vote", args=[other.pk, workshop.pk])
    assert client_as("facilitator").post(url).status_code == 404
    workshop.refresh_from_db()
    assert workshop.vote_status == VoteStatus.NOT_STARTED


def test_open_close_reset_cycle_with_audit(client_as, cast, workshop, ideas, participant):
    client = client_as("facilitator")
    args = [cast.process.pk, workshop.pk]
    board = "/demarches/1/ateliers/"
    response = client.post(reverse("participation:open_vote", args=args), {"next": board})
    assert response["Location"] == board
    services.set_dots(participant, ideas[0], 2)
    response = client.post(
        reverse("participation:close_vote", args=args), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("participation:results", args=args)
    workshop.refresh_from_db()
    assert workshop.vote_status == VoteStatus.CLOSED
    page = client.get(reverse("participation:reset_vote", args=args)).content.decode()
    assert "1 vote sera supprimé définitivement" in page
    reset = client.post(reverse("participation:reset_vote", args=args), follow=True)
    assert "Le vote a été réinitialisé\u00a0: 1 vote supprimé." in reset.content.decode()
    assert not Vote.objects.exists()
    verbs = list(AuditEntry.objects.values_list("verb", flat=True))
    assert {"workshop.vote_opened", "workshop.vote_closed", "workshop.vote_reset"} <= set(verbs)


def test_results_page_table_and_csv(client_as, cast, open_workshop, ideas, participant):
    services.set_dots(participant, ideas[2], 3)
    ideas[1].text = '=HYPERLINK("http://evil")'
    ideas[1].save()
    client = client_as("committee_member")
    args = [cast.process.pk, open_workshop.pk]
    html = client.get(reverse("participation:results", args=args)).content.decode()
    assert "<caption>Idées de «\u00a0Atelier acteurs\u00a0» par points reçus</caption>" in html
    assert "1 votant (participants\u00a0: 1)." in html
    assert "bar-100" in html
    assert "Clore le vote" not in html  # a committee member reads, does not run the vote
    fragment = client.get(reverse("participation:results_fragment", args=args)).content.decode()
    assert fragment.startswith('<div id="results"') and "<html" not in fragment
    assert 'hx-trigger="every 2s"' in fragment
    response = client.get(reverse("participation:results_csv", args=args))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["rang", "identifiant", "idée", "type", "question", "points", "votants"]
    assert rows[1][1:3] == [str(ideas[2].pk), "Créer un pôle territorial de coopération"]
    assert rows[1][5:] == ["3", "1"]
    assert '\'=HYPERLINK("http://evil")' in [row[2] for row in rows]


def test_vote_controls_fragment_for_the_workshop_board(cast, workshop):
    request = RequestFactory().get("/demarches/1/ateliers/2/")
    request.user = cast.facilitator
    html = render_to_string(
        "participation/includes/vote_controls.html",
        {"workshop": workshop, "process": cast.process},
        request=request,
    )
    assert reverse("participation:open_vote", args=[cast.process.pk, workshop.pk]) in html
    assert 'name="next" value="/demarches/1/ateliers/2/"' in html
    assert "Ouvrir le vote" in html
    workshop.vote_status = VoteStatus.OPEN
    html = render_to_string(
        "participation/includes/vote_controls.html",
        {"workshop": workshop, "process": cast.process},
        request=request,
    )
    assert "Clore le vote" in html and "Ouvrir le vote" not in html
