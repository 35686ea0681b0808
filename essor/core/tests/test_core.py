import os
import subprocess
import sys

import pytest

from essor.core.env import env_bool, env_int, env_list, env_str
from essor.core.sanitize import sanitize_html
from essor.core.text import fold


def test_fold_removes_accents_case_and_punctuation():
    assert fold("Saint-Benoît") == "saint benoit"
    assert fold("  CU du Grand   Poitiers ") == "cu du grand poitiers"
    assert fold("L'Île-d'Yeu") == "l ile d yeu"


def test_env_helpers(monkeypatch, tmp_path):
    monkeypatch.setenv("ESSOR_X_BOOL", "oui")
    assert env_bool("ESSOR_X_BOOL") is True
    monkeypatch.setenv("ESSOR_X_BOOL", "false")
    assert env_bool("ESSOR_X_BOOL", True) is False
    monkeypatch.setenv("ESSOR_X_BOOL", "peut-être")
    with pytest.raises(ValueError, match="ESSOR_X_BOOL"):
        env_bool("ESSOR_X_BOOL")
    assert env_bool("ESSOR_UNSET_BOOL", True) is True
    monkeypatch.setenv("ESSOR_X_INT", "12")
    assert env_int("ESSOR_X_INT", 3) == 12
    monkeypatch.setenv("ESSOR_X_INT", "douze")
    with pytest.raises(ValueError):
        env_int("ESSOR_X_INT", 3)
    monkeypatch.setenv("ESSOR_X_LIST", "a.org, b.org,,")
    assert env_list("ESSOR_X_LIST") == ["a.org", "b.org"]
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("ESSOR_X_SECRET_FILE", str(secret))
    assert env_str("ESSOR_X_SECRET") == "s3cret"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script><p>ok</p>",
        '<p onclick="alert(1)">ok</p>',
        '<a href="javascript:alert(1)">ok</a>',
        '<img src=x onerror="alert(1)"><p>ok</p>',
        "<style>body{display:none}</style><p>ok</p>",
    ],
)
def test_sanitize_strips_active_content(payload):
    clean = sanitize_html(payload)
    assert "script" not in clean
    assert "onclick" not in clean
    assert "javascript:" not in clean
    assert "onerror" not in clean
    assert "<style" not in clean
    assert "ok" in clean


def test_sanitize_keeps_formatting():
    html = '<p><strong>Gras</strong> <a href="https://example.org">lien</a></p><ul><li>x</li></ul>'
    clean = sanitize_html(html)
    assert "<strong>Gras</strong>" in clean
    assert 'href="https://example.org"' in clean
    assert "<li>x</li>" in clean


@pytest.mark.parametrize("role", ["admin", "facilitator", "committee_member", "contributor",
                                  "outsider", "other_workspace", "anonymous"])  # fmt: skip
def test_home_for_every_role(client_as, cast, role):
    cast.process.is_published = True
    cast.process.save()
    response = client_as(role).get("/")
    assert response.status_code == 200
    assert "Plan ESS du Grand Poitiers" in response.content.decode()
    assert "Content-Security-Policy" in response.headers


def test_home_hides_unpublished_process_from_outsiders(client_as, cast):
    assert "Plan ESS du Grand Poitiers" not in client_as("outsider").get("/").content.decode()
    other = client_as("other_workspace").get("/").content.decode()
    assert "Plan ESS du Grand Poitiers" not in other and "Plan ESS voisin" in other
    assert "Plan ESS du Grand Poitiers" not in client_as("anonymous").get("/").content.decode()
    assert "Plan ESS du Grand Poitiers" in client_as("contributor").get("/").content.decode()


@pytest.mark.django_db
def test_home_is_french_by_default(client):
    response = client.get("/")
    assert '<html lang="fr">' in response.content.decode()
    assert ">Se connecter</a>" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in response.content.decode()


def _check_deploy(**variables):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "ESSOR_DEBUG": "false",
        "ESSOR_SECRET_KEY": "a-long-production-secret-" + "k" * 40,
        "ESSOR_ALLOWED_HOSTS": "essor.example.org",
        "DJANGO_SETTINGS_MODULE": "essor.settings",
        **variables,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_passes_with_production_variables():
    result = _check_deploy(ESSOR_CACHE="database", ESSOR_TASKS="database")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_when_background_work_would_run_in_requests():
    result = _check_deploy(ESSOR_CACHE="database", ESSOR_TASKS="immediate")
    assert result.returncode != 0
    assert "essor.E002" in result.stderr and "ESSOR_TASKS=database" in result.stderr


def test_check_deploy_fails_with_a_per_process_cache():
    result = _check_deploy(ESSOR_CACHE="locmem", ESSOR_TASKS="database")
    assert result.returncode != 0
    assert "essor.E001" in result.stderr
    assert "ESSOR_CACHE=database" in result.stderr


def test_shared_cache_check_only_in_production(settings):
    from essor.core.checks import check_shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DEBUG = True
    assert check_shared_cache(None) == []
    settings.DEBUG = False
    assert [e.id for e in check_shared_cache(None)] == ["essor.E001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c"}
    }
    assert check_shared_cache(None) == []


def test_production_refuses_missing_secret_key():
    env = {**os.environ, "ESSOR_DEBUG": "false", "ESSOR_SECRET_KEY": ""}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "ESSOR_SECRET_KEY" in result.stderr


def test_safe_cell_keeps_formulas_as_text():
    from essor.core.spreadsheet import safe_cell

    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("Recyclerie") == "Recyclerie"
    assert safe_cell(12) == 12
    assert safe_cell(None) == ""


@pytest.mark.parametrize(
    "name,expected",
    [
        ("CU du Grand Poitiers", "de la CU du Grand Poitiers"),
        ("CA du Niortais", "de la CA du Niortais"),
        ("Métropole du Grand Paris", "de la Métropole du Grand Paris"),
        ("Grand Poitiers Communauté urbaine", "du Grand Poitiers Communauté urbaine"),
        ("Le Mans", "du Mans"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Rochelle", "de La Rochelle"),
        ("Angoulême", "d’Angoulême"),
        ("Poitiers", "de Poitiers"),
    ],
)
def test_french_of_a_place(name, expected):
    from essor.core.text import french_of

    assert french_of(name) == expected
