"""API keys: created and revoked by a workspace's administrators (audited), stored hashed,
shown once; a key reads its workspace's non-public data, never another workspace's; a
wrong or revoked key is a documented 401."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from essor.api import services
from essor.api.models import ApiKey, hash_key
from essor.api.tests.test_read_api import _plan
from essor.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGE_STATUS = {
    "admin": 200, "facilitator": 200, "committee_member": 403, "contributor": 403,
    "outsider": 404, "other_workspace": 404,
}  # fmt: skip


@pytest.mark.parametrize("role,status", PAGE_STATUS.items())
def test_the_keys_page_is_for_the_workspace_administrators(cast, client_as, role, status):
    page = reverse("api_keys:list", args=[cast.workspace.slug])
    assert client_as(role).get(page).status_code == status
    refused = status != 200
    response = client_as(role).post(page, {"name": "Tableau de bord"})
    assert response.status_code == status
    assert ApiKey.objects.exists() is not refused


def test_anonymous_visitors_are_sent_to_log_in(cast, client):
    response = client.get(reverse("api_keys:list", args=[cast.workspace.slug]))
    assert response.status_code == 302 and "connexion" in response["Location"]


def test_a_key_is_shown_once_stored_hashed_and_audited(cast, client_as):
    admin = client_as("facilitator")
    page = reverse("api_keys:list", args=[cast.workspace.slug])
    assert "Ce champ est obligatoire" in admin.post(page, {"name": ""}).content.decode()
    assert not ApiKey.objects.exists()
    response = admin.post(page, {"name": "Tableau de bord"})
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(key.prefix) and key.key_hash == hash_key(secret)
    assert secret in response.content.decode() and response["Cache-Control"] == "no-store"
    assert secret not in admin.get(page).content.decode()
    assert key.workspace == cast.workspace and key.created_by == cast.facilitator
    assert AuditEntry.objects.filter(verb="api.key_created", target_id=str(key.pk)).exists()


@pytest.mark.parametrize("role,status", PAGE_STATUS.items())
def test_revoking_a_key(cast, client_as, role, status):
    key, _secret = services.create_api_key(cast.workspace, "Tableau", actor=cast.facilitator)
    url = reverse("api_keys:revoke", args=[cast.workspace.slug, key.pk])
    response = client_as(role).post(url)
    key.refresh_from_db()
    if status == 200:
        assert response.status_code == 302 and key.revoked_at is not None
        assert AuditEntry.objects.filter(verb="api.key_revoked").exists()
    else:
        assert response.status_code == status and key.revoked_at is None


def test_another_workspace_cannot_reach_a_key_through_its_own_slug(cast, client_as):
    key, _secret = services.create_api_key(cast.workspace, "Tableau", actor=cast.facilitator)
    url = reverse("api_keys:revoke", args=[cast.elsewhere.slug, key.pk])
    assert client_as("other_workspace").post(url).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


@pytest.fixture
def secret(cast):
    _plan(cast.process, cast.facilitator)  # the process is not published
    _plan(cast.elsewhere_process, cast.other_workspace)
    return services.create_api_key(cast.workspace, "Tableau", actor=cast.facilitator)[1]


def test_a_key_reads_its_workspace_non_public_data_only(cast, client, secret):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(reverse("api:processes")).json()["count"] == 0
    body = client.get(reverse("api:processes"), **bearer).json()
    assert [p["id"] for p in body["results"]] == [cast.process.pk]
    actions = client.get(reverse("api:actions", args=[cast.process.pk]), **bearer)
    assert "Piste écartée" in actions.content.decode()  # not retained: internal
    assert actions["Cache-Control"] == "private, no-cache"
    assert "Authorization" in actions["Vary"]
    other = reverse("api:actions", args=[cast.elsewhere_process.pk])
    assert client.get(other, **bearer).status_code == 404
    api_key = {"HTTP_AUTHORIZATION": f"Api-Key {secret}"}
    assert client.get(reverse("api:process", args=[cast.process.pk]), **api_key).status_code == 200


@pytest.mark.parametrize(
    "header,language,message",
    [
        ("Bearer essor_wrong", "fr", "Cette clé d’API n’est pas valide."),
        ("Bearer essor_wrong", "en", "This API key is not valid."),
        ("Bearer", "fr", "Donnez la clé après le mot Bearer, avec une espace."),
        ("Bearer a b", "fr", "Donnez la clé après le mot Bearer, avec une espace."),
    ],
)
def test_a_wrong_key_is_a_401_in_the_reader_language(cast, client, header, language, message):
    response = client.get(
        reverse("api:processes"), HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 401
    assert response.json() == {"detail": message}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_is_refused(cast, client, secret):
    services.revoke_api_key(ApiKey.objects.get(), actor=cast.facilitator)
    response = client.get(reverse("api:processes"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert "révoquée" in response.json()["detail"]


def test_the_last_use_is_written_at_most_once_a_minute(cast, client, secret, client_as):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    client.get(reverse("api:processes"), **bearer)
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    client.get(reverse("api:processes"), **bearer)
    assert ApiKey.objects.get().last_used_at == first
    earlier = timezone.now() - dt.timedelta(minutes=2)
    ApiKey.objects.update(last_used_at=earlier)
    client.get(reverse("api:processes"), **bearer)
    assert ApiKey.objects.get().last_used_at > earlier
    page = client_as("facilitator").get(reverse("api_keys:list", args=[cast.workspace.slug]))
    assert "Jamais" not in page.content.decode()
