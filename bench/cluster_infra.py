"""The processes of bench/cluster.py: PostgreSQL, Redis, two gunicorn servers, the task
worker and nginx, all on 127.0.0.1, with their files in one temporary folder.

``Cluster`` is a context manager: whatever happens (an exception, Ctrl-C, SIGTERM),
every process it started is stopped and the folder removed. A PostgreSQL or Redis
already listening is used as it is (and left running); one it had to start, it stops.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s")


def http_status(port: int, path: str) -> int:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return 0


NGINX_CONF = """\
# Written by bench/cluster.py; everything lives in {tmp}.
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    # Phones keep their connection through a whole workshop (as browsers do).
    keepalive_timeout 300s;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    # The two application servers. A server that refuses connections (killed) is
    # left aside for 5 s, then tried again: it comes back by itself once restarted.
    upstream essor {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=5s;
        keepalive 32;
        keepalive_timeout 30s;
    }}
    # The bench only: "X-Bench-Server: a" or "b" pins a request to one server, so an
    # import's steps can be sent to two different servers on purpose.
    upstream essor_a {{ server 127.0.0.1:{port_a}; keepalive 4; }}
    upstream essor_b {{ server 127.0.0.1:{port_b}; keepalive 4; }}
    map $http_x_bench_server $essor_backend {{
        default essor;
        a essor_a;
        b essor_b;
    }}
    server {{
        listen 127.0.0.1:{port};
        # A little above ESSOR_UPLOAD_MAX_BYTES (10 MB): nginx refuses bigger bodies
        # before Django receives them (docs/configuration.md).
        client_max_body_size 12m;
        location / {{
            proxy_pass http://$essor_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            # Written by nginx itself (never the client's): Essor reads it through
            # ESSOR_CLIENT_IP_META_KEY=HTTP_X_REAL_IP for its per-address limits.
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Try the other server when one cannot be reached or answers 502/503.
            # nginx never resends a POST once it has reached a server (no
            # "non_idempotent" here): a vote the dead server may have recorded is
            # retried by the client, whose vote is an absolute value (idempotent).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


class Cluster:
    """Starts everything; ``kill_server``/``restart_server`` for the fault."""

    def __init__(self, *, database_url: str, workers: int, threads: int, verbose: bool = False):
        self.database_url = database_url
        self.workers, self.threads, self.verbose = workers, threads, verbose
        self.processes: dict[str, subprocess.Popen] = {}
        self.started_pg = None
        self.tmp = Path(tempfile.mkdtemp(prefix="essor-cluster-"))
        self.port = free_port()
        self.ports = {"a": free_port(), "b": free_port()}
        self.redis_url = ""
        self.env: dict[str, str] = {}

    # --- lifetime ---------------------------------------------------------------

    def __enter__(self):
        self._previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGHUP)
        }
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @staticmethod
    def _on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def close(self) -> None:
        for name in reversed(list(self.processes)):
            self._stop(name)
        if self.started_pg:
            subprocess.run(self.started_pg, check=False, capture_output=True)  # noqa: S603
        shutil.rmtree(self.tmp, ignore_errors=True)
        for sig, handler in getattr(self, "_previous", {}).items():
            signal.signal(sig, handler)

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()

    def _spawn(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 (closed with the folder)
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        self.processes[name] = process
        return process

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.tmp / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    # --- the services -------------------------------------------------------------

    def _start(self) -> None:
        self._postgresql()
        self._redis()
        static = self.tmp / "static"
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "essor.settings",
            "ESSOR_DEBUG": "false",
            "ESSOR_HTTPS": "false",
            "ESSOR_SECRET_KEY": "cluster-bench-only-secret-key-" + "c" * 40,
            "ESSOR_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ESSOR_STATIC_ROOT": str(static),
            "ESSOR_MEDIA_ROOT": str(self.tmp / "media"),
            "ESSOR_SIRENE_DIR": str(self.tmp / "sirene"),
            "ESSOR_SIRENE_INBOX": str(self.tmp / "sirene-inbox"),
            "ESSOR_DB_CONN_MAX_AGE": "60",
            "ESSOR_LOG_LEVEL": "WARNING",
            "ESSOR_CACHE": self.redis_url,
            "ESSOR_CACHE_KEY_PREFIX": f"essor-cluster-{os.getpid()}",
            "ESSOR_TASKS": "database",
            "ESSOR_CLIENT_IP_META_KEY": "HTTP_X_REAL_IP",
        }
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")

    def manage(self, *args: str) -> None:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")

    def start_services(self) -> None:
        """The servers, the worker and nginx (after the scenario's data is in place)."""
        for name in self.ports:
            self.start_server(name)
        self._spawn("worker", [PYTHON, "manage.py", "db_worker"], cwd=ROOT, env=self.env)
        self._nginx()

    def _postgresql(self) -> None:
        parts = urllib.parse.urlparse(self.database_url)
        if listening(parts.port or 5432):
            return
        # As .ci/run does: the Debian cluster of the newest installed version.
        versions = sorted(
            Path("/etc/postgresql").glob("*"), key=lambda p: [int(x) for x in p.name.split(".")]
        )
        if not versions:
            raise RuntimeError("PostgreSQL is neither running nor installed.")
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main"]
        subprocess.run([*command, "start"], check=True)  # noqa: S603
        self.started_pg = [*command, "stop"]
        wait_for(lambda: listening(parts.port or 5432), "PostgreSQL")

    def _redis(self) -> None:
        if listening(6379):
            self.redis_url = "redis://127.0.0.1:6379/3"
            return
        port = 6390 if not listening(6390) else free_port()
        self._spawn(
            "redis",
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.tmp)],
        )  # fmt: skip
        wait_for(lambda: listening(port), "Redis")
        self.redis_url = f"redis://127.0.0.1:{port}/0"

    def start_server(self, name: str) -> None:
        port = self.ports[name]
        command = [
            GUNICORN, "essor.wsgi", "-k", "gthread", "-w", str(self.workers),
            "--threads", str(self.threads), "-b", f"127.0.0.1:{port}",
            "--log-level", "warning", "--keep-alive", "75", "--graceful-timeout", "5",
        ]  # fmt: skip
        self._spawn(f"server-{name}", command, cwd=ROOT, env=self.env)
        wait_for(lambda: http_status(port, "/sante/") == 200, f"gunicorn {name}")

    def kill_server(self, name: str) -> None:
        """SIGKILL the master and its workers at once: no graceful anything."""
        process = self.processes.pop(f"server-{name}")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def _nginx(self) -> None:
        conf = self.tmp / "nginx.conf"
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(
            NGINX_CONF.format(
                tmp=self.tmp,
                user=user,
                port=self.port,
                port_a=self.ports["a"],
                port_b=self.ports["b"],
            )
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn(
            "nginx",
            [nginx, "-p", str(self.tmp), "-e", str(self.tmp / "nginx-error.log"), "-c", str(conf)],
        )
        wait_for(lambda: http_status(self.port, "/sante/") == 200, "nginx")

    def server_pids(self) -> list[int]:
        """gunicorn masters and workers of both servers (those alive now)."""
        masters = {p.pid for n, p in self.processes.items() if n.startswith("server-")}
        pids = set(masters)
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) in masters:
                    pids.add(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        return sorted(pids)


class CpuSampler:
    """CPU ticks of the gunicorn processes, sampled every 0.2 s: a killed server's
    ticks are kept up to its last sample (its /proc entry vanishes with it)."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.hz = os.sysconf("SC_CLK_TCK")
        self.last: dict[int, int] = {}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopped.wait(0.2):
            self.sample()

    def sample(self) -> None:
        from votes import _ticks

        for pid in self.cluster.server_pids():
            ticks = _ticks(pid)
            if ticks:
                with self.lock:
                    self.last[pid] = max(ticks, self.last.get(pid, 0))

    def total(self) -> float:
        """CPU seconds of every gunicorn process seen so far."""
        self.sample()
        with self.lock:
            return sum(self.last.values()) / self.hz

    def start(self):
        self.sample()
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
