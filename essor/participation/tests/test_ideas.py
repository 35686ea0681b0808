"""Participants add their own ideas from their phone."""

import pytest
from django.urls import reverse

from essor.contributions.models import Contribution, ContributionKind, ContributionSource

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(workshop):
    return reverse("participation:add_idea", args=[workshop.join_code])


def test_idea_is_saved_with_its_origin(participant_client, workshop):
    question = workshop.questions.last()
    response = participant_client.post(
        _url(workshop),
        {"question": question.pk, "kind": ContributionKind.NEED, "text": "  Un lieu commun  "},
    )
    assert response.status_code == 302
    idea = Contribution.objects.get(text="Un lieu commun")
    assert idea.source == ContributionSource.PARTICIPANT
    assert (idea.workshop, idea.question, idea.kind) == (workshop, question, ContributionKind.NEED)
    assert idea.participant.name == "Lou"
    assert idea.created_by is None
    page = participant_client.get(response["Location"])
    assert "Votre idée a été ajoutée. Merci\u202f!" in page.content.decode()


def test_htmx_answers_with_the_form_fragment_and_my_ideas(participant_client, workshop):
    response = participant_client.post(
        _url(workshop), {"kind": ContributionKind.IDEA, "text": "Une monnaie locale"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="idea-section"')
    assert "<html" not in html
    assert "Votre idée a été ajoutée" in html
    assert "Une monnaie locale" in html  # under "Mes idées"


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "Écrivez votre idée avant de l’envoyer."),
        ("   \n  ", "Écrivez votre idée avant de l’envoyer."),
        ("x" * 10_000, "au plus 2000 caractères"),
    ],
)
def test_empty_or_huge_idea_gets_a_french_error_at_the_field(
    participant_client, workshop, text, message
):
    before = Contribution.objects.count()
    response = participant_client.post(_url(workshop), {"kind": "idea", "text": text}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'id="id_text_error"' in html
    assert Contribution.objects.count() == before


def test_unknown_kind_or_question_of_another_workshop_is_refused(
    participant_client, cast, workshop
):
    from essor.workshops.services import create_workshop

    other = create_workshop(process=cast.process, title="Autre", questions=["Ailleurs ?"])
    response = participant_client.post(
        _url(workshop), {"kind": "poem", "text": "Idée", "question": other.questions.get().pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in html
    assert not Contribution.objects.filter(text="Idée").exists()


def test_html_payload_is_stored_as_text_and_shown_escaped(participant_client, workshop):
    payload = '<script>alert("x")</script><b>gras</b>'
    participant_client.post(_url(workshop), {"kind": "idea", "text": payload})
    assert Contribution.objects.filter(text=payload).exists()
    html = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in html


def test_no_idea_when_the_facilitator_closed_adding_ideas(participant_client, workshop):
    workshop.participation_open = False
    workshop.save()
    page = participant_client.get(f"/participer/{workshop.join_code}/").content.decode()
    assert "Ajouter mon idée" not in page
    assert "L’ajout d’idées est fermé pour le moment" in page
    response = participant_client.post(
        _url(workshop), {"kind": "idea", "text": "Trop tard"}, follow=True
    )
    assert "L’animateur a fermé l’ajout d’idées." in response.content.decode()
    response = participant_client.post(
        _url(workshop), {"kind": "idea", "text": "Trop tard"}, **HTMX
    )
    assert "L’animateur a fermé l’ajout d’idées." in response.content.decode()
    assert not Contribution.objects.filter(text="Trop tard").exists()


def test_ideas_are_rate_limited_per_participant(participant_client, client_as, workshop):
    for number in range(20):
        participant_client.post(_url(workshop), {"kind": "idea", "text": f"Idée {number}"})
    response = participant_client.post(_url(workshop), {"kind": "idea", "text": "Une de trop"})
    assert "Vous envoyez des idées trop vite" in response.content.decode()
    assert not Contribution.objects.filter(text="Une de trop").exists()
    # Another participant (same IP) is not affected.
    other = client_as("anonymous")
    other.post(f"/participer/{workshop.join_code}/", {"name": "Max"})
    other.post(_url(workshop), {"kind": "idea", "text": "Idée de Max"})
    assert Contribution.objects.filter(text="Idée de Max").exists()


def test_without_a_participant_cookie_posting_asks_to_join(client, workshop):
    response = client.post(_url(workshop), {"kind": "idea", "text": "Idée"})
    assert response.status_code == 302
    response = client.post(_url(workshop), {"kind": "idea", "text": "Idée"}, **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/participer/{workshop.join_code}/"
    assert not Contribution.objects.filter(text="Idée").exists()
