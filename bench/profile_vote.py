"""Profile one vote request and the projector's results fragment, in process.

Production-like settings (ESSOR_DEBUG=false: cached template loader, no debug
toolbar), PostgreSQL: a scratch database (its name must contain "bench") is
dropped, recreated and migrated, then the same workshop as bench/votes.py
(30 ideas, open dot vote, 3 dots each). Prints the SQL queries of one vote
(htmx and without JavaScript) and of one results fragment, the mean time of
each in this process, and the cProfile's most expensive functions for votes.
With --join: the same for a participant joining (the welcome page, the join
POST with its CSRF token, the workshop page it is redirected to).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/essor_bench_profile \\
        .venv/bin/python bench/profile_vote.py [--votes 300] [--top 25] [--join]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import votes as bench_votes  # noqa: E402 (the benchmark's own set-up helpers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=300, help="votes profiled (3 per participant)")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--join", action="store_true", help="profile joins (GET, POST, GET) instead of votes"
    )
    parser.add_argument(
        "--panel",
        action="store_true",
        help="profile the vote panel fetched by every phone when the vote opens",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/essor_bench_profile")
    env = bench_votes.server_env(url, tempfile.mkdtemp(prefix="essor-profile-static-"))
    os.environ.update(env)
    bench_votes.recreate_database(url)
    bench_votes.manage(env, "migrate", "--noinput")
    bench_votes.manage(env, "collectstatic", "--noinput")
    try:
        (profile_join if args.join else profile_panel if args.panel else profile)(args)
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            bench_votes.drop_database(url)


def _phone(code: str, n: int):
    from django.test import Client

    phone = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=f"127.0.0.{2 + n % 50}")
    response = phone.post(f"/participer/{code}/", {"name": f"P{n}"})
    assert response.status_code == 302, response.status_code
    return phone


def _show_queries(title: str, queries) -> None:
    print(f"\n{title}: {len(queries)} SQL queries")
    for query in queries:
        print("   ", query["sql"][:150])


def profile(args) -> None:
    process, workshop, ideas, session = bench_votes.setup_workshop(args)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    code = workshop.join_code
    htmx = {"HTTP_HX_REQUEST": "true"}
    vote_url = f"/participer/{code}/vote/"
    phones = [_phone(code, n) for n in range(max(args.votes // 3, 2))]

    # The SQL of one vote: the first dot (htmx), the third (no dot left), without JavaScript.
    with CaptureQueriesContext(connection) as first:
        response = phones[0].post(vote_url, {"vote": f"{ideas[0]}:1"}, **htmx)
    size_first = len(response.content)
    phones[0].post(vote_url, {"vote": f"{ideas[1]}:1"}, **htmx)
    with CaptureQueriesContext(connection) as last:
        response = phones[0].post(vote_url, {"vote": f"{ideas[2]}:1"}, **htmx)
    size_last = len(response.content)
    with CaptureQueriesContext(connection) as nojs:
        phones[1].post(vote_url, {"vote": f"{ideas[0]}:1"})
    _show_queries(f"vote, htmx, first dot ({size_first} bytes answered)", first.captured_queries)
    print(f"vote, htmx, last dot: {len(last.captured_queries)} queries, {size_last} bytes")
    _show_queries("vote without JavaScript (POST then redirect)", nojs.captured_queries)

    projector = Client(HTTP_HOST="127.0.0.1")
    projector.cookies["sessionid"] = session
    fragment_url = f"/participer/gestion/{process.pk}/{workshop.pk}/resultats/tableau/"
    with CaptureQueriesContext(connection) as results:
        response = projector.get(fragment_url, **htmx)
    _show_queries(
        f"results fragment ({len(response.content)} bytes, status {response.status_code})",
        results.captured_queries,
    )

    # CPU of this process per vote, without the profiler, next to a trivial view's: half
    # the phones put their 3 dots (the other half is profiled below).
    half = len(phones[2:]) // 2
    cpu, count = time.process_time(), 0
    for n, phone in enumerate(phones[2 : 2 + half]):
        for k in range(3):
            phone.post(vote_url, {"vote": f"{ideas[(n + 7 * k) % len(ideas)]}:1"}, **htmx)
            count += 1
    per_vote = (time.process_time() - cpu) / max(count, 1) * 1000
    cpu = time.process_time()
    for phone in phones[2 : 2 + half]:
        for _k in range(3):
            phone.get("/participer/ping/")
    per_ping = (time.process_time() - cpu) / max(count, 1) * 1000
    print(
        f"\nCPU in this process (test client included): {per_vote:.2f} ms per htmx vote, "
        f"{per_ping:.2f} ms per trivial request (/participer/ping/): {per_vote / per_ping:.1f}x"
    )
    phones = phones[:2] + phones[2 + half :]

    # Time and profile: every other phone puts its 3 dots. The profile counts this
    # process's CPU time (not the wall clock: waits on PostgreSQL are not this
    # process's work, and on a shared machine they follow the other users).
    profiler = cProfile.Profile(time.process_time)
    count, started = 0, time.perf_counter()
    profiler.enable()
    for n, phone in enumerate(phones[2:]):
        for k in range(3):
            phone.post(vote_url, {"vote": f"{ideas[(n + 7 * k) % len(ideas)]}:1"}, **htmx)
            count += 1
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"\n{count} htmx votes in {elapsed:.2f} s: {elapsed / count * 1000:.1f} ms per vote")
    started = time.perf_counter()
    for _ in range(50):
        projector.get(fragment_url, **htmx)
    print(f"results fragment: {(time.perf_counter() - started) / 50 * 1000:.1f} ms per poll")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


def _join_once(phone, code: str, n: int, timings: dict | None = None, queries: dict | None = None):
    """A new phone joining as bench/votes.py does: GET the welcome page, POST the
    form with its CSRF token, GET the page it is redirected to (the vote panel).
    Adds each step's time to ``timings`` and its SQL queries to ``queries``.
    ``phone`` is one test Client whose cookies are emptied: a Client per phone
    would load the middleware each time (WhiteNoise scans the static files)."""
    import contextlib
    import re
    from http.cookies import SimpleCookie

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    phone.cookies = SimpleCookie()
    phone.defaults["REMOTE_ADDR"] = f"127.0.0.{2 + n % 50}"

    def step(name, send):
        capture = CaptureQueriesContext(connection) if queries is not None else None
        started = time.perf_counter()
        with capture if capture is not None else contextlib.nullcontext():
            response = send()
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        if capture is not None:
            queries[name] = (response, capture.captured_queries)
        return response

    welcome = step("welcome GET", lambda: phone.get(f"/participer/{code}/"))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', welcome.content)
    form = {"csrfmiddlewaretoken": token.group(1).decode(), "name": f"P{n}"}
    joined = step("join POST", lambda: phone.post(f"/participer/{code}/", form))
    assert joined.status_code == 302, joined.status_code
    page = step("page GET", lambda: phone.get(joined["Location"]))
    assert page.status_code == 200 and b"vote-panel" in page.content


def profile_join(args) -> None:
    _process, workshop, _ideas, _session = bench_votes.setup_workshop(args)
    from django.test import Client

    code = workshop.join_code
    phone = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    _join_once(phone, code, 0)  # warm the template and URL caches
    queries: dict = {}
    _join_once(phone, code, 1, queries=queries)
    for name, (response, captured) in queries.items():
        size = len(response.content)
        _show_queries(f"{name} (status {response.status_code}, {size} bytes)", captured)
    count = max(args.votes // 3, 2)
    timings: dict = {}
    started = time.perf_counter()
    for n in range(2, count + 2):
        _join_once(phone, code, n, timings)
    elapsed = time.perf_counter() - started
    print(f"\n{count} joins without the profiler: {elapsed / count * 1000:.1f} ms per join")
    for name, seconds in timings.items():
        print(f"  {name}: {seconds / count * 1000:.1f} ms")
    timings = {}
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for n in range(count + 2, 2 * count + 2):
        _join_once(phone, code, n, timings)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"\n{count} joins under cProfile: {elapsed / count * 1000:.1f} ms per join")
    for name, seconds in timings.items():
        print(f"  {name}: {seconds / count * 1000:.1f} ms")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


def profile_panel(args) -> None:
    """The moment a vote opens: every phone's poll (htmx, /direct/) gets the vote
    panel; the SQL of one, the CPU of this process per poll against the whole page
    and the trivial view, and cProfile's top functions."""
    _process, workshop, _ideas, _session = bench_votes.setup_workshop(args)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    code = workshop.join_code
    htmx = {"HTTP_HX_REQUEST": "true"}
    live = f"/participer/{code}/direct/?state=not_started"
    phones = [_phone(code, n) for n in range(max(args.votes // 3, 2))]
    phones[0].get(live, **htmx)  # warm the caches (templates, the shared vote list)
    with CaptureQueriesContext(connection) as captured:
        response = phones[1].get(live, **htmx)
    assert b"vote-panel" in response.content
    _show_queries(
        f"vote panel, htmx poll ({len(response.content)} bytes)", captured.captured_queries
    )
    timings = {}
    for name, send in [
        ("poll (htmx fragment)", lambda phone: phone.get(live, **htmx)),
        ("whole page", lambda phone: phone.get(f"/participer/{code}/")),
        ("trivial view", lambda phone: phone.get("/participer/ping/")),
    ]:
        cpu = time.process_time()
        for phone in phones:
            send(phone)
        timings[name] = (time.process_time() - cpu) / len(phones) * 1000
    print("\nCPU in this process per request (test client included):")
    for name, ms in timings.items():
        print(f"  {name}: {ms:.2f} ms ({ms / timings['trivial view']:.1f}x the trivial view)")
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for phone in phones:
        phone.get(live, **htmx)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
