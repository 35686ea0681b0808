"""Votes fired in parallel, on PostgreSQL (row locks are what is tested).

SQLite has no row locks and serialises writers differently, so this module
only runs on PostgreSQL; CI runs the whole suite on PostgreSQL too.
"""

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from essor.contributions.services import add_contribution
from essor.participation import services
from essor.participation.models import Vote

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency of votes is tested on PostgreSQL only (DATABASE_URL=postgres://...).",
    ),
    pytest.mark.django_db(transaction=True),
]


def _run_together(jobs):
    """Run every callable in its own thread, released at the same instant."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            job()
            outcomes[index] = "ok"
        except services.VoteError as exc:
            outcomes[index] = exc.code
        except Exception as exc:  # e.g. an IntegrityError: the test must show it
            outcomes[index] = repr(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def many_ideas(open_workshop, cast):
    return [
        add_contribution(process=cast.process, workshop=open_workshop, text=f"Idée {n}")
        for n in range(10)
    ]


def test_twenty_parallel_requests_of_one_participant_never_exceed_the_dots(
    open_workshop, participant, many_ideas
):
    assert open_workshop.dots_per_participant == 3
    jobs = [
        (lambda idea=many_ideas[i % 10]: services.set_dots(participant, idea, 2)) for i in range(20)
    ]
    outcomes = _run_together(jobs)
    assert services.dots_used(participant) == 2  # one idea got 2 dots; 2 more never fit in 3
    assert Vote.objects.filter(participant=participant).count() == 1
    assert Counter(outcomes)["too_many"] >= 18
    assert set(outcomes) <= {"ok", "too_many"}


def test_twenty_participants_voting_in_parallel_lose_and_double_nothing(open_workshop, many_ideas):
    participants = [services.join_workshop(open_workshop, name=f"P{n}") for n in range(20)]
    expected = Counter()
    jobs = []
    for n, participant in enumerate(participants):
        first, second = many_ideas[n % 10], many_ideas[(n + 3) % 10]
        expected[first.pk] += 1
        expected[second.pk] += 2

        def vote(participant=participant, first=first, second=second):
            services.set_dots(participant, first, 1)
            services.set_dots(participant, second, 2)

        jobs += [vote, vote]  # every participant double-clicks: both requests race
    outcomes = _run_together(jobs)
    assert outcomes == ["ok"] * len(jobs)
    totals = Counter()
    for contribution_id, points in Vote.objects.values_list("contribution_id", "points"):
        totals[contribution_id] += points
    assert totals == expected
    assert Vote.objects.count() == 40
    for participant in participants:
        assert services.dots_used(participant) == 3


def test_numbered_presses_sent_at_once_end_on_the_newest_one(open_workshop, participant, ideas):
    # a phone's "+" and "−" on one idea, numbered, arriving in any order at once
    # (retries after a network loss): whatever the order, the newest number wins
    values = {seq: (seq * 7) % 4 for seq in range(1, 13)}  # 0 to 3 dots
    jobs = [
        (lambda seq=seq, dots=dots: services.put_dots(participant, ideas[0], dots, seq=seq))
        for seq, dots in values.items()
    ]
    outcomes = _run_together(jobs)
    assert set(outcomes) == {"ok"}
    vote = Vote.objects.filter(participant=participant, contribution=ideas[0]).first()
    assert (vote.points if vote else 0) == values[12]
    assert services.put_dots(participant, ideas[0], 1, seq=11).stale


def test_a_join_and_an_idea_sent_twice_at_once_create_one_each(open_workshop, participant):
    from django.test import Client

    from essor.contributions.models import Contribution
    from essor.participation.models import Participant

    code = open_workshop.join_code

    def join():
        Client().post(f"/participer/{code}/", {"name": "Sam", "retry_key": "k" * 32})

    assert _run_together([join, join]) == ["ok", "ok"]
    assert Participant.objects.filter(name="Sam").count() == 1

    def idea():
        services.add_participant_idea(
            participant,
            "i" * 32,
            process=open_workshop.process,
            workshop=open_workshop,
            text="Une cantine",
        )

    assert _run_together([idea, idea, idea]) == ["ok", "ok", "ok"]
    assert Contribution.objects.filter(text="Une cantine").count() == 1
