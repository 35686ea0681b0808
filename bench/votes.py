"""Benchmark: 300 participants voting at once in one workshop (issue 3).

Starts Essor with gunicorn on a scratch PostgreSQL database, makes a process,
a workshop with 30 ideas and an open dot vote (3 dots each), has 300
participants join through the join page (each keeping its cookies), then
releases them together: each puts 1 dot on 3 ideas, its first vote sent
twice at once (a double click), while a projector polls the results
fragment every 2 seconds (like htmx: with the version it shows, 204 when
unchanged). Then the same load on a trivial view (/participer/ping/) gives
the baseline of the stack. Prints requests/s, p50/p95/p99 latencies, errors,
the CPU used by the client, gunicorn, PostgreSQL and the rest of the machine
(is the client the bottleneck? how loaded is the machine?), and checks the
totals in the database equal exactly what was sent.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/essor_bench .venv/bin/python bench/votes.py

Options: --participants 300 --workers 2 --threads 8 --port 8791 --spread 0 --keep-db
(--spread 30: participants start within 30 s and take 1-3 s between two votes,
closer to a real room than everyone at the same instant; the trivial view is
then requested at the same pace). Two workers: one process per core of this
2-core machine; the threads cover the waits on PostgreSQL.
The database named in DATABASE_URL is DROPPED and recreated: use a scratch one.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/essor_bench"
IDEAS = 30
VOTES_EACH = 3  # one dot on three different ideas


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument(
        "--spread",
        type=float,
        default=0,
        help="seconds over which participants start voting, with 1-3 s between two votes "
        "(0: everyone at the same instant, the worst burst)",
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database after")
    return parser.parse_args()


# --- database and server ------------------------------------------------------


def recreate_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database name must contain 'bench'.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def server_env(url: str, static_root: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "essor.settings",
        "ESSOR_DEBUG": "false",
        "ESSOR_HTTPS": "false",
        "ESSOR_SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
        "ESSOR_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ESSOR_STATIC_ROOT": static_root,
        "ESSOR_DB_CONN_MAX_AGE": "60",
        "ESSOR_LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def start_gunicorn(env: dict, args, keep_alive: int = 5) -> subprocess.Popen:
    """``keep_alive``: seconds an idle connection stays open (a phone polling every
    5 s keeps its connection with 75, as behind nginx)."""
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            sys.exit(f"Port {args.port} is already in use: choose another one with --port.")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "essor.wsgi", "-k", "gthread",
        "-w", str(args.workers), "--threads", str(args.threads),
        "-b", f"127.0.0.1:{args.port}", "--log-level", "warning", "--keep-alive", str(keep_alive),
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    for _ in range(100):
        if server.poll() is not None:
            sys.exit("gunicorn stopped at start.")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/participer/ping/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start.")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


# --- HTTP clients ---------------------------------------------------------------


class Browser:
    """One phone: its own connection (keep-alive), cookies and source address."""

    def __init__(self, port: int, source_ip: str = "127.0.0.1"):
        self.port, self.source_ip = port, source_ip
        self.cookies: dict[str, str] = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=60, source_address=(self.source_ip, 0)
                )
            try:
                started = time.perf_counter()
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - started
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, data.decode("utf-8", "replace"), elapsed

    def csrf_form(self, path) -> str:
        status, html, _ = self.request("GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}")
        return match.group(1)


# --- who uses the CPU -------------------------------------------------------------


def _ticks(pid: int) -> int:
    """User + system clock ticks of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _server_pids(master: int) -> list[int]:
    pids = [master]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def _machine_busy() -> int:
    """Clock ticks every core spent not idle, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(values) - values[3] - values[4]  # minus idle and iowait


class CpuMeter:
    """CPU seconds of the bench client, of gunicorn (master and workers), and of the
    rest of the machine (PostgreSQL, other users) during one phase: tells whether
    the client, not the server, is what limits the figures."""

    def __init__(self, server_pid: int, url: str):
        self.server_pid, self.url = server_pid, url
        self.hz = os.sysconf("SC_CLK_TCK")

    def _backends(self) -> dict[int, int]:
        """Ticks of the PostgreSQL backends serving the benchmark's database."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            pids = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).fetchall()
        return {pid: _ticks(pid) for (pid,) in pids}

    def __enter__(self):
        self.wall = time.perf_counter()
        self.client = sum(os.times()[:2])
        self.pids = _server_pids(self.server_pid)
        self.server = sum(_ticks(pid) for pid in self.pids)
        self.busy = _machine_busy()
        self.database = self._backends()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.client = sum(os.times()[:2]) - self.client
        self.server = (sum(_ticks(pid) for pid in self.pids) - self.server) / self.hz
        self.busy = (_machine_busy() - self.busy) / self.hz
        after = self._backends()
        self.database = sum(t - self.database.get(pid, 0) for pid, t in after.items()) / self.hz

    def line(self, requests: int, unit: str = "request") -> str:
        rest = max(self.busy - self.client - self.server - self.database, 0)
        idle = max(self.wall * os.cpu_count() - self.busy, 0)
        return (
            f"  CPU over {self.wall:.1f} s x {os.cpu_count()} cores: bench client "
            f"{self.client:.1f} s, gunicorn {self.server:.1f} s, PostgreSQL (this database) "
            f"{self.database:.1f} s, rest of the machine (other users) {rest:.1f} s, "
            f"idle {idle:.1f} s\n"
            f"  per {unit}: gunicorn {self.server / requests * 1000:.1f} ms CPU, "
            f"PostgreSQL {self.database / requests * 1000:.1f} ms CPU (the load of the "
            f"machine changes the latencies, much less these)"
        )


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000


def summary(name, latencies, errors, seconds):
    return (
        f"{name:<22} {len(latencies):>6} req  {len(latencies) / seconds:>8.1f} req/s  "
        f"p50 {percentile(latencies, 0.50):6.1f} ms  p95 {percentile(latencies, 0.95):6.1f} ms  "
        f"p99 {percentile(latencies, 0.99):6.1f} ms  max {max(latencies) * 1000:6.1f} ms  "
        f"errors {errors}"
    )


def run_together(jobs):
    """Start every job in its own thread at the same instant; wall time of the burst."""
    barrier = threading.Barrier(len(jobs) + 1)
    threads = [threading.Thread(target=lambda j=job: (barrier.wait(), j())) for job in jobs]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


# --- the scenario ---------------------------------------------------------------


def setup_workshop(args):
    """Process, workshop with 30 ideas, an open dot vote; a facilitator's session cookie."""
    import django

    django.setup()
    from django.test import Client

    from essor.accounts.models import User
    from essor.contributions.services import add_contribution
    from essor.participation.services import open_vote
    from essor.processes.models import Membership, Process, Role
    from essor.workshops.services import create_workshop

    facilitator = User.objects.create_user("bench@example.org", "bench-password-1")
    from essor.workspaces.models import Workspace

    workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
    process = Process.objects.create(workspace=workspace, title="Banc d'essai")
    Membership.objects.create(process=process, user=facilitator, role=Role.FACILITATOR)
    workshop = create_workshop(process=process, title="Atelier de 300 personnes")
    ideas = [
        add_contribution(process=process, workshop=workshop, text=f"Idée n° {n}").pk
        for n in range(1, IDEAS + 1)
    ]
    open_vote(workshop, actor=facilitator)
    client = Client()
    client.force_login(facilitator)
    return process, workshop, ideas, client.cookies["sessionid"].value


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point to PostgreSQL.")
    static_root = tempfile.mkdtemp(prefix="essor-bench-static-")
    env = server_env(url, static_root)
    os.environ.update(env)
    print(
        f"Database {url}; gunicorn -w {args.workers} -k gthread --threads {args.threads}; "
        f"{args.participants} participants, votes spread over {args.spread:g} s"
    )
    recreate_database(url)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    process, workshop, ideas, session = setup_workshop(args)
    server = start_gunicorn(env, args)
    try:
        report = bench(args, process, workshop, ideas, session, CpuMeter(server.pid, url))
    finally:
        stop(server)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(url)
    sys.exit(0 if report else 1)


def bench(args, process, workshop, ideas, session, cpu) -> bool:
    code, count = workshop.join_code, args.participants
    # 1. Everyone joins through the join page; phones spread over 50 source addresses.
    # A join is three requests: the welcome page (CSRF token), the POST, and the
    # workshop page it redirects to (the vote panel); each is timed on its own.
    phones = [Browser(args.port, f"127.0.0.{2 + n % 50}") for n in range(count)]
    steps = {"join: welcome (GET)": [], "join (POST)": [], "join: page (GET)": []}
    join_errors = Counter()

    def join(phone, n):
        if args.spread:
            time.sleep(random.Random(n).uniform(0, args.spread))  # noqa: S311
        status, html, elapsed = phone.request("GET", f"/participer/{code}/")
        steps["join: welcome (GET)"].append(elapsed)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not match:
            join_errors[status] += 1
            return
        status, _html, elapsed = phone.request(
            "POST", f"/participer/{code}/", {"csrfmiddlewaretoken": match.group(1), "name": f"P{n}"}
        )
        steps["join (POST)"].append(elapsed)
        if status != 302 or "essor_participant" not in phone.cookies:
            join_errors[status] += 1
        status, html, elapsed = phone.request("GET", f"/participer/{code}/")
        steps["join: page (GET)"].append(elapsed)
        if status != 200 or "vote-panel" not in html:
            join_errors[status] += 1

    with cpu:
        seconds = run_together([lambda p=p, n=n: join(p, n) for n, p in enumerate(phones)])
    for name, latencies in steps.items():
        print(summary(name, latencies, sum(join_errors.values()), seconds))
    print(f"  {count / seconds:.1f} joins/s (3 requests each)")
    print(cpu.line(count, "join (3 requests)"))

    # 2. The vote: 3 dots each, first one double-clicked, projector polling meanwhile.
    expected = Counter()
    plans = []
    rng = random.Random(3)  # noqa: S311 (a reproducible choice of ideas, not a secret)
    for _phone in phones:
        chosen = rng.sample(ideas, VOTES_EACH)
        expected.update(chosen)
        plans.append(chosen)
    vote_latencies, vote_errors, refused = [], Counter(), Counter()
    done = threading.Event()

    def send(phone, idea):
        status, html, elapsed = phone.request(
            "POST",
            f"/participer/{code}/vote/",
            {"vote": f"{idea}:1"},  # what the "+" button posts: the new number of dots
            {"HX-Request": "true", "X-CSRFToken": phone.cookies.get("csrftoken", "")},
        )
        vote_latencies.append(elapsed)
        if status != 200:
            vote_errors[status] += 1
        elif "message-error" in html:
            refused[re.sub(r"<[^>]+>", "", html.split("message-error")[1][:200])[:80]] += 1

    def vote(phone, chosen):
        pace = random.Random(id(phone))  # noqa: S311
        if args.spread:
            time.sleep(pace.uniform(0, args.spread))
        twin = Browser(args.port, phone.source_ip)  # the double click's second request
        twin.cookies = dict(phone.cookies)
        first = threading.Thread(target=send, args=(twin, chosen[0]))
        first.start()
        for index, idea in enumerate(chosen):
            if args.spread and index:
                time.sleep(pace.uniform(1, 3))  # reading the next idea
            send(phone, idea)
        first.join()

    projector = Browser(args.port)
    projector.cookies["sessionid"] = session
    projector_latencies, projector_errors = [], Counter()

    unchanged = Counter()

    def poll():
        # Like htmx: the next poll asks the URL of the last table shown (with its
        # version); 204 means unchanged.
        path = f"/participer/gestion/{process.pk}/{workshop.pk}/resultats/tableau/"
        while not done.is_set():
            status, html, elapsed = projector.request("GET", path, headers={"HX-Request": "true"})
            projector_latencies.append(elapsed)
            if status == 200:
                path = re.search(r'hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
            elif status == 204:
                unchanged["204"] += 1
            else:
                projector_errors[status] += 1
            done.wait(2)

    poller = threading.Thread(target=poll)
    poller.start()
    jobs = [lambda p=p, c=c: vote(p, c) for p, c in zip(phones, plans, strict=True)]
    with cpu:
        seconds = run_together(jobs)
    done.set()
    poller.join()
    print(summary("vote (POST, htmx)", vote_latencies, sum(vote_errors.values()), seconds))
    print(
        summary(
            "projector (poll 2 s)", projector_latencies, sum(projector_errors.values()), seconds
        )
    )
    print(f"  projector: {unchanged['204']} polls answered 204 (unchanged)")
    print(cpu.line(len(vote_latencies)))
    if vote_errors or refused:
        print(f"  HTTP errors: {dict(vote_errors)}; refused votes: {dict(refused)}")

    # 3. Baseline: the same burst on a trivial view of the same stack.
    ping_latencies, ping_errors = [], Counter()

    def ping(phone):
        pace = random.Random(id(phone))  # noqa: S311
        if args.spread:
            time.sleep(pace.uniform(0, args.spread))
        for index in range(VOTES_EACH + 1):
            if args.spread and index:
                time.sleep(pace.uniform(1, 3))  # the same pace as the votes
            status, _html, elapsed = phone.request("GET", "/participer/ping/")
            ping_latencies.append(elapsed)
            if status != 200:
                ping_errors[status] += 1

    with cpu:
        seconds = run_together([lambda p=p: ping(p) for p in phones])
    print(summary("trivial view (ping)", ping_latencies, sum(ping_errors.values()), seconds))
    print(cpu.line(len(ping_latencies)))
    ratio = statistics.median(vote_latencies) / statistics.median(ping_latencies)
    print(f"vote p50 / trivial p50 = {ratio:.1f}")

    # 4. Nothing lost, nothing counted twice.
    from essor.participation.models import Participant, Vote

    totals = Counter()
    for contribution_id, points in Vote.objects.filter(
        participant__workshop_id=workshop.pk
    ).values_list("contribution_id", "points"):
        totals[contribution_id] += points
    participants = Participant.objects.filter(workshop_id=workshop.pk).count()
    ok = totals == expected and participants == count
    print(
        f"participants {participants}/{count}; dots recorded {sum(totals.values())}, "
        f"sent {sum(expected.values())}; per-idea totals "
        + ("identical: zero lost or double-counted votes" if totals == expected else "DIFFER")
    )
    return ok


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
