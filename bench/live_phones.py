"""Phones following a live session, and the delay of a phone's idea to the projector (issue 13).

Starts Essor with gunicorn (ESSOR_DEBUG=false, 2 workers x 8 threads) on SQLite in a
temporary folder removed at the end, or on the PostgreSQL database named by
--database-url (dropped and recreated: its name must contain "bench"). A workshop of
two questions, the first on screen; N phones (default 300) join through the page as
a browser does (welcome page, form, page; from 127.0.x.y addresses). Then, for
--duration seconds (default 120):

- every phone polls its page's poll (/direct/, with the versions its page shows,
  following the poller each answer gives) at the page's own interval, read from the
  page (hx-trigger="every 5s");
- --ideas ideas (default 300) are sent by phones taken at random, at random times,
  as the page's form does (htmx POST, under the question the phone shows);
- one projector polls the live state at presentation.js's own interval (read from
  the script: 1.5 s), as it does (version, last idea, cards shown, time of the last
  answer);
- the facilitator starts a 5-minute timer at a third of the time and shows the
  next question at two thirds: every phone then gets the new session panel.

Prints the delay from the start of an idea's POST to the projector's first answer
holding it (median, p95, max), the latencies per kind of request, the bytes a phone
downloads per minute (mean: status line, headers and body of every answer, not
compressed: gunicorn alone, no nginx gzip), the first load of the page, and the CPU
seconds of gunicorn. Exits 1 when an idea never reached the projector or a request
failed.

    .venv/bin/python bench/live_phones.py [--phones 300] [--duration 120] [--ideas 300]
    .venv/bin/python bench/live_phones.py --database-url postgres://postgres@127.0.0.1:5432/essor_bench_live
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import votes as bench_votes  # noqa: E402 (database, gunicorn and CPU helpers)
from cluster import address, retry_key, starts  # noqa: E402
from cluster_client import Phone, Pool, Scheduler, Stats, percentile  # noqa: E402
from cluster_infra import free_port  # noqa: E402

POLLER = re.compile(r'id="live-poll" hx-get="([^"]+)" hx-trigger="every (\d+)s"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--duration", type=float, default=120, help="seconds of session")
    parser.add_argument("--ideas", type=int, default=300, help="ideas sent during the session")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--clients", type=int, default=48, help="client threads")
    parser.add_argument("--join-rate", type=float, default=20, help="phones joining per second")
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    return parser.parse_args()


def setup(env: dict):
    """A process, a workshop of two questions (the first on screen), its facilitator's session."""
    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    from essor.accounts.models import User
    from essor.processes.models import Membership, Process, Role
    from essor.workshops import live
    from essor.workshops.services import create_workshop
    from essor.workspaces.models import Workspace

    facilitator = User.objects.create_user("animation@example.org", "bench-password-1")
    workspace = Workspace.objects.create(name="Banc des téléphones", slug="telephones")
    process = Process.objects.create(workspace=workspace, title="Banc des téléphones")
    Membership.objects.create(process=process, user=facilitator, role=Role.FACILITATOR)
    workshop = create_workshop(
        process=process,
        title="Grand atelier",
        questions=["Quels besoins des structures ?", "Quelles coopérations ?"],
    )
    live.set_question(workshop, workshop.questions.first().pk, actor=facilitator)
    client = Client()
    client.force_login(facilitator)
    return process, workshop, client.cookies["sessionid"].value


def wire_bytes(status: int, headers, body) -> int:
    """What came over the connection: status line, headers, body."""
    return len(f"HTTP/1.1 {status} OK\r\n") + len(headers.as_string()) + len(body)


class Session:
    """The phones, the projector and the facilitator, as steps for the scheduler."""

    def __init__(self, args, port, process, workshop, session_cookie):
        self.args, self.code, self.workshop = args, workshop.join_code, workshop
        self.live_path = f"/demarches/{process.pk}/ateliers/{workshop.pk}/"
        self.stats = Stats()
        self.pool = Pool(port)
        self.phones = [Phone(self.pool, self.stats, address(n)) for n in range(args.phones)]
        self.polls: list[str] = [""] * args.phones
        self.bytes = [0] * args.phones
        self.counting = False
        self.empty = 0
        self.static_bytes = 0
        self.facilitator = Phone(self.pool, self.stats, "127.0.250.1")
        self.facilitator.cookies["sessionid"] = session_cookie
        self.lock = threading.Lock()
        self.sent: dict[str, float] = {}  # idea text -> when its POST started
        self.delays: dict[str, float] = {}
        self.problems: list[str] = []
        self.poll_every = 5.0
        self.projector_every = 1.5

    def request(self, n: int, kind: str, method: str, path: str, body=None, headers=None):
        status, text, answer = self.phones[n].request(kind, method, path, body, headers, raw=True)
        if self.counting:
            self.bytes[n] += wire_bytes(status, answer, text)
        if status >= 400:
            self.stats.error(kind, status)
        return status, text.decode("utf-8", "replace")

    # --- joining ------------------------------------------------------------------

    def join(self, n: int) -> int:
        """Welcome page, form, page: the bytes of a first load (static files aside)."""
        page = f"/participer/{self.code}/"
        phone, loaded = self.phones[n], 0
        status, html, headers = phone.request("join: welcome (GET)", "GET", page, raw=True)
        loaded += wire_bytes(status, headers, html)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html.decode()).group(1)
        form = {"csrfmiddlewaretoken": token, "name": f"P{n}", "retry_key": retry_key(n)}
        status, html, headers = phone.request("join (POST)", "POST", page, form, raw=True)
        loaded += wire_bytes(status, headers, html)
        status, html, headers = phone.request("join: page (GET)", "GET", page, raw=True)
        loaded += wire_bytes(status, headers, html)
        found = POLLER.search(html.decode())
        if status != 200 or not found:
            raise RuntimeError(f"phone {n}: page {status} without its poller")
        self.polls[n] = found.group(1).replace("&amp;", "&")
        self.poll_every = float(found.group(2))
        if n == 0:  # the static files the page loads, once
            for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html.decode()):
                status, body, headers = phone.request("static file (GET)", "GET", path, raw=True)
                self.static_bytes += wire_bytes(status, headers, body)
        return loaded

    # --- the session ----------------------------------------------------------------

    def poll_step(self, n: int, until: float):
        def poll():
            status, html = self.request(
                n, "phone poll (GET, htmx)", "GET", self.polls[n], headers={"HX-Request": "true"}
            )
            if status == 200:
                self.polls[n] = POLLER.search(html).group(1).replace("&amp;", "&")
            elif status == 204:
                with self.lock:
                    self.empty += 1
            else:
                self.problems.append(f"phone poll: {status}")
            return (poll, self.poll_every) if time.monotonic() < until else None

        return poll

    def idea_step(self, n: int, number: int):
        def send():
            text = f"Idée n° {number} du téléphone {n}"
            session = self.polls[n].split("session=")[1].split("&")[0].split(".")
            form = {
                "kind": "idea",
                "text": text,
                "question": session[1],
                "retry_key": f"bench{os.getpid():08d}p{n:06d}i{number:06d}",
            }
            with self.lock:
                self.sent[text] = time.monotonic()
            headers = {
                "HX-Request": "true",
                "X-CSRFToken": self.phones[n].cookies.get("csrftoken", ""),
            }
            status, _html = self.request(
                n, "idea (POST, htmx)", "POST", f"/participer/{self.code}/idee/", form, headers
            )
            if status != 200:
                self.problems.append(f"idea: {status}")

        return send

    def projector_step(self, until: float):
        """presentation.js's poll: ?v=&since=&n=&at=, applying what comes back."""
        projector = Phone(self.pool, self.stats, "127.0.250.2")
        projector.cookies = dict(self.facilitator.cookies)
        shown = {"version": "", "last": 0, "cards": set(), "at": "", "question": None}

        def poll():
            started = time.monotonic()
            path = (
                f"{self.live_path}presentation/etat/?v={shown['version']}&since={shown['last']}"
                f"&n={len(shown['cards'])}&at={shown['at']}"
            )
            status, body, _h = projector.request("projector poll (GET)", "GET", path)
            received, again = time.monotonic(), False
            if status == 200:
                again = self.apply(shown, json.loads(body), received)
            elif status != 204:
                self.problems.append(f"projector poll: {status}")
            if time.monotonic() >= until:
                return None
            if again:
                return poll, 0.0
            return poll, max(0.0, self.projector_every - (time.monotonic() - started))

        return poll

    def apply(self, shown: dict, data: dict, received: float) -> bool:
        """As presentation.js; True when it must ask again at once (another question)."""
        question = data["question"]["id"] if data["question"] else None
        shown["version"], shown["at"] = data["version"], data["at"]
        if question != shown["question"] and not data["full"]:
            shown.update(version="", last=0, cards=set(), question=question)
            return True
        if data["full"]:
            shown.update(last=0, cards=set(), question=question)
        shown["cards"] -= set(data["hidden"])
        if "kept" in data:
            shown["cards"] &= set(data["kept"])
        for idea in data["ideas"]:
            shown["cards"].add(idea["id"])
            shown["last"] = max(shown["last"], idea["id"])
            with self.lock:
                if idea["text"] in self.sent and idea["text"] not in self.delays:
                    self.delays[idea["text"]] = received - self.sent[idea["text"]]
        return False

    def facilitator_action(self, **fields):
        def act():
            token = self.facilitator.form_token("console (GET)", f"{self.live_path}console/")
            status, _b, _h = self.facilitator.request(
                "console action (POST)", "POST", f"{self.live_path}console/action/",
                {"csrfmiddlewaretoken": token, **fields}, {"Accept": "application/json"},
            )  # fmt: skip
            if status != 200:
                self.problems.append(f"console action {fields}: {status}")

        return act


def read_projector_interval() -> float:
    script = (ROOT / "essor/workshops/static/workshops/presentation.js").read_text()
    return int(re.search(r"setInterval\(poll, (\d+)\)", script).group(1)) / 1000


def run(args, env, server) -> int:
    process, workshop, cookie = setup(env)
    port = int(env["ESSOR_BENCH_PORT"])
    session = Session(args, port, process, workshop, cookie)
    session.projector_every = read_projector_interval()
    # 1. The phones join (not counted in the per-minute figures).
    scheduler = Scheduler(args.clients, session.stats)
    first_loads: list[int] = []
    window = max(5.0, args.phones / args.join_rate)
    now = time.monotonic()
    for n, when in enumerate(starts(args.phones, window, seed=3)):
        scheduler.at(now + when, lambda n=n: first_loads.append(session.join(n)))
    joined = scheduler.run()
    if scheduler.failures:
        print(f"Join failures: {dict(scheduler.failures)}")
        return 1
    print(
        f"{args.phones} phones joined in {joined:.1f} s; the page polls every "
        f"{session.poll_every:g} s, the projector every {session.projector_every:g} s"
    )

    # 2. The session: polls, ideas, the projector, the facilitator.
    session.stats = Stats()
    for phone in session.phones:
        phone.stats = session.stats
    scheduler = Scheduler(args.clients, session.stats)
    rng = random.Random(5)  # noqa: S311 (a reproducible session, not a secret)
    now = time.monotonic()
    until = now + args.duration
    for n in range(args.phones):
        scheduler.at(now + rng.uniform(0, session.poll_every), session.poll_step(n, until))
    for number, when in enumerate(starts(args.ideas, args.duration - 5, seed=7)):
        scheduler.at(now + when, session.idea_step(rng.randrange(args.phones), number))
    scheduler.at(now, session.projector_step(until + 5))
    scheduler.at(
        now + args.duration / 3, session.facilitator_action(action="timer", op="set", minutes="5")
    )
    scheduler.at(
        now + args.duration / 3 + 1, session.facilitator_action(action="timer", op="start")
    )
    scheduler.at(now + 2 * args.duration / 3, session.facilitator_action(action="next"))
    ticks = sum(bench_votes._ticks(pid) for pid in bench_votes._server_pids(server.pid))
    session.counting = True
    wall = scheduler.run()
    session.counting = False
    cpu = (
        sum(bench_votes._ticks(pid) for pid in bench_votes._server_pids(server.pid)) - ticks
    ) / os.sysconf("SC_CLK_TCK")
    return report(args, session, scheduler, wall, cpu, first_loads)


def report(args, session, scheduler, wall, cpu, first_loads) -> int:
    delays = list(session.delays.values())
    missing = len(session.sent) - len(delays)
    print(f"\nSession of {wall:.0f} s, {args.phones} phones, {len(session.sent)} ideas sent:")
    print("\n".join(session.stats.lines(wall)))
    if delays:
        print(
            f"\nIdea from a phone to the projector ({len(delays)} ideas): median "
            f"{statistics.median(delays):.2f} s, p95 {percentile(delays, 0.95) / 1000:.2f} s, "
            f"max {max(delays):.2f} s  (goal: under 2 s)"
        )
    if missing:
        from essor.contributions.models import Contribution

        unseen = set(session.sent) - set(session.delays)
        on_screen = session.workshop.__class__.objects.get(pk=session.workshop.pk)
        elsewhere = Contribution.objects.filter(text__in=unseen).exclude(
            question_id=on_screen.current_question_id
        )
        session.problems += ["an idea under the question on screen never shown"] * (
            missing - elsewhere.count()
        )
        print(
            f"  {elsewhere.count()} ideas not on the projector: sent under the previous "
            f"question by phones that had not polled since the facilitator changed it"
        )
    per_minute = [b / (args.duration / 60) for b in session.bytes]
    print(
        f"Bytes a phone downloads per minute: mean {statistics.mean(per_minute) / 1000:.1f} kB "
        f"(max {max(per_minute) / 1000:.1f} kB); first load of the page "
        f"{statistics.mean(first_loads) / 1000:.1f} kB (welcome page, form, page) and "
        f"{session.static_bytes / 1000:.1f} kB of static files (kept by the browser after)"
    )
    requests = sum(len(v) for v in session.stats.latencies.values())
    polls = session.stats.latencies["phone poll (GET, htmx)"]
    print(f"  ({len(polls)} polls, of which {session.empty} empty 204 answers)")
    print(
        f"gunicorn CPU: {cpu:.1f} s over {wall:.0f} s ({cpu / requests * 1000:.2f} ms "
        f"per request); client lag p95 {percentile(scheduler.lag, 0.95):.0f} ms"
    )
    failed = scheduler.failures or session.problems or any(session.stats.errors.values())
    if failed:
        errors = {kind: dict(counts) for kind, counts in session.stats.errors.items()}
        print(f"Problems: {dict(scheduler.failures)} {session.problems[:5]} {errors}")
    return 1 if failed else 0


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="essor-live-phones-"))
    url = args.database_url or f"sqlite:///{tmp / 'essor.sqlite3'}"
    if args.database_url:
        bench_votes.recreate_database(url)
    args.port = free_port()
    env = bench_votes.server_env(url, str(tmp / "static"))
    env["ESSOR_BENCH_PORT"] = str(args.port)
    server = None
    try:
        bench_votes.manage(env, "migrate", "--noinput")
        bench_votes.manage(env, "collectstatic", "--noinput")
        server = bench_votes.start_gunicorn(env, args, keep_alive=75)
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"gunicorn {args.workers} workers x {args.threads} threads on {database}; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        return run(args, env, server)
    finally:
        if server is not None:
            bench_votes.stop(server)
        if args.database_url:
            from django.db import connections

            connections.close_all()
            bench_votes.drop_database(url)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
