#!/usr/bin/env python3
"""Run the deployment guide (docs/deploiement.md) in a sandbox, as CI does.

Every ```sh (and ```cron) block of the guide starts with a tag line ``# [name]``. This
script extracts the blocks and, in the guide's order, either runs them (``RUN``) with
the paths, ports and database names of a sandbox substituted (``SUBSTITUTIONS``,
printed at the start), or, when they cannot run here, prints why and what it does
instead (``NOT_RUN``). essor/core/tests/test_deploy_guide.py checks that every block is
one or the other, so the guide and this script cannot drift apart.

Runs as root on Debian 12 with PostgreSQL on 127.0.0.1 (local socket for the
``postgres`` user), Redis (started on 127.0.0.1 if absent), nginx, openssl and
systemd-analyze installed (.ci/run installs them). No systemd PID 1 is needed: the
services are started from their units' ExecStart lines, as their User, with their
EnvironmentFile. Everything it creates (the sandbox folder, the databases
essor_deploy_check*, the role essor_check, the user essor if it did not exist, Redis
database 14, processes) is removed at the end, also on failure.

    python3 deploy/check_guide.py [--keep]     (--keep: leave the sandbox for inspection)
"""

# This script exists to run commands (the guide's, and the tools it checks them with).
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import configparser
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "deploiement.md"
BLOCK = re.compile(r"^```(sh|cron)\n# \[([a-z0-9-]+)\]\n(.*?)^```$", re.S | re.M)
DATABASE = "essor_deploy_check"
ROLE = "essor_check"
REDIS_DB = 14
SIRENE_ROWS = 3000

RUN = "run"
# Blocks that cannot run here: why, and what the script does in their place.
NOT_RUN = {
    "paquets": "apt-get on the real server; here .ci/run installs the same packages "
    "(apt_install) and the script checks each one with dpkg -s",
    "redis": "systemctl needs systemd as PID 1; the script starts redis-server on "
    "127.0.0.1:6379 if nothing answers there",
    "admin": "createsuperuser asks its questions on a terminal; the script creates a "
    "platform admin with --noinput instead",
    "systemd-demarrage": "systemctl needs systemd as PID 1; the script starts each unit's "
    "ExecStart as its User with its EnvironmentFile (web, worker), runs essor-periodic "
    "once, and the other oneshot units where the guide starts them",
    "certificat": "certbot needs a public DNS name reachable by Let's Encrypt; the script "
    "makes a self-signed certificate with openssl at the same paths",
    "journaux": "journalctl and systemctl need systemd; the services' output goes to log "
    "files in the sandbox",
    "sirene-premier": "systemctl; the script runs essor-sirene.service's ExecStart with "
    "SIRENE_URL_* pointing at generated stock files (file://)",
    "sauvegarde": "systemctl; the script runs essor-backup.service's ExecStart",
    "sauvegarde-copie": "needs a remote backup server",
    "restauration-arret": "systemctl; the script stops the web server and the worker it started",
    "restauration-reprise": "systemctl; the script starts them again and checks /sante/pret/",
    "mise-a-jour-redemarrage": "systemctl; the script restarts the worker, reloads gunicorn "
    "with HUP (as ExecReload) while polling /sante/pret/ through nginx, and requires "
    "every answer to be 200",
}
RUN_BLOCKS = [
    "utilisateur", "code", "venv", "configuration", "base", "redis-verif", "installation",
    "systemd-copie", "nginx", "sante", "sante-directe", "sirene-manuel", "cron",
    "sauvegarde-liste", "restauration-verif", "restauration", "mise-a-jour-code",
    "mise-a-jour-migrations",
]  # fmt: skip


def log(message: str) -> None:
    print(f"\n=== {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Block:
    tag: str
    lang: str
    text: str


def guide_blocks(text: str | None = None) -> list[Block]:
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    return [Block(tag, lang, body) for lang, tag, body in BLOCK.findall(text)]


def substitutions(sandbox: Path, ports: dict[str, int], head: str) -> list[tuple[str, str]]:
    """(regex, replacement) applied in order to the guide's blocks and to deploy/ in the clone."""
    s = str(sandbox)
    https, http = ports["https"], ports["http"]
    return [
        (re.escape("https://forge.exemple.fr/essor/essor.git"), str(REPO)),
        (r"checkout --quiet v1\.[01]\.0", f"checkout --quiet {head}"),
        (r"(?<![\w/])/srv/essor", f"{s}/srv/essor"),
        (r"(?<![\w/])/etc/essor", f"{s}/etc/essor"),
        (r"(?<![\w/])/var/backups/essor", f"{s}/var/backups/essor"),
        (r"(?<![\w/])/usr/local/bin/", f"{s}/usr/local/bin/"),
        (r"(?<![\w/])/etc/systemd/system", f"{s}/etc/systemd/system"),
        (r"(?<![\w/])/etc/letsencrypt/live/essor\.exemple\.fr", f"{s}/certs"),
        (r"(?<![\w/])/etc/nginx", f"{s}/etc/nginx"),
        (r"(?<![\w/])/var/www/html", f"{s}/var/www/html"),
        (r"(?<![\w/])/var/log/nginx", f"{s}/var/log/nginx"),
        (r"127\.0\.0\.1:8000", f"127.0.0.1:{ports['web']}"),
        (r"listen 80;", f"listen 127.0.0.1:{http};"),
        (r"listen \[::\]:80;", f"listen [::1]:{http};"),
        (r"listen 443 ssl", f"listen 127.0.0.1:{https} ssl"),
        (r"listen \[::\]:443 ssl", f"listen [::1]:{https} ssl"),
        (r"--workers 5", "--workers 2"),
        (r"6379/0", f"6379/{REDIS_DB}"),
        (r"\bessor_verif\b", f"{DATABASE}_verif"),
        (r"(?<=CREATE ROLE )essor\b", ROLE),
        (r"(?<=--owner )essor\b(?!_)", ROLE),
        (rf"(?<=createdb --owner {ROLE} )essor$", DATABASE),
        (r"(?<=dropdb )essor$", DATABASE),
        (r"postgres://essor:", f"postgres://{ROLE}:"),
        (r"5432/essor\b(?!_)", f"5432/{DATABASE}"),
        (
            r"curl -fsS https://essor\.exemple\.fr/",
            f"curl -fsS --cacert {s}/certs/fullchain.pem "
            f"--resolve essor.exemple.fr:{https}:127.0.0.1 https://essor.exemple.fr:{https}/",
        ),
        (r"nginx -t$", f"nginx -t -c {s}/etc/nginx/nginx.conf"),
        (r"systemctl reload nginx$", ": nginx is started by check_guide.py"),
    ]


def substitute(text: str, rules: list[tuple[str, str]], used: set[str]) -> str:
    for pattern, replacement in rules:
        text, count = re.subn(pattern, lambda _m, r=replacement: r, text, flags=re.M)
        if count:
            used.add(pattern)
    return text


class Sandbox:
    def __init__(self, keep: bool):
        self.keep = keep
        self.root = Path(tempfile.mkdtemp(prefix="essor-guide-"))
        self.root.chmod(0o755)  # the essor user and nginx's workers walk through it
        self.ports = {"web": free_port(), "http": free_port(), "https": free_port()}
        self.head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        self.rules = substitutions(self.root, self.ports, self.head)
        self.used: set[str] = set()
        self.processes: dict[str, subprocess.Popen] = {}
        self.user_existed = subprocess.run(["id", "essor"], capture_output=True).returncode == 0
        self.redis_started = False
        self.nginx_started = False
        # A root shell of Debian 12 (its PATH: Debian's python3, not a developer's).
        self.shell_env = dict(
            os.environ,
            PATH=f"{self.root}/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
            "/sbin:/bin",
        )
        for folder in ("usr/local/bin", "etc/systemd/system", "etc/nginx/sites-available",
                       "etc/nginx/sites-enabled", "var/www/html", "var/log/nginx", "certs",
                       "logs", "sirene-source"):  # fmt: skip
            (self.root / folder).mkdir(parents=True, exist_ok=True)

    # --- running the guide -------------------------------------------------------------
    def run_block(self, block: Block) -> None:
        text = substitute(block.text, self.rules, self.used)
        if block.lang == "cron":
            self.run_cron(text)
            return
        print(text.rstrip(), flush=True)
        subprocess.run(
            ["bash", "-euo", "pipefail", "-c", text], check=True, env=self.shell_env,
            cwd=self.root,
        )  # fmt: skip

    def run_cron(self, text: str) -> None:
        """Run each crontab line's command as its user, with cron's /bin/sh."""
        for line in text.splitlines():
            if not line.strip() or line.startswith("#") or "=" in line.split()[0]:
                continue
            fields = line.split(None, 6)
            user, command = fields[5], fields[6]
            print(f"({' '.join(fields[:5])}) {user}: {command}", flush=True)
            subprocess.run(
                ["/usr/sbin/runuser", "-u", user, "--", "/bin/sh", "-c", command], check=True,
                env={"PATH": "/usr/bin:/bin", "HOME": "/"}, cwd="/",
            )  # fmt: skip

    # --- systemd units, started without systemd -----------------------------------------
    def unit(self, name: str) -> dict[str, str]:
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read(self.root / "etc/systemd/system" / name, encoding="utf-8")
        return dict(parser["Service"])

    def unit_env(self, service: dict[str, str]) -> dict[str, str]:
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        for line in Path(service["EnvironmentFile"]).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, value = line.partition("=")
                env[key] = value
        return env

    def unit_command(self, name: str) -> tuple[list[str], dict[str, str], str]:
        service = self.unit(name)
        command = [
            "/usr/sbin/runuser",
            "-u",
            service["User"],
            "--",
            *shlex.split(service["ExecStart"]),
        ]
        return command, self.unit_env(service), service["WorkingDirectory"]

    def start(self, name: str) -> None:
        command, env, cwd = self.unit_command(name)
        output = (self.root / "logs" / f"{name}.log").open("ab")
        print(f"start {name}: {' '.join(command[4:])}", flush=True)
        self.processes[name] = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def run_oneshot(self, name: str) -> None:
        command, env, cwd = self.unit_command(name)
        print(f"run {name}: {' '.join(command[4:])}", flush=True)
        subprocess.run(command, env=env, cwd=cwd, check=True)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    # --- HTTP through nginx -------------------------------------------------------------
    def get(self, path: str, timeout: int = 10) -> tuple[int, bytes]:
        command = [
            "curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "--max-time", str(timeout),
            "--cacert", str(self.root / "certs/fullchain.pem"), "--resolve",
            f"essor.exemple.fr:{self.ports['https']}:127.0.0.1",
            f"https://essor.exemple.fr:{self.ports['https']}{path}",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, check=False)
        body, _, code = result.stdout.rpartition(b"\n")
        return int(code or 0), body

    def wait_ready(self, timeout: float = 90) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code, body = self.get("/sante/pret/")
            if code == 200:
                return json.loads(body)
            time.sleep(0.5)
        raise SystemExit(f"/sante/pret/ did not answer 200 within {timeout} s (last: {code})")

    # --- clean-up -----------------------------------------------------------------------
    def cleanup(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        if self.nginx_started:
            subprocess.run(["nginx", "-c", str(self.root / "etc/nginx/nginx.conf"), "-s",
                            "quit"], capture_output=True)  # fmt: skip
            time.sleep(1)
        for db in (DATABASE, f"{DATABASE}_verif"):
            psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        psql(f'DROP ROLE IF EXISTS "{ROLE}"')
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "-n", str(REDIS_DB), "flushdb"],
                       capture_output=True)  # fmt: skip
        if self.redis_started:
            subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"],
                           capture_output=True)  # fmt: skip
        if not self.user_existed:
            subprocess.run(["userdel", "essor"], capture_output=True)
            subprocess.run(["groupdel", "essor"], capture_output=True)
        if self.keep:
            print(f"sandbox kept: {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)


def psql(statement: str) -> None:
    subprocess.run(["/usr/sbin/runuser", "-u", "postgres", "--", "psql", "-q", "-c", statement],
                   capture_output=True, check=False)  # fmt: skip


# --- what the script does around the blocks ----------------------------------------------
def before(box: Sandbox, tag: str) -> None:
    root = box.root
    if tag == "paquets":
        block = next(b for b in guide_blocks() if b.tag == "paquets")
        packages = block.text.split("apt-get install -y", 1)[1].split()
        missing = [p for p in packages if subprocess.run(["dpkg", "-s", p],
                   capture_output=True).returncode]  # fmt: skip
        if missing:
            raise SystemExit(f"packages of the guide missing here: {missing}")
        print(f"dpkg -s: {len(packages)} packages of the guide installed")
    elif tag == "redis":
        ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True)
        if ping.returncode or b"PONG" not in ping.stdout:
            subprocess.run(
                ["redis-server", "--port", "6379", "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "yes"],
                check=True,
            )  # fmt: skip
            box.redis_started = True
            time.sleep(1)
    elif tag == "certificat":
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=essor.exemple.fr", "-addext", "subjectAltName=DNS:essor.exemple.fr",
             "-keyout", str(root / "certs/privkey.pem"), "-out", str(root / "certs/fullchain.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
    elif tag == "nginx":
        # The Debian main configuration, reduced to what the site needs, inside the sandbox.
        (root / "etc/nginx/nginx.conf").write_text(
            f"user www-data;\nworker_processes 2;\npid {root}/nginx.pid;\n"
            f"error_log {root}/var/log/nginx/error.log;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log {root}/var/log/nginx/access.log;\n"
            f"  client_body_temp_path {root}/nginx-body;\n  proxy_temp_path {root}/nginx-proxy;\n"
            f"  fastcgi_temp_path {root}/nginx-fastcgi;\n  uwsgi_temp_path {root}/nginx-uwsgi;\n"
            f"  scgi_temp_path {root}/nginx-scgi;\n"
            f"  include {root}/etc/nginx/sites-enabled/*;\n}}\n",
            encoding="utf-8",
        )
        (root / "etc/nginx/sites-enabled/default").write_text("# Debian's default site\n")
    elif tag == "sirene-manuel":
        for name in ("StockUniteLegale_utf8.parquet", "StockEtablissement_utf8.parquet"):
            target = root / "srv/essor/sirene-inbox" / name
            shutil.copy(root / "sirene-source" / name, target)
            shutil.chown(target, "essor", "essor")
        print("stock files dropped in the inbox (generated, same format as INSEE's)")


def after(box: Sandbox, tag: str) -> None:
    root = box.root
    if tag == "code":
        # The clone's deploy/ files get the sandbox's paths, ports and names.
        for path in (root / "srv/essor/src/deploy").rglob("*"):
            if path.is_file() and path.suffix != ".py":
                text = path.read_text(encoding="utf-8")
                path.write_text(substitute(text, box.rules, box.used), encoding="utf-8")
    elif tag == "configuration":
        # The edits an administrator makes by hand (section 4 of the guide).
        env = root / "etc/essor/essor.env"
        source = root / "sirene-source"
        text = env.read_text(encoding="utf-8")
        text = re.sub(r"^ESSOR_EMAIL_HOST=.*$", "ESSOR_EMAIL_HOST=", text, flags=re.M)
        text = re.sub(r"^SIRENE_URL_UNITES_LEGALES=.*$",
                      f"SIRENE_URL_UNITES_LEGALES=file://{source}/StockUniteLegale_utf8.parquet",
                      text, flags=re.M)  # fmt: skip
        text = re.sub(r"^SIRENE_URL_ETABLISSEMENTS=.*$",
                      f"SIRENE_URL_ETABLISSEMENTS=file://{source}/StockEtablissement_utf8.parquet",
                      text, flags=re.M)  # fmt: skip
        env.write_text(text, encoding="utf-8")
        print("essor.env adapted: no SMTP server, SIRENE links to generated files")
    elif tag == "venv":
        # Stock files in INSEE's format, generated by Essor's own generator (no network).
        subprocess.run(
            [str(root / "srv/essor/venv/bin/python"), "-c",
             "import sys, django; from pathlib import Path; django.setup(); "
             "from essor.observatory.generator import generate; "
             f"generate(Path(sys.argv[1]), establishments={SIRENE_ROWS}, formats=('parquet',))",
             str(root / "sirene-source")],
            check=True, cwd=root, env=dict(os.environ, DJANGO_SETTINGS_MODULE="essor.settings"),
        )  # fmt: skip
    elif tag == "admin":
        # The guide's createsuperuser asks on a terminal; the same account, without questions.
        subprocess.run(
            ["essor-manage", "createsuperuser", "--noinput", "--email", "admin@exemple.fr"],
            check=True, env=dict(box.shell_env, DJANGO_SUPERUSER_PASSWORD="verif-" + box.head),
        )  # fmt: skip
    elif tag == "systemd-demarrage":
        box.start("essor-web.service")
        box.start("essor-worker.service")
        box.run_oneshot("essor-periodic.service")
    elif tag == "nginx":
        subprocess.run(["nginx", "-c", str(root / "etc/nginx/nginx.conf")], check=True)
        box.nginx_started = True
        status = box.wait_ready()
        print(f"/sante/pret/ through nginx: {status}")
        check_proxy(box)
    elif tag == "sirene-premier":
        box.run_oneshot("essor-sirene.service")
    elif tag == "sauvegarde":
        # Something in every place a backup must hold: the SIRENE import above, a file here.
        media = root / "srv/essor/media/essai"
        media.mkdir(parents=True, exist_ok=True)
        (media / "compte-rendu.txt").write_text("Réunion du comité : relevé de décisions.\n")
        for path in (media, media / "compte-rendu.txt"):
            shutil.chown(path, "essor", "essor")
        box.run_oneshot("essor-backup.service")
        manifest = json.loads((root / "var/backups/essor/dernier/manifeste.json").read_text())
        rows = sum(manifest["tables"].values())
        if rows < 1000 or "essai/compte-rendu.txt" not in manifest["files"]["media.tar.gz"]:
            raise SystemExit(f"backup too small to prove anything: {rows} rows")
        print(f"backup: {len(manifest['tables'])} tables, {rows} rows, "
              f"{sum(len(v) for v in manifest['files'].values())} files")  # fmt: skip
    elif tag == "restauration-arret":
        box.stop("essor-web.service")
        box.stop("essor-worker.service")
    elif tag == "restauration":
        restored = root / "srv/essor/media/essai/compte-rendu.txt"
        if "relevé de décisions" not in restored.read_text(encoding="utf-8"):
            raise SystemExit("the restored file differs")
    elif tag == "restauration-reprise":
        box.start("essor-web.service")
        box.start("essor-worker.service")
        print(f"/sante/pret/ after the restore: {box.wait_ready()}")
    elif tag == "mise-a-jour-redemarrage":
        zero_downtime_restart(box)


def check_proxy(box: Sandbox) -> None:
    """What the nginx site promises: redirect, static files by nginx, headers, body limit."""
    root, ports = box.root, box.ports
    redirect = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
         "-H", "Host: essor.exemple.fr", f"http://127.0.0.1:{ports['http']}/sante/"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert redirect.startswith("301 https://essor.exemple.fr/"), redirect
    access_log = root / "var/log/nginx/essor.access.log"
    lines = len(access_log.read_text().splitlines())
    css = next((root / "srv/essor/static").rglob("*.css"))
    code, body = box.get("/static/" + css.relative_to(root / "srv/essor/static").as_posix())
    assert code == 200 and body == css.read_bytes(), f"static file: {code}"
    assert len(access_log.read_text().splitlines()) == lines + 1, "request not logged"
    box.get("/sante/")
    assert len(access_log.read_text().splitlines()) == lines + 1, "probe logged"
    headers = subprocess.run(
        ["curl", "-sS", "-D", "-", "-o", "/dev/null", "--cacert", str(root / "certs/fullchain.pem"),
         "--resolve", f"essor.exemple.fr:{ports['https']}:127.0.0.1",
         "-H", "X-Request-ID: forged-by-client-123",
         f"https://essor.exemple.fr:{ports['https']}/sante/"],
        capture_output=True, text=True, check=True,
    ).stdout.lower()  # fmt: skip
    request_id = re.search(r"^x-request-id: (\S+)", headers, re.M)
    assert request_id and request_id.group(1) != "forged-by-client-123", headers
    big = root / "big.bin"
    big.write_bytes(b"0" * (13 * 1024 * 1024))
    too_big = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
         str(root / "certs/fullchain.pem"), "--resolve",
         f"essor.exemple.fr:{ports['https']}:127.0.0.1", "--data-binary", f"@{big}",
         f"https://essor.exemple.fr:{ports['https']}/comptes/connexion/"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    big.unlink()
    assert too_big == "413", f"a 13 MB body got {too_big}"
    print("nginx: HTTP redirects to HTTPS, static files served by nginx, X-Request-ID set "
          "by nginx (not the client's), 13 MB body refused (413), probes not logged")  # fmt: skip


def zero_downtime_restart(box: Sandbox) -> None:
    answers: list[int] = []
    waits: list[float] = []
    stop = threading.Event()

    def poll() -> None:
        # A request may wait while the new workers load Essor (the old ones have stopped
        # taking new requests): a wait, not a failure. A refused or failed one is downtime.
        while not stop.is_set():
            sent = time.monotonic()
            answers.append(box.get("/sante/pret/", timeout=60)[0])
            waits.append(time.monotonic() - sent)
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(1)
    box.stop("essor-worker.service")
    box.start("essor-worker.service")
    web = box.processes["essor-web.service"]
    # ExecReload=/bin/kill -s HUP $MAINPID; the master is runuser's child.
    master = subprocess.run(["pgrep", "-P", str(web.pid)], capture_output=True, text=True)
    pids = master.stdout.split() or [str(web.pid)]
    old_workers = set(subprocess.run(["pgrep", "-P", pids[0]], capture_output=True,
                                     text=True).stdout.split())  # fmt: skip
    os.kill(int(pids[0]), signal.SIGHUP)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = set(subprocess.run(["pgrep", "-P", pids[0]], capture_output=True,
                                     text=True).stdout.split())  # fmt: skip
        if workers and not workers & old_workers:
            break
        time.sleep(0.2)
    else:
        raise SystemExit("gunicorn did not replace its workers after HUP")
    time.sleep(2)
    stop.set()
    poller.join()
    bad = [code for code in answers if code != 200]
    print(f"restart worker + reload web: {len(answers)} probes through nginx, "
          f"{len(bad)} not 200 {sorted(set(bad))}, longest wait {max(waits):.1f} s")  # fmt: skip
    if bad:
        raise SystemExit("the reload was not without downtime")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the sandbox folder")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root (CI): the guide creates a user and runs commands as it")
    blocks = guide_blocks()
    tags = [b.tag for b in blocks]
    unknown = set(tags) - set(RUN_BLOCKS) - set(NOT_RUN)
    if unknown or len(tags) != len(set(tags)):
        raise SystemExit(f"untagged, unknown or duplicate blocks in the guide: {unknown}")
    started = time.monotonic()
    box = Sandbox(args.keep)
    print(f"sandbox {box.root}, ports {box.ports}, code at {box.head[:12]}")
    print("substitutions applied to the guide's blocks and the clone's deploy/ files:")
    for pattern, replacement in box.rules:
        print(f"  {pattern}  ->  {replacement}")
    try:
        for block in blocks:
            log(f"[{block.tag}] ({time.monotonic() - started:.0f} s)")
            before(box, block.tag)
            if block.tag in NOT_RUN:
                print(f"not run here: {NOT_RUN[block.tag]}")
            else:
                box.run_block(block)
            after(box, block.tag)
        unused = [p for p, _ in box.rules if p not in box.used]
        if unused:
            raise SystemExit(f"substitutions that matched nothing (guide changed?): {unused}")
    finally:
        box.cleanup()
    log(f"deployment guide checked: {len(RUN_BLOCKS)} blocks run, {len(NOT_RUN)} listed as "
        f"not runnable here, in {time.monotonic() - started:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
