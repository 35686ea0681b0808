"""The campaign pages for every role, the pilot's personal link, "my actions"."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from conftest import ROLES
from essor.followup.campaign_models import Campaign, CampaignLink
from essor.followup.models import IndicatorValue, ProgressReport
from essor.followup.tests.campaigns.conftest import deadline, token_of
from essor.processes.models import Membership, Role

READERS = {"admin", "facilitator", "committee_member"}
RECORDERS = {"admin", "facilitator"}


def _refused(role):
    if role == "anonymous":
        return 302
    if role in ("outsider", "other_workspace"):
        return 404
    return 403


def _plan_url(followed, name, *extra):
    return reverse(f"followup:{name}", args=[followed.plan.process_id, followed.plan.pk, *extra])


def _link(campaign, email="alice@asso.example"):
    return CampaignLink.objects.get(campaign=campaign, email=email)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["campaigns", "campaign"])
def test_reading_campaigns(followed, campaign, client_as, role, name):
    args = [campaign.pk] if name == "campaign" else []
    response = client_as(role).get(_plan_url(followed, name, *args))
    assert response.status_code == (200 if role in READERS else _refused(role))
    if role in READERS:
        marker = "Clore la campagne" if name == "campaign" else "Ouvrir une campagne"
        assert (marker in response.content.decode()) == (role in RECORDERS)


@pytest.mark.parametrize("role", ROLES)
def test_opening_a_campaign(followed, pilots, client_as, role, django_capture_on_commit_callbacks):
    client = client_as(role)
    assert client.get(_plan_url(followed, "campaign_open")).status_code == (
        200 if role in RECORDERS else _refused(role)
    )
    data = {
        "campaign-year": "2025",
        "campaign-deadline": deadline().isoformat(),
        "campaign-message": "Merci",
        "campaign-actions": [str(followed.network.pk)],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_plan_url(followed, "campaign_open"), data)
    if role in RECORDERS:
        assert response.status_code == 302
        opened = Campaign.objects.get()
        assert list(opened.concerned_actions()) == [followed.network]
        assert [m.to for m in mail.outbox] == [["Bruno Réseau <bruno@cress.example>"]]
        page = client.get(response["Location"])  # the job's page
        assert page.status_code == 200 and "1 e-mail envoyé" in page.content.decode()
    else:
        assert response.status_code == _refused(role)
        assert not Campaign.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"campaign-deadline": "2020-01-01"}, "deadline", "ne peut pas être dans le passé"),
        ({"campaign-deadline": "31/02/2026"}, "deadline", "date valide"),
        ({"campaign-year": "2031"}, "year", "comprise dans le mandat (2024 à 2030)"),
        ({"campaign-actions": ["999999"]}, "actions", "Choisissez parmi les actions retenues"),
    ],
)
def test_bad_campaigns_are_refused_at_the_field(
    followed, pilots, client_as, changes, field, message
):
    data = {"campaign-year": "2025", "campaign-deadline": deadline().isoformat(), **changes}
    response = client_as("facilitator").post(_plan_url(followed, "campaign_open"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Campaign.objects.exists()


def test_a_second_open_campaign_for_the_year_is_refused(followed, campaign, client_as):
    data = {"campaign-year": "2025", "campaign-deadline": deadline().isoformat()}
    response = client_as("facilitator").post(_plan_url(followed, "campaign_open"), data)
    assert "déjà ouverte" in " ".join(response.context["form"].errors["year"])
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_reminding_one_pilot(
    followed, campaign, client_as, role, django_capture_on_commit_callbacks
):
    link = _link(campaign)
    before = link.token_hash
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(role).post(
            _plan_url(followed, "campaign_remind", campaign.pk, link.pk)
        )
    link.refresh_from_db()
    if role in RECORDERS:
        assert response.status_code == 302
        assert [m.to for m in mail.outbox] == [["Alice Asso <alice@asso.example>"]]
        assert mail.outbox[0].subject.startswith("Rappel")
        assert link.token_hash != before and link.reminded_at
    else:
        assert response.status_code == _refused(role)
        assert not mail.outbox and link.token_hash == before and link.reminded_at is None


@pytest.mark.parametrize("role", ROLES)
def test_reminding_all_late_pilots_in_one_click(
    followed, campaign, client_as, role, cast, django_capture_on_commit_callbacks
):
    from essor.followup import services

    services.record_report(followed.network, year=2025, status="done", actor=cast.facilitator)
    Campaign.objects.filter(pk=campaign.pk).update(deadline=dt.date.today() - dt.timedelta(days=2))
    page = client_as("facilitator").get(_plan_url(followed, "campaign", campaign.pk))
    assert len(page.context["board"].late) == 2
    assert "Relancer les 2 pilotes en retard" in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(role).post(_plan_url(followed, "campaign_remind_late", campaign.pk))
    if role in RECORDERS:
        assert response.status_code == 302
        assert sorted(m.to[0] for m in mail.outbox) == [
            "Alice Asso <alice@asso.example>",
            "Claude Contributeur <contrib@example.org>",
        ]
    else:
        assert response.status_code == _refused(role)
        assert not mail.outbox
        assert not CampaignLink.objects.filter(reminded_at__isnull=False).exists()


@pytest.mark.parametrize("role", ROLES)
def test_revoking_a_link(followed, campaign, client_as, client, role):
    token = token_of("alice@asso.example")
    link = _link(campaign)
    response = client_as(role).post(_plan_url(followed, "link_revoke", campaign.pk, link.pk))
    link.refresh_from_db()
    pilot_page = client.get(reverse("followup:pilot", args=[token]))
    if role in RECORDERS:
        assert response.status_code == 302 and link.revoked_at is not None
        assert pilot_page.status_code == 404
    else:
        assert response.status_code == _refused(role)
        assert link.revoked_at is None and pilot_page.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_renewing_a_link(
    followed, campaign, client_as, client, role, django_capture_on_commit_callbacks
):
    old = token_of("alice@asso.example")
    link = _link(campaign)
    client_as("facilitator").post(_plan_url(followed, "link_revoke", campaign.pk, link.pk))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(role).post(_plan_url(followed, "link_renew", campaign.pk, link.pk))
    link.refresh_from_db()
    if role in RECORDERS:
        assert response.status_code == 302 and link.revoked_at is None
        new = token_of("alice@asso.example")
        assert client.get(reverse("followup:pilot", args=[new])).status_code == 200
        assert client.get(reverse("followup:pilot", args=[old])).status_code == 404
    else:
        assert response.status_code == _refused(role)
        assert link.revoked_at is not None and not mail.outbox


@pytest.mark.parametrize("role", ROLES)
def test_closing_a_campaign(followed, campaign, client_as, client, role):
    token = token_of("bruno@cress.example")
    response = client_as(role).post(_plan_url(followed, "campaign_close", campaign.pk))
    campaign.refresh_from_db()
    if role in RECORDERS:
        assert response.status_code == 302 and not campaign.is_open and campaign.snapshot
        page = client_as("committee_member").get(_plan_url(followed, "campaign", campaign.pk))
        assert "conservés à la clôture" in page.content.decode()
        dashboard = client_as("committee_member").get(
            _plan_url(followed, "dashboard") + "?annee=2025"
        )
        assert "Voir les chiffres conservés à la clôture" in dashboard.content.decode()
        # Every link ends with the campaign.
        assert client.get(reverse("followup:pilot", args=[token])).status_code == 404
    else:
        assert response.status_code == _refused(role)
        assert campaign.is_open and campaign.snapshot is None


# --- The pilot's personal link ----------------------------------------------------------

REPORT = {
    "status": "in_progress",
    "progress": "40",
    "note": "Travaux lancés",
    "spent_operating": "1 500,50",
    "spent_investment": "",
}


def _report_data(action, **changes):
    data = {**REPORT, **changes}
    return {f"a{action.pk}-{key}": value for key, value in data.items()}


def test_the_pilot_reports_through_the_link_without_an_account(followed, campaign, client):
    token = token_of("alice@asso.example")
    page = client.get(reverse("followup:pilot", args=[token]))
    text = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "Un tiers-lieu de l&#x27;ESS" in text and "Former les élus" in text
    assert "Un réseau des recycleries" not in text
    data = _report_data(followed.place, **{f"value_{followed.jobs.pk}": "12,5"})
    response = client.post(reverse("followup:pilot_report", args=[token, followed.place.pk]), data)
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.year, report.status, report.progress) == (2025, "in_progress", 40)
    assert report.author is None and report.author_label == "Alice Asso"
    assert not report.note_is_public
    value = IndicatorValue.objects.get()
    assert (value.year, str(value.value), value.author_label) == (2025, "12.50", "Alice Asso")
    followed_page = client.get(response["Location"])
    assert "Votre point sur «\u00a0Un tiers-lieu de l&#x27;ESS\u00a0» est enregistré" in (
        followed_page.content.decode()
    )


def test_a_pilots_link_on_another_action_is_a_404(followed, campaign, client):
    token = token_of("alice@asso.example")
    for action in (followed.network, followed.dropped):
        url = reverse("followup:pilot_report", args=[token, action.pk])
        assert client.post(url, _report_data(action)).status_code == 404
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"progress": "120"}, "progress", "de 0 à 100"),
        ({"spent_operating": "-10"}, "spent_operating", "ne peut pas être négatif"),
        ({"status": "late"}, "status", "Sélectionnez un choix valide"),
        ({"note": "x" * 2001}, "note", "au plus 2000 caractères"),
        ({"value_JOBS": "beaucoup"}, "value_JOBS", "nombre"),
    ],
)
def test_bad_pilot_input_is_refused_and_nothing_written(
    followed, campaign, client, changes, field, message
):
    token = token_of("alice@asso.example")
    key = f"value_{followed.jobs.pk}"
    changes = {k.replace("value_JOBS", key): v for k, v in changes.items()}
    field = field.replace("value_JOBS", key)
    data = _report_data(followed.place, **{key: "12", **changes})
    response = client.post(reverse("followup:pilot_report", args=[token, followed.place.pk]), data)
    assert response.status_code == 200
    form = next(e["form"] for e in response.context["entries"] if e["action"] == followed.place)
    assert message in " ".join(form.errors[field])
    assert not ProgressReport.objects.exists() and not IndicatorValue.objects.exists()


def test_wrong_expired_revoked_tokens_give_the_same_404(followed, campaign, client, settings):
    token = token_of("alice@asso.example")
    url = reverse("followup:pilot", args=[token])
    assert client.get(reverse("followup:pilot", args=["faux-jeton"])).status_code == 404
    Campaign.objects.filter(pk=campaign.pk).update(deadline=dt.date.today() - dt.timedelta(days=31))
    assert client.get(url).status_code == 404  # past the grace after the deadline
    Campaign.objects.filter(pk=campaign.pk).update(deadline=dt.date.today() - dt.timedelta(days=30))
    assert client.get(url).status_code == 200  # still within it
    settings.TOKEN_MISSES_PER_ADDRESS = 3
    for _ in range(3):
        client.get(reverse("followup:pilot", args=["encore-faux"]))
    assert client.get(url).status_code == 404  # too many misses: even the right one


def test_a_report_made_meanwhile_is_kept_and_announced_to_the_pilot(
    followed, campaign, client, cast
):
    from essor.followup import services

    alice = token_of("alice@asso.example")
    page = client.get(reverse("followup:pilot", args=[alice]))
    entry = next(e for e in page.context["entries"] if e["action"] == followed.training)
    seen = entry["form"].initial["seen_up_to"]
    services.record_report(
        followed.training,
        year=2025,
        status="blocked",
        actor=None,
        author_label="Claude Contributeur",
    )
    data = _report_data(followed.training, seen_up_to=str(seen))
    response = client.post(
        reverse("followup:pilot_report", args=[alice, followed.training.pk]), data, follow=True
    )
    assert "Claude Contributeur a aussi fait un point sur cette action pour 2025" in (
        response.content.decode()
    )
    assert ProgressReport.objects.count() == 2
    assert ProgressReport.objects.latest("id").author_label == "Alice Asso"


def test_the_facilitator_sees_who_answered(followed, campaign, client, client_as):
    token = token_of("bruno@cress.example")
    client.post(
        reverse("followup:pilot_report", args=[token, followed.network.pk]),
        _report_data(followed.network),
    )
    board = (
        client_as("facilitator").get(_plan_url(followed, "campaign", campaign.pk)).context["board"]
    )
    states = {row.link.email: row.state for row in board.rows}
    assert states["bruno@cress.example"] == "answered"
    assert states["alice@asso.example"] == "not_yet"


# --- "My actions" for pilots with an account -------------------------------------------


@pytest.fixture
def non_pilot(cast):
    from essor.accounts.models import User

    user = User.objects.create_user("autre-contrib@example.org", "x-pass-123456", full_name="Nina")
    Membership.objects.create(process=cast.process, user=user, role=Role.CONTRIBUTOR)
    return user


def _my_url(cast, name, *extra):
    return reverse(f"followup:{name}", args=[cast.process.pk, *extra])


@pytest.mark.parametrize("role", [*ROLES, "non_pilot"])
def test_my_actions_page(followed, pilots, cast, client_as, client, non_pilot, role):
    if role == "non_pilot":
        client.force_login(non_pilot)
        response = client.get(_my_url(cast, "my_actions"))
    else:
        response = client_as(role).get(_my_url(cast, "my_actions"))
    if role in ("outsider", "other_workspace", "anonymous"):
        assert response.status_code == _refused(role)
        return
    assert response.status_code == 200
    text = response.content.decode()
    if role == "contributor":
        assert "Former les élus" in text and "Un tiers-lieu" not in text
    else:
        assert "Vous ne pilotez ici aucune action" in text


@pytest.mark.parametrize("role", [*ROLES, "non_pilot"])
def test_reporting_on_my_own_action_only(
    followed, pilots, cast, client_as, client, non_pilot, role
):
    if role == "non_pilot":
        client.force_login(non_pilot)
        user_client = client
    else:
        user_client = client_as(role)
    mine = _my_url(cast, "my_report", followed.training.pk)
    response = user_client.post(mine, _report_data(followed.training))
    if role == "contributor":
        assert response.status_code == 302
        report = ProgressReport.objects.get()
        assert report.author == cast.contributor and report.lineage == followed.training.lineage
        # Not their action: 404, nothing written.
        other = _my_url(cast, "my_report", followed.place.pk)
        assert user_client.post(other, _report_data(followed.place)).status_code == 404
        assert ProgressReport.objects.count() == 1
    else:
        expected = {"anonymous": 302, "outsider": 404, "other_workspace": 404}.get(role, 404)
        assert response.status_code == expected
        assert not ProgressReport.objects.exists()


def test_my_report_bad_input_shows_the_error(followed, pilots, cast, client_as):
    url = _my_url(cast, "my_report", followed.training.pk)
    response = client_as("contributor").post(url, _report_data(followed.training, progress="150"))
    assert response.status_code == 200 and "de 0 à 100" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_link_used_from_a_signed_in_browser_reports_as_the_pilot(followed, campaign, client_as):
    client = client_as("facilitator")
    token = token_of("alice@asso.example")
    url = reverse("followup:pilot_report", args=[token, followed.place.pk])
    assert client.post(url, _report_data(followed.place)).status_code == 302
    report = ProgressReport.objects.get()
    assert report.author is None and report.author_name == "Alice Asso"


def test_committee_members_do_not_see_the_pilots_addresses(followed, campaign, client_as):
    url = _plan_url(followed, "campaign", campaign.pk)
    assert "alice@asso.example" in client_as("facilitator").get(url).content.decode()
    assert "alice@asso.example" not in client_as("committee_member").get(url).content.decode()


def test_a_pilots_note_is_public_when_the_plan_says_so(followed, campaign, client, cast):
    from essor.followup.evidence import save_settings

    save_settings(
        followed.plan, notes_public_by_default=True, budgets_public=False, actor=cast.facilitator
    )
    token = token_of("alice@asso.example")
    url = reverse("followup:pilot_report", args=[token, followed.place.pk])
    assert client.post(url, _report_data(followed.place)).status_code == 302
    assert ProgressReport.objects.get().note_is_public
