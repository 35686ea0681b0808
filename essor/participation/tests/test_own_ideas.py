"""A participant edits or deletes their own idea for a few minutes after sending it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from essor.contributions.models import Contribution, ContributionKind
from essor.participation import own_ideas
from essor.workshops.models import VoteStatus


def _add(client, workshop, text="Une ressourcerie"):
    response = client.post(
        reverse("participation:add_idea", args=[workshop.join_code]),
        {"kind": ContributionKind.IDEA, "text": text},
    )
    assert response.status_code == 302
    return Contribution.objects.get(text=text)


def _edit_url(workshop, idea, what="edit_idea"):
    return reverse(f"participation:{what}", args=[workshop.join_code, idea.pk])


def test_my_idea_is_edited_within_the_window(participant_client, workshop):
    idea = _add(participant_client, workshop)
    page = participant_client.get(reverse("participation:workshop", args=[workshop.join_code]))
    assert _edit_url(workshop, idea) in page.content.decode()
    form = participant_client.get(_edit_url(workshop, idea))
    assert form.status_code == 200
    assert "Une ressourcerie" in form.content.decode()
    response = participant_client.post(
        _edit_url(workshop, idea), {"kind": ContributionKind.NEED, "text": "Une recyclerie"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.text, idea.kind) == ("Une recyclerie", ContributionKind.NEED)
    page = participant_client.get(response["Location"])
    assert "Votre idée a été modifiée." in page.content.decode()


def test_my_idea_is_deleted_within_the_window(participant_client, workshop):
    idea = _add(participant_client, workshop)
    response = participant_client.post(_edit_url(workshop, idea, "delete_idea"))
    assert response.status_code == 302
    assert not Contribution.objects.filter(pk=idea.pk).exists()


def test_huge_text_is_refused_at_the_field_and_nothing_changes(participant_client, workshop):
    idea = _add(participant_client, workshop)
    response = participant_client.post(
        _edit_url(workshop, idea), {"kind": ContributionKind.IDEA, "text": "x" * 5000}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_text_error"' in html
    assert "au plus 2000 caractères" in html
    idea.refresh_from_db()
    assert idea.text == "Une ressourcerie"


def test_another_participants_idea_is_not_found(participant_client, workshop):
    idea = _add(participant_client, workshop)
    other = Client()
    assert other.post(f"/participer/{workshop.join_code}/", {"name": "Sam"}).status_code == 302
    assert other.get(_edit_url(workshop, idea)).status_code == 404
    response = other.post(_edit_url(workshop, idea), {"kind": "idea", "text": "Pirate"})
    assert response.status_code == 404
    assert other.post(_edit_url(workshop, idea, "delete_idea")).status_code == 404
    idea.refresh_from_db()
    assert idea.text == "Une ressourcerie"
    # A facilitator's idea of the workshop (no participant) is not anyone's either.
    captured = workshop.contributions.filter(participant=None).first()
    assert participant_client.get(_edit_url(workshop, captured)).status_code == 404


@pytest.mark.parametrize("why", ["late", "vote_open", "closed"])
def test_no_change_after_the_window_or_once_the_vote_is_open(participant_client, workshop, why):
    idea = _add(participant_client, workshop)
    if why == "late":
        created = idea.created_at - own_ideas.EDIT_WINDOW - timedelta(seconds=1)
        Contribution.objects.filter(pk=idea.pk).update(created_at=created)
        message = "dans les 5 minutes"
    elif why == "vote_open":
        workshop.vote_status = VoteStatus.OPEN
        workshop.save()
        message = "Le vote est ouvert"
    else:
        workshop.participation_open = False
        workshop.save()
        message = "a fermé l’ajout d’idées"
    page = participant_client.get(reverse("participation:workshop", args=[workshop.join_code]))
    assert _edit_url(workshop, idea) not in page.content.decode()
    response = participant_client.post(
        _edit_url(workshop, idea), {"kind": "idea", "text": "Trop tard"}, follow=True
    )
    assert message in response.content.decode()
    response = participant_client.post(_edit_url(workshop, idea, "delete_idea"), follow=True)
    assert message in response.content.decode()
    idea.refresh_from_db()
    assert idea.text == "Une ressourcerie"


def test_emoji_only_idea_is_accepted(participant_client, workshop):
    """Decision: an emoji is an opinion like another; the facilitator moderates."""
    idea = _add(participant_client, workshop, text="👍🌱")
    assert idea.text == "👍🌱"
