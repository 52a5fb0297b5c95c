"""Group commit (servicekit.group_commit) and the Idempotency-Key rules per batch
(servicekit.idempotency_batch.settle_batch), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from servicekit import db, idempotency, idempotency_batch
from servicekit.errors import Aborted, Unavailable, Unprocessable
from servicekit.group_commit import GroupCommitter

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(database_url):
    metadata = db.new_metadata()
    things = sa.Table(
        "things",
        metadata,
        sa.Column("name", sa.String(50), primary_key=True),
    )
    keys = idempotency.define_table(metadata)
    engine = db.make_engine(database_url)
    metadata.create_all(engine)
    yield engine, things, keys
    engine.dispose()


def names(engine, things) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(sa.select(things.c.name)).scalars())


class HeldWriter:
    """A write function whose first batch waits for `release`, so that what is submitted meanwhile
    queues up and is written as one batch next."""

    def __init__(self, things):
        self.things = things
        self.batches: list[list[str]] = []
        self.first_started = threading.Event()
        self.release = threading.Event()

    def __call__(self, connection, items):
        if not self.batches:
            self.first_started.set()
            self.release.wait(10)
        self.batches.append(list(items))
        connection.execute(self.things.insert(), [{"name": name} for name in items])
        return [f"stored {name}" for name in items]


def submit_in_threads(committer, items) -> tuple[dict, list[threading.Thread]]:
    results: dict = {}

    def one(item):
        try:
            results[item] = committer.submit(item)
        except Exception as error:  # noqa: BLE001 - kept for the assertion
            results[item] = error

    threads = [threading.Thread(target=one, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    return results, threads


def wait_queued(committer, count: int) -> None:
    for _ in range(500):
        if committer._queue.qsize() >= count:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{count} items never queued")


def test_a_bad_item_fails_only_its_own_request(world):
    engine, things, _keys = world
    writer = HeldWriter(things)
    committer = GroupCommitter(engine, writer, name="test")
    first, first_threads = submit_in_threads(committer, ["first"])
    assert writer.first_started.wait(10)
    # "first" again: its primary key is taken, which fails the whole batch it shares with the others.
    results, threads = submit_in_threads(committer, ["a", "b", "first", "c"])
    wait_queued(committer, 4)
    writer.release.set()
    for thread in first_threads + threads:
        thread.join(10)
    committer.close(10)
    assert first == {"first": "stored first"}
    assert sorted(map(len, writer.batches)) == [1, 1, 1, 1, 1, 4], "one batch of four, then one by one"
    assert isinstance(results.pop("first"), sa.exc.IntegrityError)
    assert results == {"a": "stored a", "b": "stored b", "c": "stored c"}
    assert names(engine, things) == ["a", "b", "c", "first"]


def test_close_writes_what_is_queued_then_refuses(world):
    engine, things, _keys = world
    writer = HeldWriter(things)
    committer = GroupCommitter(engine, writer, name="test")
    results, threads = submit_in_threads(committer, ["q0"])
    assert writer.first_started.wait(10)
    more, more_threads = submit_in_threads(committer, [f"q{n}" for n in range(1, 8)])
    wait_queued(committer, 7)
    closing = threading.Thread(target=committer.close, args=(10,))
    closing.start()
    writer.release.set()
    closing.join(10)
    for thread in threads + more_threads:
        thread.join(10)
    assert {**results, **more} == {f"q{n}": f"stored q{n}" for n in range(8)}
    assert names(engine, things) == [f"q{n}" for n in range(8)]
    with pytest.raises(Unavailable):
        committer.submit("late")


def test_many_threads_each_answered_after_its_commit(world):
    engine, things, _keys = world

    def write(connection, items):
        connection.execute(things.insert(), [{"name": item} for item in items])
        return items

    committer = GroupCommitter(engine, write, name="test")
    seen_at_answer: dict[str, bool] = {}

    def one(n):
        name = f"n{n:03d}"
        committer.submit(name)
        with engine.connect() as connection:  # another connection: only what is committed
            seen_at_answer[name] = (
                connection.execute(sa.select(things.c.name).where(things.c.name == name)).first() is not None
            )

    threads = [threading.Thread(target=one, args=(n,)) for n in range(120)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    committer.close(10)
    assert len(seen_at_answer) == 120 and all(seen_at_answer.values())
    assert len(names(engine, things)) == 120


# -- the Idempotency-Key rules per batch ---------------------------------------------------------


def keyed(key: str, body: str = "body", scope: str = "citizen-1") -> idempotency_batch.KeyedRequest:
    return idempotency_batch.KeyedRequest(scope, key, "test.Create", idempotency.fingerprint("test.Create", body))


def settle(engine, keys, entries, now=NOW):
    with engine.begin() as connection:
        return idempotency_batch.settle_batch(connection, keys, entries, now)


def test_a_key_twice_in_one_batch_gets_the_first_answer_and_another_body_422(world):
    engine, _things, keys = world
    outcomes = settle(
        engine,
        keys,
        [
            (keyed("k1"), b"first"),
            (keyed("k1"), b"second"),
            (keyed("k1", body="other"), b"third"),
            (None, b"no key"),
            (keyed("k1", scope="citizen-2"), b"another caller's key"),
        ],
    )
    assert outcomes[0] is idempotency_batch.RUN
    assert outcomes[1] == idempotency_batch.Replay(b"first")
    assert isinstance(outcomes[2], Unprocessable)
    assert outcomes[3] is idempotency_batch.RUN and outcomes[4] is idempotency_batch.RUN


def test_after_commit_a_retry_replays_and_another_body_is_422(world):
    engine, _things, keys = world
    assert settle(engine, keys, [(keyed("k1"), b"answer")]) == [idempotency_batch.RUN]
    again = settle(engine, keys, [(keyed("k1"), b"not used"), (keyed("k1", body="other"), b"x")])
    assert again[0] == idempotency_batch.Replay(b"answer")
    assert isinstance(again[1], Unprocessable) and again[1].reason == "idempotency_key_reused"
    with engine.connect() as connection:
        assert idempotency_batch.stored_answer(connection, keys, keyed("k1"), NOW) == b"answer"
        assert idempotency_batch.stored_answer(connection, keys, keyed("k2"), NOW) is None
        with pytest.raises(Unprocessable):
            idempotency_batch.stored_answer(connection, keys, keyed("k1", body="other"), NOW)


def test_an_expired_key_is_used_again_and_a_dead_first_attempt_taken_over(world):
    engine, _things, keys = world
    settle(engine, keys, [(keyed("old"), b"long ago")])
    later = NOW + idempotency.RETENTION + dt.timedelta(seconds=1)
    assert settle(engine, keys, [(keyed("old", body="new body"), b"new")], now=later) == [idempotency_batch.RUN]
    with engine.begin() as connection:  # a first attempt of the one-request path, killed before its commit
        connection.execute(
            keys.insert().values(
                {
                    **idempotency_batch._done_row(keyed("dead"), b"", NOW),
                    "state": idempotency.RUNNING,
                    "response": None,
                    "locked_until": NOW + idempotency.LEASE,
                }
            )
        )
    [running] = settle(engine, keys, [(keyed("dead"), b"retry")])
    assert isinstance(running, Aborted) and running.reason == "idempotency_request_in_progress"
    assert settle(engine, keys, [(keyed("dead"), b"retry")], now=NOW + idempotency.LEASE) == [idempotency_batch.RUN]
    with engine.connect() as connection:
        assert idempotency_batch.stored_answer(connection, keys, keyed("dead"), NOW + idempotency.LEASE) == b"retry"


def test_postgresql_a_key_another_replica_inserts_at_the_same_time_is_409(postgres_admin_url):
    from servicekit import testing

    with testing.scratch_postgres_database(postgres_admin_url) as url:
        metadata = db.new_metadata()
        keys = idempotency.define_table(metadata)
        replica_a, replica_b = db.make_engine(url), db.make_engine(url)
        metadata.create_all(replica_a)
        try:
            outcome = {}
            with replica_a.begin() as first:
                assert idempotency_batch.settle_batch(first, keys, [(keyed("race"), b"from a")], NOW) == [
                    idempotency_batch.RUN
                ]

                def other_replica():  # waits on A's uncommitted row, then finds it taken
                    outcome["b"] = settle(replica_b, keys, [(keyed("race"), b"from b"), (keyed("free"), b"b")])

                racing = threading.Thread(target=other_replica)
                racing.start()
                racing.join(1)
                assert racing.is_alive(), "B waits for A's transaction"
            racing.join(10)
            taken, free = outcome["b"]
            assert isinstance(taken, Aborted) and taken.reason == "idempotency_request_in_progress"
            assert free is idempotency_batch.RUN
            with replica_b.connect() as connection:
                assert idempotency_batch.stored_answer(connection, keys, keyed("race"), NOW) == b"from a"
        finally:
            replica_a.dispose()
            replica_b.dispose()
