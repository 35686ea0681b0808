"""The deployment guide, its files and the script that runs it in CI stay in step.

deploy/check_guide.py runs the guide's shell blocks in a sandbox (CI only: it needs
root); these tests check, on any machine, that every block is either run by it or
listed as not runnable, and that the systemd units, the cron lines and the scripts call
commands that exist.
"""

from __future__ import annotations

import configparser
import importlib.machinery
import importlib.util
import os
import re
import shlex
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
GUIDE = REPO / "docs" / "deploiement.md"
UNITS = sorted((DEPLOY / "systemd").glob("essor-*.*"))
SERVICES = [u for u in UNITS if u.suffix == ".service"]


def _check_guide():
    spec = importlib.util.spec_from_file_location("check_guide", DEPLOY / "check_guide.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("check_guide", module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def _command_exists(argv: list[str]) -> None:
    """A command of a unit or a cron line: an Essor management command or a shipped script."""
    program = argv[0]
    if program.endswith("/django-admin"):
        assert argv[1] in get_commands(), f"unknown management command {argv[1]!r}"
    elif program.startswith("/srv/essor/src/"):
        script = REPO / program.removeprefix("/srv/essor/src/")
        assert script.is_file() and os.access(script, os.X_OK), program
    elif program.endswith("/gunicorn"):
        assert argv[1] == "essor.wsgi" and (REPO / "essor" / "wsgi.py").is_file()
    else:
        pytest.fail(f"unexpected program {program!r}")


def test_every_block_of_the_guide_is_run_or_listed_as_not_runnable():
    check = _check_guide()
    text = GUIDE.read_text(encoding="utf-8")
    blocks = check.guide_blocks(text)
    tags = [b.tag for b in blocks]
    # Every shell-like fence is a tagged block the script sees (none escapes the check).
    fences = re.findall(r"^```(sh|bash|shell|console|cron)\s*$", text, re.M)
    assert len(fences) == len(blocks) > 20
    assert len(tags) == len(set(tags)), "duplicate tags"
    assert not set(check.RUN_BLOCKS) & set(check.NOT_RUN)
    assert set(tags) == set(check.RUN_BLOCKS) | set(check.NOT_RUN)
    assert all(reason.strip() for reason in check.NOT_RUN.values())
    # What cannot run here is the exception, not the rule.
    assert len(check.RUN_BLOCKS) > len(check.NOT_RUN)


def test_the_guide_blocks_call_existing_commands():
    text = "".join(block.text for block in _check_guide().guide_blocks())
    commands = set(re.findall(r"essor-manage (\w+)", text))
    assert {"migrate", "collectstatic", "load_territories", "import_sirene"} <= commands
    assert commands <= set(get_commands())
    for script in re.findall(r"/srv/essor/src/(deploy/bin/[\w-]+)", text):
        assert os.access(REPO / script, os.X_OK), script


def test_every_substitution_of_the_check_targets_the_guide_or_the_deploy_files(tmp_path):
    check = _check_guide()
    rules = check.substitutions(tmp_path, {"web": 1, "http": 2, "https": 3}, "0" * 40)
    files = [p for p in DEPLOY.rglob("*") if p.is_file() and p.suffix != ".py"]
    corpus = GUIDE.read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in files
    )
    used = set()
    check.substitute(corpus, rules, used)  # in order, as the script does
    assert [pattern for pattern, _ in rules if pattern not in used] == []


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_service_units_run_existing_commands_as_essor_hardened(path):
    unit = _unit(path)
    service = unit["Service"]
    assert service["User"] == service["Group"] == "essor"
    assert service["EnvironmentFile"] == "/etc/essor/essor.env"
    _command_exists(shlex.split(service["ExecStart"]))
    assert service["ProtectSystem"] == "strict"
    assert service["NoNewPrivileges"] == service["PrivateTmp"] == "yes"
    assert service["CapabilityBoundingSet"] == ""
    writable = service["ReadWritePaths"].split()
    assert writable and all(w.startswith(("/srv/essor/", "/var/backups/essor")) for w in writable)
    assert "/srv/essor/src" not in writable and "/srv/essor/venv" not in writable


def test_the_long_running_services_restart_and_the_web_reloads_without_downtime():
    web = _unit(DEPLOY / "systemd" / "essor-web.service")["Service"]
    worker = _unit(DEPLOY / "systemd" / "essor-worker.service")["Service"]
    assert "db_worker" in worker["ExecStart"] and worker["Restart"] == "always"
    assert web["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert "--bind 127.0.0.1:8000" in web["ExecStart"]


def test_every_timer_starts_a_service_of_the_repository():
    timers = [u for u in UNITS if u.suffix == ".timer"]
    assert {t.stem for t in timers} == {"essor-periodic", "essor-sirene", "essor-backup"}
    for timer in timers:
        unit = _unit(timer)
        assert unit["Timer"]["OnCalendar"] and unit["Timer"]["Persistent"] == "true"
        assert (timer.with_suffix(".service")).is_file()
        assert _unit(timer.with_suffix(".service"))["Service"]["Type"] == "oneshot"


def test_the_cron_lines_call_the_same_commands_as_the_timers():
    check = _check_guide()
    (cron,) = [b for b in check.guide_blocks() if b.lang == "cron"]
    lines = [line for line in cron.text.splitlines() if line.strip() and "=" not in line.split()[0]]
    assert len(lines) == 3
    for line in lines:
        fields = line.split(None, 6)
        assert fields[5] == "essor"
        _command_exists(shlex.split(fields[6].split(";")[-1]))


def test_the_scripts_call_existing_management_commands():
    for script in (DEPLOY / "bin").iterdir():
        for command in re.findall(r"django-admin\"? (\w+)", script.read_text(encoding="utf-8")):
            assert command in get_commands(), (script.name, command)


def test_the_example_environment_has_no_secret_and_only_documented_variables():
    text = (DEPLOY / "essor.env.example").read_text(encoding="utf-8")
    documented = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Z_]+)=", text, re.M)
    for name in names:
        if name.startswith("ESSOR_") and name not in ("ESSOR_BACKUP_DIR", "ESSOR_BACKUP_KEEP_DAYS"):
            assert f"`{name.removesuffix('_FILE')}`" in documented, name
    assert "ESSOR_SECRET_KEY=" not in text and "ESSOR_SECRET_KEY_FILE=/etc/essor/" in text
    assert "MOT_DE_PASSE_BASE" in text  # replaced at installation, never a real password
    assert re.search(r"^ESSOR_CACHE=redis://", text, re.M)
    assert re.search(r"^ESSOR_TASKS=database$", text, re.M)


def test_nginx_accepts_a_little_more_than_essor_and_sets_the_client_address_essor_reads():
    site = (DEPLOY / "nginx" / "essor.conf").read_text(encoding="utf-8")
    params = (DEPLOY / "nginx" / "essor_proxy_params").read_text(encoding="utf-8")
    env = (DEPLOY / "essor.env.example").read_text(encoding="utf-8")
    limit = int(re.search(r"^ESSOR_UPLOAD_MAX_BYTES=(\d+)$", env, re.M)[1])
    body = int(re.search(r"client_max_body_size (\d+)m;", site)[1]) * 1024 * 1024
    assert limit < body <= limit * 1.5
    assert "ESSOR_CLIENT_IP_META_KEY=HTTP_X_REAL_IP" in env
    assert "proxy_set_header X-Real-IP $remote_addr;" in params
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in params
    assert "location /media" not in site  # uploaded files go through Essor's checks


def test_ci_runs_the_guide():
    assert "deploy/check_guide.py" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_two_backups_in_the_same_second_get_two_folders(tmp_path):
    """The guide's cron line and its « systemctl start » can run a backup in the same second."""
    script = str(DEPLOY / "bin" / "essor-backup")
    loader = importlib.machinery.SourceFileLoader("essor_backup", script)
    spec = importlib.util.spec_from_loader("essor_backup", loader)
    backup = importlib.util.module_from_spec(spec)
    loader.exec_module(backup)
    assert backup.unused_name(tmp_path, "2026-12-04T145930") == tmp_path / "2026-12-04T145930"
    (tmp_path / "2026-12-04T145930").mkdir()
    assert backup.unused_name(tmp_path, "2026-12-04T145930").name == "2026-12-04T145930-2"
    (tmp_path / "2026-12-04T145930-2").mkdir()
    assert backup.unused_name(tmp_path, "2026-12-04T145930").name == "2026-12-04T145930-3"
