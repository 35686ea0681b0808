"""Cluster test: two application servers behind nginx, a live workshop, a server killed.

Starts on 127.0.0.1, in a temporary folder removed at the end (also on Ctrl-C or a
failure): PostgreSQL (the one on 5432, started as .ci/run does if absent), Redis
(6379 if up, else its own on 6390), two gunicorn servers (ESSOR_DEBUG=false,
ESSOR_CACHE=redis://, ESSOR_TASKS=database), the task worker (manage.py db_worker)
and nginx balancing between the servers (bench/cluster_infra.py). Through nginx:

1. an organisations import uploaded and mapped on server A, confirmed on server B;
2. a background job (the SIRENE import) started, its progress page polled until done;
3. wrong passwords sent alternately to both servers: the login limit counts them all;
4. a live workshop at a human pace: participants join (the welcome page, 1-3 s to
   type a name, the form, the page), some propose an idea, the facilitator opens the
   dot vote, every phone loads the vote panel, then each puts one dot on three ideas,
   1-3 s apart, the first one double-clicked; the projector polls the results every
   2 s; in the middle of the vote, server A is killed (SIGKILL): clients retry after
   a connection error or nginx's 502, nginx sends them to server B;
5. server A restarted, the same pace of requests on a trivial view (/participer/ping/):
   the baseline of the stack.

Prints the latencies per kind of request (p50/p95/p99), the errors the clients saw,
the gunicorn CPU per vote next to the CPU per trivial request, and checks the votes
recorded equal the votes sent (zero lost, zero double). Exits 1 on a lost or doubled
vote or an unexpected error.

    .venv/bin/python bench/cluster.py [--participants 3000] [--quick]

DATABASE_URL names the scratch database (its name must contain "bench"; it is
dropped and recreated): postgres://postgres@127.0.0.1:5432/essor_bench_cluster by default.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cluster_checks  # noqa: E402
import votes as bench_votes  # noqa: E402 (database helpers)
from cluster_client import Phone, Pool, Scheduler, Stats  # noqa: E402
from cluster_infra import Cluster, CpuSampler  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/essor_bench_cluster"
IDEAS = 30
DOTS = 3
LOGIN_MAX_FAILURES = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=3000)
    parser.add_argument("--quick", action="store_true", help="60 participants (CI), about 2 min")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument(
        "--clients",
        type=int,
        default=256,
        help="client threads (enough that a slow answer delays only its own phone)",
    )
    parser.add_argument(
        "--join-rate", type=float, default=10, help="participants arriving per second"
    )
    parser.add_argument(
        "--rate", type=float, default=30, help="participants starting to vote per second"
    )
    parser.add_argument("--establishments", type=int, default=3000, help="size of the SIRENE job")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.participants = 60
        args.establishments = 1000
    return args


def setup(env: dict):
    """A process, a workshop of 30 ideas taking ideas, its facilitator; a platform admin."""
    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    from essor.accounts.models import User
    from essor.contributions.services import add_contribution
    from essor.processes.models import Membership, Process, Role
    from essor.workshops.services import create_workshop
    from essor.workspaces.models import Workspace

    facilitator = User.objects.create_user("animation@example.org", "bench-password-1")
    admin = User.objects.create_superuser("plateforme@example.org", "bench-password-2")
    User.objects.create_user("cible@example.org", "bench-password-3")
    workspace = Workspace.objects.create(name="Banc de la grappe", slug="grappe")
    process = Process.objects.create(workspace=workspace, title="Banc de la grappe")
    Membership.objects.create(process=process, user=facilitator, role=Role.FACILITATOR)
    workshop = create_workshop(process=process, title="Grand atelier")
    ideas = [
        add_contribution(process=process, workshop=workshop, text=f"Idée n° {n}").pk
        for n in range(1, IDEAS + 1)
    ]
    # A plan of 20 actions: its roadmap PDF is made by the worker (cluster_checks).
    from essor.plans import services as plans
    from essor.plans.services import ActionData

    plan = plans.create_plan(process=process, name="Feuille de route du banc", actor=facilitator)
    for n in range(1, 21):
        plans.create_action(
            plan=plan,
            data=ActionData(fields={"title": f"Action n° {n}", "description": "Décrite. " * 20}),
            actor=facilitator,
        )
    process.bench_plan = plan
    sessions = {}
    for name, user in (("facilitator", facilitator), ("admin", admin)):
        client = Client()
        client.force_login(user)
        sessions[name] = client.cookies["sessionid"].value
    return workspace, process, workshop, ideas, sessions


def address(n: int) -> str:
    """Phones spread over 127.0.x.y: a room's limits per address stay far away."""
    return f"127.0.{1 + n // 200}.{2 + n % 200}"


class Room:
    """The participants' side of the workshop, as steps for the scheduler."""

    def __init__(self, args, pool, stats, workshop, ideas):
        self.args, self.stats, self.code = args, stats, workshop.join_code
        self.phones = [Phone(pool, stats, address(n)) for n in range(args.participants)]
        rng = random.Random(11)  # noqa: S311 (a reproducible choice, not a secret)
        self.choices = [rng.sample(ideas, DOTS) for _ in self.phones]
        self.unexpected: Counter = Counter()
        self.refused: Counter = Counter()

    def pace(self, n: int) -> random.Random:
        return random.Random(n * 7 + 1)  # noqa: S311

    def window(self) -> float:
        """The vote: everyone starts within this many seconds once it is open."""
        return max(10.0, self.args.participants / self.args.rate)

    def join_window(self) -> float:
        return max(10.0, self.args.participants / self.args.join_rate)

    def expect(self, status, wanted, what) -> None:
        if status != wanted:
            self.unexpected[f"{what}: {status}"] += 1

    # Joining: welcome page, a name typed in 1-3 s, the form, the page; some propose an idea.
    def join_steps(self, n: int):
        phone, rng = self.phones[n], self.pace(n)
        path = f"/participer/{self.code}/"

        def welcome():
            token = phone.form_token("join: welcome (GET)", path)
            return (lambda: post(token)), rng.uniform(1, 3)

        def post(token):
            status, _html, _h = phone.request(
                "join (POST)",
                "POST",
                path,
                # the form's retry key (welcome.html): a join retried after a lost answer
                # finds the participant the first copy created (views.workshop_page)
                {"csrfmiddlewaretoken": token, "name": f"P{n}", "retry_key": retry_key(n)},
            )
            self.expect(status, 302, "join")
            status, _html, _h = phone.request("join: page (GET)", "GET", path)
            self.expect(status, 200, "join page")
            if n % 10 == 0:  # one in ten proposes an idea
                return idea, rng.uniform(1, 3)
            return None

        def idea():
            status, html, _h = phone.request(
                "idea (POST, htmx)",
                "POST",
                f"{path}idee/",
                # with the idea form's retry key: a retried idea is added once
                {"kind": "idea", "text": f"Une idée du participant {n}", "retry_key": retry_key(n)},
                {"HX-Request": "true", "X-CSRFToken": phone.cookies.get("csrftoken", "")},
            )
            self.expect(status, 200, "idea")
            return None

        return welcome

    def panel_step(self, n: int):
        """When the vote opens, every page fetches the vote panel: its poll (htmx, every
        5 s, with the state it shows) gets the part of the page that changed."""
        phone = self.phones[n]

        def load():
            status, html, _h = phone.request(
                "vote panel (GET, htmx)",
                "GET",
                f"/participer/{self.code}/direct/?state=not_started",
                headers={"HX-Request": "true"},
            )
            self.expect(status, 200, "vote panel")
            if "vote-panel" not in html:
                self.unexpected["vote panel missing"] += 1

        return load

    def vote_request(self, n: int, idea: int) -> None:
        phone = self.phones[n]
        status, html, _h = phone.request(
            "vote (POST, htmx)",
            "POST",
            f"/participer/{self.code}/vote/",
            # the "+" button: an absolute number of dots, and the sequence number the
            # page's script adds (participation/vote.js): a retry sends the same body
            {"vote": f"{idea}:1", "seq": str(time.time_ns() // 1000)},
            {"HX-Request": "true", "X-CSRFToken": phone.cookies.get("csrftoken", "")},
        )
        self.expect(status, 200, "vote")
        if "message-error" in html:
            self.refused[re.sub(r"<[^>]+>", "", html.split("message-error")[1][:200])[:80]] += 1

    def vote_steps(self, n: int, scheduler: Scheduler, kind: str = "vote"):
        """Three dots 1-3 s apart, the first one double-clicked (two requests at once)."""
        rng, chosen = self.pace(n), self.choices[n]
        send = self.vote_request if kind == "vote" else self.ping

        def step(index):
            if index == 0:
                scheduler.at(time.monotonic(), lambda: send(n, chosen[0]))  # the double click
            send(n, chosen[index])
            if index + 1 < DOTS:
                return (lambda: step(index + 1)), rng.uniform(1, 3)
            return None

        return lambda: step(0)

    def ping(self, n: int, _idea: int) -> None:
        status, _html, _h = self.phones[n].request(
            "trivial view (ping)", "GET", "/participer/ping/"
        )
        self.expect(status, 200, "ping")


def retry_key(n: int) -> str:
    """A form's retry key, as the pages hand out (random, 32 characters), per phone."""
    return f"bench{os.getpid():08d}{n:019d}"


def starts(count: int, window: float, seed: int) -> list[float]:
    """When each participant starts, spread evenly at random over the window."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible spread, not a secret)
    return [rng.uniform(0, window) for _ in range(count)]


def run_phase(args, stats, steps, extra=None) -> tuple[float, Scheduler]:
    """Run ``steps(scheduler)`` ((delay, step) pairs) to the end; wall time and scheduler."""
    scheduler = Scheduler(args.clients, stats)
    now = time.monotonic()
    for when, step in steps(scheduler):
        scheduler.at(now + when, step)
    if extra:
        extra(scheduler, now)
    return scheduler.run(), scheduler


def projector_steps(pool, stats, session, process, workshop, until):
    """The projector's results table, polled every 2 s with the version it shows."""
    projector = Phone(pool, stats)
    projector.cookies["sessionid"] = session
    path = [f"/participer/gestion/{process.pk}/{workshop.pk}/resultats/tableau/"]

    def poll():
        status, html, _h = projector.request(
            "projector (poll 2 s)", "GET", path[0], headers={"HX-Request": "true"}
        )
        if status == 200:
            path[0] = re.search(r'hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
        elif status != 204:
            stats.error("projector (poll 2 s)", status)
        return (poll, 2.0) if time.monotonic() < until[0] else None

    return poll


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point to PostgreSQL.")
    print(
        f"Cluster test: {args.participants} participants, 2 servers x {args.workers} workers "
        f"x {args.threads} threads; load average {os.getloadavg()[0]:.1f}"
    )
    bench_votes.recreate_database(url)
    try:
        with Cluster(database_url=url, workers=args.workers, threads=args.threads) as cluster:
            cluster.env["ESSOR_LOGIN_MAX_FAILURES"] = str(LOGIN_MAX_FAILURES)
            return scenario(args, cluster)
    finally:
        if not args.keep_db:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001, S110 (Django may not be set up yet)
                pass
            bench_votes.drop_database(url)


def checks(args, cluster, pool, stats, workspace, sessions, plan) -> list[str]:
    print("Checks through nginx:")
    admin = Phone(pool, stats)
    admin.cookies["sessionid"] = sessions["admin"]
    inbox = Path(cluster.env["ESSOR_SIRENE_INBOX"])
    return [
        *cluster_checks.import_across_servers(admin, workspace.pk),
        *cluster_checks.job_with_progress(admin, inbox, args.establishments),
        *cluster_checks.roadmap_pdf_job(admin, plan),
        *cluster_checks.login_limit_across_servers(
            Phone(pool, stats, "127.0.250.1"), "cible@example.org", LOGIN_MAX_FAILURES
        ),
    ]


def phase(room: Room, title: str) -> Stats:
    """A fresh set of figures for the next phase."""
    stats = Stats()
    stats.title = title
    for phone in room.phones:
        phone.stats = stats
    return stats


def report(stats: Stats, seconds: float, scheduler: Scheduler) -> None:
    lag = sorted(scheduler.lag)
    print(
        f"{stats.title}: {seconds:.1f} s (client lag p95 "
        f"{lag[int(0.95 * (len(lag) - 1))] * 1000:.0f} ms)"
    )
    print("\n".join(stats.lines(seconds)))
    if stats.reconnects:
        print(f"  kept connections found closed by nginx, reopened: {stats.reconnects}")


def scenario(args, cluster: Cluster) -> int:
    workspace, process, workshop, ideas, sessions = setup(cluster.env)
    cluster.start_services()
    print(
        f"  nginx :{cluster.port}, servers a :{cluster.ports['a']} and b :{cluster.ports['b']}, "
        f"cache {cluster.redis_url}, files in {cluster.tmp}"
    )
    cpu = CpuSampler(cluster).start()
    stats, pool = Stats(), Pool(cluster.port)
    problems = checks(args, cluster, pool, stats, workspace, sessions, process.bench_plan)
    count = args.participants
    room = Room(args, pool, stats, workshop, ideas)
    window = room.window()

    # 1. Joining at the pace of arrivals, 1-3 s to type a name; one in ten proposes an idea.
    arrivals = room.join_window()
    joined = phase(room, f"Joining ({count} participants arriving over {arrivals:.0f} s)")
    seconds, scheduler = run_phase(
        args,
        joined,
        lambda s: zip(starts(count, arrivals, 1), map(room.join_steps, range(count)), strict=True),
    )
    report(joined, seconds, scheduler)
    failures = scheduler.failures

    # 2. The facilitator opens the vote; every page loads the panel within a few seconds.
    facilitator = Phone(pool, stats)
    facilitator.cookies["sessionid"] = sessions["facilitator"]
    manage = f"/participer/gestion/{process.pk}/{workshop.pk}/"
    token = facilitator.form_token("facilitator", manage + "resultats/")
    status, _html, _h = facilitator.request(
        "facilitator", "POST", manage + "ouvrir/", {"csrfmiddlewaretoken": token}
    )
    if status != 302:
        problems.append(f"opening the vote answered {status}")
    opening = max(5.0, count / 100)
    panels = phase(room, f"Vote opened: every phone loads the panel within {opening:.0f} s")
    seconds, scheduler = run_phase(
        args,
        panels,
        lambda s: zip(starts(count, opening, 2), map(room.panel_step, range(count)), strict=True),
    )
    report(panels, seconds, scheduler)
    failures += scheduler.failures

    # 3. The vote, the projector polling; server A killed half-way. CPU over the phase.
    voted = phase(
        room, f"Vote ({count} x {DOTS} dots, the first double-clicked, over {window:.0f} s)"
    )
    until = [0.0]
    projector = projector_steps(pool, stats, sessions["facilitator"], process, workshop, until)

    def kill():
        cluster.kill_server("a")
        print(f"  server A killed (SIGKILL) {window / 2:.0f} s into the vote")

    def extra(scheduler, now):
        until[0] = now + window + 3 * DOTS
        scheduler.at(now, projector)
        scheduler.at(now + window / 2, kill)

    cpu_before = cpu.total()
    seconds, scheduler = run_phase(
        args,
        voted,
        lambda s: [(t, room.vote_steps(n, s)) for n, t in enumerate(starts(count, window, 3))],
        extra,
    )
    vote_cpu = cpu.total() - cpu_before
    report(voted, seconds, scheduler)
    print("\n".join(stats.lines(seconds, only="projector")))
    failures += scheduler.failures
    votes = len(voted.latencies["vote (POST, htmx)"])

    # 4. Server A back; the trivial view at the same pace, on the same cluster.
    cluster.start_server("a")
    time.sleep(6)  # nginx tries a failed server again after its fail_timeout (5 s)
    pinged = phase(room, "Trivial view (/participer/ping/) at the same pace")
    cpu_before = cpu.total()
    seconds, scheduler = run_phase(
        args,
        pinged,
        lambda s: [
            (t, room.vote_steps(n, s, "ping")) for n, t in enumerate(starts(count, window, 3))
        ],
    )
    ping_cpu = cpu.total() - cpu_before
    cpu.stop()
    report(pinged, seconds, scheduler)
    print(f"  answered by: {dict(pinged.upstreams)} (server A back in the pool)")
    failures += scheduler.failures
    pings = len(pinged.latencies["trivial view (ping)"])
    per_vote, per_ping = vote_cpu / max(votes, 1) * 1000, ping_cpu / max(pings, 1) * 1000
    print(
        f"gunicorn CPU per vote {per_vote:.2f} ms ({vote_cpu:.1f} s / {votes} votes, the "
        f"projector's polls included) against {per_ping:.2f} ms per trivial request "
        f"({ping_cpu:.1f} s / {pings}): {per_vote / max(per_ping, 0.001):.1f}x"
    )
    problems += check_votes(room, workshop, voted)
    errors = {
        kind: dict(counter)
        for figures in (stats, joined, panels, voted, pinged)
        for kind, counter in figures.errors.items()
        if counter
    }
    print(f"Errors seen by clients (each retried): {errors or 'none'}")
    if room.unexpected:
        problems.append(f"unexpected answers: {dict(room.unexpected)}")
    if failures:
        problems.append(f"requests failed after every retry: {dict(failures)}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("OK" if not problems else "FAILED")
    return 1 if problems else 0


def check_votes(room: Room, workshop, voted: Stats) -> list[str]:
    """Per-idea totals in the database equal the dots meant: zero lost, zero double."""
    from essor.contributions.models import Contribution
    from essor.participation.models import Participant, Vote

    expected = Counter(idea for chosen in room.choices for idea in chosen)
    totals, doubled = Counter(), 0
    for idea, points in Vote.objects.filter(participant__workshop_id=workshop.pk).values_list(
        "contribution_id", "points"
    ):
        totals[idea] += points
        doubled += points > 1
    participants = Participant.objects.filter(workshop_id=workshop.pk).count()
    ideas = Contribution.objects.filter(
        workshop_id=workshop.pk, text__startswith="Une idée du participant"
    ).count()
    proposed = sum(1 for n in range(len(room.phones)) if n % 10 == 0)
    lost, extra = sum((expected - totals).values()), sum((totals - expected).values())
    kind = "vote (POST, htmx)"
    print(
        f"Votes: {sum(expected.values())} dots meant, {len(voted.latencies[kind])} vote requests "
        f"answered after {voted.retries[kind]} retries, {sum(totals.values())} dots recorded: "
        f"{lost} lost, {extra} extra, {doubled} doubled; participants "
        f"{participants}/{len(room.phones)}; ideas proposed {ideas}/{proposed}"
    )
    problems = []
    if room.refused:
        problems.append(f"votes refused: {dict(room.refused)}")
    if lost or extra or doubled or participants != len(room.phones):
        problems.append("votes lost or doubled")
    if ideas != proposed:
        problems.append(f"{ideas} ideas recorded for {proposed} proposed")
    return problems


if __name__ == "__main__":
    sys.exit(main())
