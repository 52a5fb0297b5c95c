"""Periodic jobs run once per period across replicas (issue 18, "Scheduled work").

Replicas are threads with their own engines here, racing on one real database: of every period exactly
one claims it, whichever engine, and a replica ticking a little early does not run a period twice.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from servicekit import db, scheduled

PERIOD = dt.timedelta(minutes=5)
START = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def engines(database_url):
    first = db.make_engine(database_url)
    scheduled.scheduled_runs.metadata.create_all(first)
    second = db.make_engine(database_url)
    yield first, second
    first.dispose()
    second.dispose()


def test_one_replica_claims_each_period(engines):
    first, second = engines
    assert scheduled.claim_period(first, "sweep", PERIOD, START, "a")
    assert not scheduled.claim_period(second, "sweep", PERIOD, START, "b")
    assert not scheduled.claim_period(second, "sweep", PERIOD, START + dt.timedelta(minutes=2), "b")
    assert not scheduled.claim_period(second, "sweep", PERIOD, START + PERIOD / 2, "b")
    # B's timer drifted and fires 20 s before a full period after A's run: B runs the next period, and
    # A's own tick for that period, on time, finds it taken.
    early = START + PERIOD - dt.timedelta(seconds=20)
    assert scheduled.claim_period(second, "sweep", PERIOD, early, "b")
    assert not scheduled.claim_period(first, "sweep", PERIOD, START + PERIOD, "a")
    # Another job has its own periods.
    assert scheduled.claim_period(second, "reminders", PERIOD, START, "b")


def test_replicas_racing_for_many_periods_run_each_once(engines, database_url):
    first, second = engines
    periods = 40
    wins: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def replica(engine, holder):
        for index in range(periods):
            barrier.wait(timeout=30)  # both replicas tick at the same instant
            if scheduled.claim_period(engine, "sweep", PERIOD, START + PERIOD * index, holder):
                wins[holder].append(index)

    threads = [threading.Thread(target=replica, args=args) for args in ((first, "a"), (second, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(wins["a"] + wins["b"]) == list(range(periods))


def test_periodic_skips_a_period_another_replica_holds(engines):
    first, second = engines
    runs = []
    now = START
    replica_a = scheduled.Periodic(
        "sweep", PERIOD.total_seconds(), lambda: runs.append("a"), engine=first, clock=lambda: now
    )
    replica_b = scheduled.Periodic(
        "sweep", PERIOD.total_seconds(), lambda: runs.append("b"), engine=second, clock=lambda: now
    )
    assert replica_a.run_once() == "ran"
    assert replica_b.run_once() == "skipped"
    now = START + PERIOD
    assert replica_b.run_once() == "ran"
    assert runs == ["a", "b"]


def test_a_failing_job_is_counted_and_the_next_period_runs(engines):
    first, _ = engines
    now = START
    attempts = []

    def job():
        attempts.append(now)
        if len(attempts) == 1:
            raise RuntimeError("database hiccup")

    periodic = scheduled.Periodic("sweep", PERIOD.total_seconds(), job, engine=first, clock=lambda: now)
    assert periodic.run_once() == "failed"
    now = START + PERIOD
    assert periodic.run_once() == "ran"
