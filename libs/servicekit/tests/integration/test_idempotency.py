"""One Idempotency-Key implementation, on SQLite and PostgreSQL (issue 12)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from google.protobuf import wrappers_pb2

from servicekit import db, idempotency, messaging
from servicekit.errors import Aborted, InvalidArgument, Unprocessable
from servicekit.uow import SqlAlchemyUnitOfWork

NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(database_url):
    metadata = db.new_metadata()
    things = sa.Table(
        "things",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(50)),
    )
    keys = idempotency.define_table(metadata)
    engine = db.make_engine(database_url)
    metadata.create_all(engine)
    messaging.create_tables(engine)
    clock = {"now": NOW}
    sessions = db.session_factory(engine)

    def create(uow, name: str) -> wrappers_pb2.StringValue:
        """A use case that commits on its own, as the services' do."""
        with uow:
            if name == "bad":
                raise InvalidArgument("invalid_argument")
            new_id = uow.session.execute(things.insert().values(name=name)).inserted_primary_key[0]
            uow.add_event("gorontalo.test.thing.created", {"id": new_id}, subject=str(new_id))
            uow.commit()
        return wrappers_pb2.StringValue(value=f"thing-{new_id}")

    def call(name: str, key: str, scope: str = "citizen-1", operation: str = "test.Create"):
        uow = SqlAlchemyUnitOfWork(sessions, source="test")  # one per request, as servicers make them
        request = wrappers_pb2.StringValue(value=name)
        return idempotency.run(
            uow,
            keys,
            scope=scope,
            key=key,
            operation=operation,
            request=request,
            response_class=wrappers_pb2.StringValue,
            call=lambda: create(uow, name),
            clock=lambda: clock["now"],
        )

    def count() -> int:
        with engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(things)).scalar_one()

    yield {"call": call, "count": count, "clock": clock, "engine": engine, "keys": keys}
    engine.dispose()


def test_same_key_same_request_gives_the_first_answer_and_creates_once(world):
    first = world["call"]("Toko Binte", "key-1")
    again = world["call"]("Toko Binte", "key-1")
    assert again == first and world["count"]() == 1


def test_same_key_other_request_is_422(world):
    world["call"]("Toko Binte", "key-1")
    with pytest.raises(Unprocessable) as refused:
        world["call"]("Toko Lain", "key-1")
    assert refused.value.http_status == 422 and refused.value.reason == "idempotency_key_reused"
    with pytest.raises(Unprocessable):
        world["call"]("Toko Binte", "key-1", operation="test.Other")  # another operation: another request
    assert world["count"]() == 1


def test_keys_belong_to_their_caller(world):
    world["call"]("Toko Binte", "key-1", scope="citizen-1")
    world["call"]("Toko Binte", "key-1", scope="citizen-2")
    assert world["count"]() == 2


def test_without_a_key_every_call_creates(world):
    world["call"]("Toko Binte", "")
    world["call"]("Toko Binte", "")
    assert world["count"]() == 2


def test_a_failed_request_releases_its_key(world):
    with pytest.raises(InvalidArgument):
        world["call"]("bad", "key-1")
    assert world["call"]("bad-fixed", "key-2").value.startswith("thing-")
    with pytest.raises(InvalidArgument):
        world["call"]("bad", "key-1")  # the same failing request again fails again, it is not a 409


def test_409_while_the_first_is_running_then_taken_over_after_the_lease(world):
    # A first attempt claimed the key and its process died before committing.
    with world["engine"].begin() as connection:
        connection.execute(
            world["keys"]
            .insert()
            .values(
                scope="citizen-1",
                key="key-1",
                operation="test.Create",
                fingerprint=idempotency.fingerprint("test.Create", wrappers_pb2.StringValue(value="Toko Binte")),
                state=idempotency.RUNNING,
                response=None,
                locked_until=NOW + idempotency.LEASE,
                expires_at=NOW + idempotency.RETENTION,
            )
        )
    with pytest.raises(Aborted) as busy:
        world["call"]("Toko Binte", "key-1")
    assert busy.value.reason == "idempotency_request_in_progress" and 1 <= busy.value.retry_after <= 5
    world["clock"]["now"] = NOW + idempotency.LEASE + dt.timedelta(seconds=1)
    assert world["call"]("Toko Binte", "key-1").value.startswith("thing-")
    assert world["count"]() == 1


def test_keys_are_kept_24_hours(world):
    first = world["call"]("Toko Binte", "key-1")
    world["clock"]["now"] = NOW + idempotency.RETENTION + dt.timedelta(seconds=1)
    second = world["call"]("Toko Binte", "key-1")
    assert second != first and world["count"]() == 2


def test_the_answer_is_committed_with_the_state_change(world):
    """If storing the answer fails, the thing it reports is not created either."""
    original = idempotency.IdempotencyRecords.complete

    def broken(self, scope, key, response):
        raise RuntimeError("disk full")

    idempotency.IdempotencyRecords.complete = broken
    try:
        with pytest.raises(RuntimeError):
            world["call"]("Toko Binte", "key-1")
    finally:
        idempotency.IdempotencyRecords.complete = original
    assert world["count"]() == 0
    with world["engine"].connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(world["keys"])).scalar_one() == 0


def test_concurrent_first_requests_create_once(world):
    results, errors = [], []

    def attempt():
        try:
            results.append(world["call"]("Toko Binte", "key-race"))
        except Aborted as error:
            errors.append(error)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert world["count"]() == 1
    assert len(results) + len(errors) == 4 and len({r.value for r in results}) == 1


@pytest.mark.parametrize("raw", ["a" * 256, "kunci dengan spasi", "ключ"])
def test_malformed_keys_are_refused(raw):
    with pytest.raises(InvalidArgument) as refused:
        idempotency.parse_key(raw)
    assert refused.value.violations[0].field == "Idempotency-Key"
    assert idempotency.parse_key("  550e8400-e29b-41d4-a716-446655440000 ") == "550e8400-e29b-41d4-a716-446655440000"
