"""Contributions sent online between workshops: the members' form, the moderation, the
batched notification, and what enters the synthesis (issue 13, item 5)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from essor.contributions import online
from essor.contributions.forms import OnlineContributionForm
from essor.contributions.models import Contribution, ContributionSource, ContributionStatus
from essor.core.tests.matrix import matrix, request_as

VIEWS = [
    ("submit", "get", "internal", 200),
    ("submit", "post", "internal", 302),
    ("moderation", "get", "manage", 200),
    ("moderate", "post", "manage", 302),
]


def _pending(process, text="Il manque un tiers-lieu dans le quartier nord", **extra):
    return online.submit(process, text=text, kind="need", **extra)


@pytest.mark.parametrize("name,method,role,published,expected", matrix(VIEWS))
def test_online_permission_matrix(client_as, cast, board, name, method, role, published, expected):
    board.process.is_published = published
    board.process.save()
    waiting = _pending(board.process)
    before = Contribution.objects.count()
    args = [board.process.pk] + ([waiting.pk] if name == "moderate" else [])
    data = {
        "submit": {"kind": "idea", "text": "Une navette solidaire vers la gare"},
        "moderate": {"decision": "accept"},
    }.get(name, {})
    url = reverse(f"contributions:{name}", args=args)
    request_as(client_as(role), method, url, data, role, expected)
    allowed = expected in (200, 302) and role != "anonymous"
    waiting.refresh_from_db()
    accepted = name == "moderate" and allowed
    assert waiting.status == (
        ContributionStatus.ACCEPTED if accepted else ContributionStatus.PENDING
    )
    created = name == "submit" and method == "post" and allowed
    assert Contribution.objects.count() == before + (1 if created else 0)
    if created:
        sent = Contribution.objects.latest("pk")
        assert sent.source == ContributionSource.ONLINE
        assert sent.status == ContributionStatus.PENDING
        assert sent.created_by == cast.user(role)


def test_pending_is_outside_what_everyone_reads(board):
    from essor.synthesis.services import included_contributions, synthesis_for

    waiting = _pending(board.process)
    assert waiting not in Contribution.objects.kept()
    assert waiting in Contribution.objects.pending()
    synthesis = synthesis_for(board.process)
    assert waiting not in included_contributions(synthesis)
    online.accept(waiting, actor=None)
    assert waiting in included_contributions(synthesis)
    synthesis.include_online = False
    synthesis.save()
    assert waiting not in included_contributions(synthesis)
    # Hand-added lines stay with their own switch, apart from those sent online.
    synthesis.include_other = True
    synthesis.save()
    assert waiting not in included_contributions(synthesis)
    assert board.contributions[2] in included_contributions(synthesis)


def test_reject_needs_a_reason_and_keeps_it(cast, board):
    waiting = _pending(board.process)
    with pytest.raises(ValidationError) as error:
        online.reject(waiting, reason="   ", actor=cast.facilitator)
    assert "Dites pourquoi" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        online.reject(waiting, reason="x" * 301, actor=cast.facilitator)
    waiting.refresh_from_db()
    assert waiting.status == ContributionStatus.PENDING
    online.reject(waiting, reason="Propos injurieux", actor=cast.facilitator)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.rejection_reason) == ("rejected", "Propos injurieux")
    assert waiting.moderated_by == cast.facilitator and waiting.moderated_at


def test_a_contribution_is_moderated_once(cast, board):
    """Two facilitators on the same list: the second decision is refused in French."""
    waiting = _pending(board.process)
    online.accept(waiting, actor=cast.facilitator)
    with pytest.raises(ValidationError) as error:
        online.reject(waiting, reason="Doublon", actor=cast.admin)
    assert "déjà été modérée" in " ".join(error.value.messages)
    waiting.refresh_from_db()
    assert waiting.status == ContributionStatus.ACCEPTED and not waiting.rejection_reason


def test_merge_only_into_an_accepted_contribution_of_the_process(cast, board):
    waiting = _pending(board.process, text="Un local partagé pour les associations du centre")
    other = _pending(board.process, text="Autre attente")
    elsewhere = online.submit(cast.elsewhere_process, text="Ailleurs", kind="idea")
    online.accept(elsewhere, actor=None)
    for target in (None, waiting, other, elsewhere):
        with pytest.raises(ValidationError):
            online.merge(waiting, into=target, actor=cast.facilitator)
    waiting.refresh_from_db()
    assert waiting.status == ContributionStatus.PENDING
    target = board.contributions[0]  # "Un local partagé pour les associations"
    targets = online.merge_targets(board.process.contributions.kept())
    assert online.merge_candidates(waiting, targets)[0] == target
    online.merge(waiting, into=target, actor=cast.facilitator)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.merged_into) == (ContributionStatus.MERGED, target)
    assert waiting not in Contribution.objects.kept()


def test_moderation_page_and_decisions(client_as, cast, board):
    first = _pending(board.process, text="Un local partagé pour les associations, vite")
    second = _pending(board.process, text="Ligne <script>alert(1)</script> à rejeter")
    third = _pending(board.process, text="Une idée à fusionner : local partagé associations")
    client = client_as("facilitator")
    url = reverse("contributions:moderation", args=[board.process.pk])
    page = client.get(url).content.decode()
    assert "3 contributions attendent une modération" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    moderate = reverse("contributions:moderate", args=[board.process.pk, second.pk])
    response = client.post(moderate, {"decision": "reject", f"c{second.pk}-reason": ""})
    assert response.status_code == 400  # the page again, the error at the field
    assert "Dites pourquoi la contribution est rejetée." in response.content.decode()
    second.refresh_from_db()
    assert second.status == ContributionStatus.PENDING
    client.post(moderate, {"decision": "reject", f"c{second.pk}-reason": "Hors sujet"})
    second.refresh_from_db()
    assert (second.status, second.rejection_reason) == ("rejected", "Hors sujet")
    client.post(
        reverse("contributions:moderate", args=[board.process.pk, third.pk]),
        {"decision": "merge", "into": board.contributions[0].pk},
    )
    client.post(
        reverse("contributions:moderate", args=[board.process.pk, first.pk]),
        {"decision": "accept"},
    )
    statuses = {c.pk: c.status for c in Contribution.objects.filter(pk__in=[first.pk, third.pk])}
    assert statuses == {first.pk: "accepted", third.pk: "merged"}
    page = client.get(url).content.decode()
    assert "Rien n’attend de modération." in page or "Rien n'attend de modération." in page
    assert "Hors sujet" in page  # the moderated lately table
    # An unknown decision changes nothing.
    fourth = _pending(board.process)
    client.post(
        reverse("contributions:moderate", args=[board.process.pk, fourth.pk]), {"decision": "x"}
    )
    fourth.refresh_from_db()
    assert fourth.status == ContributionStatus.PENDING


def test_moderating_another_process_contribution_is_404(client_as, cast, board):
    elsewhere = online.submit(cast.elsewhere_process, text="Ailleurs", kind="idea")
    response = client_as("facilitator").post(
        reverse("contributions:moderate", args=[board.process.pk, elsewhere.pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 404
    response = client_as("other_workspace").post(
        reverse("contributions:moderate", args=[board.process.pk, _pending(board.process).pk]),
        {"decision": "accept"},
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == ContributionStatus.PENDING
    assert not Contribution.objects.filter(
        process=board.process, status="accepted", source="online"
    ).exists()


@pytest.mark.parametrize(
    "typed,expected",
    [("Poitiers", "86194"), ("poitiers", "86194"), ("86194", "86194"),
     ("Poitiers (86194)", "86194"), ("", None)],
)  # fmt: skip
def test_commune_is_found_by_name_or_code(board, typed, expected):
    form = OnlineContributionForm(
        {"kind": "need", "text": "Un besoin", "commune": typed}, process=board.process
    )
    assert form.is_valid(), form.errors
    commune = form.cleaned_data["commune"]
    assert (commune.code if commune else None) == expected


def test_bad_input_gets_a_french_message_at_the_field(cast, board):
    from essor.territories.models import Territory, TerritoryKind

    Territory.objects.create(kind=TerritoryKind.COMMUNE, code="33063", name="Bordeaux")
    cases = {
        "commune": ({"kind": "idea", "text": "Idée", "commune": "Bordeaux"}, "s’appelle"),
        "text": ({"kind": "idea", "text": "x" * 5000}, "5000"),
        "kind": ({"kind": "strength", "text": "Idée"}, "Sélectionnez un choix valide"),
    }
    for field, (data, message) in cases.items():
        form = OnlineContributionForm(data, process=board.process)
        assert not form.is_valid()
        assert message in " ".join(form.errors[field]).replace("'", "’"), form.errors
    emoji = OnlineContributionForm({"kind": "idea", "text": "🌱🤝"}, process=board.process)
    assert emoji.is_valid()


def test_facilitators_get_one_mail_per_run(settings, cast, board):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for n in range(3):
        _pending(board.process, text=f"Contribution en ligne numéro {n}")
    assert online.notify_pending() == 1  # one facilitator in the cast's process
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.facilitator.email]
    assert "3 contributions envoyées en ligne attendent" in message.subject
    assert "Contribution en ligne numéro 2" in message.body
    assert reverse("contributions:moderation", args=[board.process.pk]) in message.body
    assert online.notify_pending() == 0 and len(mail.outbox) == 1
    _pending(board.process, text="Une quatrième")
    assert online.notify_pending() == 1
    assert "1 contribution envoyée en ligne attend" in mail.outbox[1].subject


def test_export_tells_the_moderation(client_as, board):
    waiting = _pending(board.process, organisation_name="Collectif Vélo")
    online.reject(waiting, reason="Doublon", actor=None)
    response = client_as("facilitator").get(
        reverse("contributions:export", args=[board.process.pk]) + "?format=csv"
    )
    text = response.content.decode("utf-8-sig")
    assert "Modération" in text.splitlines()[0]
    line = next(row for row in text.splitlines() if "quartier nord" in row)
    assert ";rejetée;" in line and "Collectif Vélo" in line
