"""The clients of bench/cluster.py: phones with their cookies and source addresses,
connections to nginx kept per address, retries after a dropped connection, the
figures per kind of request, and a scheduler running thousands of participants at a
human pace on a few dozen threads (one thread per phone would cost the client more
CPU than the servers it measures)."""

from __future__ import annotations

import heapq
import http.client
import itertools
import re
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from http.cookies import SimpleCookie

RETRIED_STATUSES = {502, 503, 504}  # nginx's answers when a server died mid-request
MAX_ATTEMPTS = 6


def percentile(values, share) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000


class Stats:
    """Latencies, HTTP errors, connection errors and retries, per kind of request."""

    def __init__(self, title: str = ""):
        self.title = title
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, Counter] = defaultdict(Counter)
        self.retries: Counter = Counter()
        self.upstreams: Counter = Counter()
        self.reconnects = 0  # kept connections found closed, reopened silently

    def record(self, kind: str, seconds: float, status: int, upstream: str) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.upstreams[upstream] += 1

    def error(self, kind: str, what) -> None:
        with self.lock:
            self.errors[kind][what] += 1

    def reconnect(self) -> None:
        with self.lock:
            self.reconnects += 1

    def retry(self, kind: str) -> None:
        with self.lock:
            self.retries[kind] += 1

    def lines(self, seconds: float, only: str = "") -> list[str]:
        out = []
        for kind in sorted(k for k in self.latencies if k.startswith(only)):
            values = self.latencies[kind]
            out.append(
                f"  {kind:<24} {len(values):>6} req {len(values) / seconds:>7.1f}/s  "
                f"p50 {percentile(values, 0.5):7.1f}  p95 {percentile(values, 0.95):7.1f}  "
                f"p99 {percentile(values, 0.99):7.1f}  max {max(values) * 1000:7.1f} ms  "
                f"retries {self.retries[kind]}  errors {dict(self.errors[kind]) or 0}"
            )
        return out


class Pool:
    """Idle keep-alive connections to nginx, per source address."""

    def __init__(self, port: int):
        self.port = port
        self.idle: dict[str, list[http.client.HTTPConnection]] = defaultdict(list)
        self.lock = threading.Lock()

    def take(
        self, source_ip: str, *, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        """(a connection, whether it was kept from an earlier request)."""
        with self.lock:
            if self.idle[source_ip] and not fresh:
                return self.idle[source_ip].pop(), True
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(source_ip, 0)
        )
        return connection, False

    def give_back(self, source_ip: str, conn) -> None:
        with self.lock:
            self.idle[source_ip].append(conn)


class Phone:
    """One browser: its cookies and its source address; requests go through the pool."""

    def __init__(self, pool: Pool, stats: Stats, source_ip: str = "127.0.0.1"):
        self.pool, self.stats, self.source_ip = pool, stats, source_ip
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()  # a double click's two requests read the cookies at once

    def request(self, kind, method, path, body=None, headers=None, *, retry=True, raw=False):
        """(status, text, headers), the body as bytes with ``raw``. Retries on a connection
        error or a 502/503/504 from nginx, as a phone whose connection dropped does (the
        vote is idempotent)."""
        headers = {"Host": "127.0.0.1", **(headers or {})}
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        stale = False
        for attempt in range(1, MAX_ATTEMPTS + 1):
            conn, reused = self.pool.take(self.source_ip, fresh=stale)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError) as exc:
                conn.close()
                if reused and not stale:
                    # A kept connection that nginx closed meanwhile (idle too long):
                    # a browser reconnects without a word; so does this client.
                    stale = True
                    self.stats.reconnect()
                    continue
                self.stats.error(kind, f"connection: {type(exc).__name__}")
                if not retry or attempt == MAX_ATTEMPTS:
                    raise
                self.stats.retry(kind)
                time.sleep(0.2 * attempt)
                continue
            elapsed = time.perf_counter() - started
            if response.will_close:
                conn.close()
            else:
                self.pool.give_back(self.source_ip, conn)
            if response.status in RETRIED_STATUSES and retry and attempt < MAX_ATTEMPTS:
                self.stats.error(kind, response.status)
                self.stats.retry(kind)
                time.sleep(0.2 * attempt)
                continue
            break
        self.stats.record(kind, elapsed, response.status, response.getheader("X-Upstream", ""))
        with self.lock:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
        return response.status, data if raw else data.decode("utf-8", "replace"), response.headers

    def form_token(self, kind: str, path: str, headers=None) -> str:
        status, html, _headers = self.request(kind, "GET", path, headers=headers)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}")
        return match.group(1)


class Scheduler:
    """Runs steps at given times on a few threads. A step is a callable returning the
    delay before the same actor's next step (None: the actor is done)."""

    def __init__(self, threads: int, stats: Stats):
        self.heap: list = []
        self.counter = itertools.count()
        self.cv = threading.Condition()
        self.threads = threads
        self.stats = stats
        self.pending = 0
        self.failures: Counter = Counter()
        self.lag: list[float] = []  # how late steps started: is the client keeping up?

    def at(self, when: float, step) -> None:
        with self.cv:
            heapq.heappush(self.heap, (when, next(self.counter), step))
            self.pending += 1
            self.cv.notify()

    def _worker(self) -> None:
        while True:
            with self.cv:
                while True:
                    if not self.heap:
                        if self.pending == 0:
                            self.cv.notify_all()
                            return
                        self.cv.wait(0.5)
                        continue
                    when, _n, step = self.heap[0]
                    delay = when - time.monotonic()
                    if delay <= 0:
                        heapq.heappop(self.heap)
                        break
                    self.cv.wait(min(delay, 0.5))
            self.lag.append(max(0.0, time.monotonic() - when))
            try:
                following = step()
            except Exception as exc:  # noqa: BLE001 (counted and shown: the bench goes on)
                following = None
                self.failures[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
            if following is not None:  # queued before this step counts as done
                follow_step, follow_delay = following
                self.at(time.monotonic() + follow_delay, follow_step)
            with self.cv:
                self.pending -= 1
                self.cv.notify_all()

    def run(self) -> float:
        """Run until no step is left; the wall time."""
        started = time.monotonic()
        workers = [threading.Thread(target=self._worker) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return time.monotonic() - started
