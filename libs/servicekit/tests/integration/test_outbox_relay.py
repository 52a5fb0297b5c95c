"""The outbox relay (servicekit.bus.EventBus) against a real nats-server and both databases."""

from __future__ import annotations

import collections
import datetime as dt
import json
import time

import pytest
import sqlalchemy as sa

from servicekit import db, messaging, outbox_relay, testing
from servicekit.bus import EventBus, backoff_seconds
from servicekit.logging import request_id_var
from servicekit.uow import SqlAlchemyUnitOfWork

SOURCE = "/gorontalo/servicekit-tests"
TYPE = "gorontalo.test.thing.created.v1"


def write_events(sessions, count: int, type_: str = TYPE) -> list[dict]:
    with sessions() as session, session.begin():
        return [
            messaging.record_event(
                session, source=SOURCE, type_=type_, data={"n": n, "name": "Limboto"}, subject=f"thing-{n}"
            )
            for n in range(count)
        ]


def published_ids(rows) -> set[str]:
    return {row.event_id for row in rows if row.published_at is not None}


# -- the outbox in the database, without NATS -------------------------------------------


def test_record_event_writes_one_unpublished_row_per_event(sessions, outbox_rows):
    envelopes = write_events(sessions, 3)
    rows = outbox_rows()
    assert [row.event_id for row in rows] == [e["id"] for e in envelopes]
    assert all(row.published_at is None and row.attempts == 0 and row.last_error is None for row in rows)


def test_rolled_back_transaction_leaves_no_outbox_row(sessions, outbox_rows):
    with pytest.raises(RuntimeError), sessions() as session, session.begin():
        messaging.record_event(session, source=SOURCE, type_=TYPE, data={})
        raise RuntimeError("use case failed")
    assert outbox_rows() == []


def test_cloudevent_envelope_is_valid_and_stored_verbatim(sessions, engine, cloudevents_validator):
    token = request_id_var.set("req-outbox-1")
    try:
        (envelope,) = write_events(sessions, 1)
    finally:
        request_id_var.reset(token)
    cloudevents_validator.validate(envelope)
    assert envelope["specversion"] == "1.0"
    assert envelope["type"] == TYPE
    assert envelope["source"] == SOURCE
    assert envelope["subject"] == "thing-0"
    assert envelope["requestid"] == "req-outbox-1"
    assert envelope["datacontenttype"] == "application/json"
    assert envelope["time"].endswith("Z")
    assert dt.datetime.fromisoformat(envelope["time"].replace("Z", "+00:00")).tzinfo is not None
    with engine.connect() as connection:
        row = connection.execute(sa.select(messaging.outbox)).one()
    assert row.subject == TYPE
    assert json.loads(row.envelope) == envelope


def test_cloudevent_without_request_id_or_subject_omits_them(cloudevents_validator):
    envelope = messaging.make_cloudevent(source=SOURCE, type_=TYPE, data={"x": 1})
    cloudevents_validator.validate(envelope)
    assert "requestid" not in envelope
    assert "subject" not in envelope
    other = messaging.make_cloudevent(source=SOURCE, type_=TYPE, data={"x": 1})
    assert other["id"] != envelope["id"]


def test_mark_processed_is_per_consumer(sessions):
    with sessions() as session, session.begin():
        assert messaging.mark_processed(session, "consumer-a", "event-1") is True
        assert messaging.mark_processed(session, "consumer-a", "event-1") is False
        assert messaging.mark_processed(session, "consumer-b", "event-1") is True
    with sessions() as session, session.begin():
        assert messaging.mark_processed(session, "consumer-a", "event-1") is False
        assert messaging.mark_processed(session, "consumer-a", "event-2") is True


def test_unit_of_work_commits_state_and_events_together(sessions, outbox_rows):
    woken = []

    uow = SqlAlchemyUnitOfWork(sessions, source=SOURCE, on_commit=lambda: woken.append(1))
    with uow:
        uow.add_event(TYPE, {"n": 1})
        uow.commit()
    assert len(outbox_rows()) == 1 and woken == [1]

    with uow:  # no events: no wake-up
        uow.commit()
    assert woken == [1]

    with uow:  # leaving without commit rolls back
        uow.add_event(TYPE, {"n": 2})
    assert len(outbox_rows()) == 1 and woken == [1]

    with uow:
        uow.add_event(TYPE, {"n": 3})
        uow.rollback()
    assert len(outbox_rows()) == 1


def test_backoff_grows_and_is_capped():
    assert [backoff_seconds(a) for a in (0, 1, 2, 3, 4)] == [0.5, 0.5, 1.0, 2.0, 4.0]
    assert backoff_seconds(100) == 30.0


# -- relay to JetStream ------------------------------------------------------------------------


def test_committed_event_is_published_once_as_a_cloudevent(
    nats_js, sessions, outbox_rows, start_bus, read_stream, wait_until, cloudevents_validator
):
    from prometheus_client import REGISTRY

    type_ = "gorontalo.test.relay.published.v1"
    before = REGISTRY.get_sample_value("gorontalo_outbox_events_published_total", {"event_type": type_}) or 0
    bus = start_bus(nats_js.url)
    (envelope,) = write_events(sessions, 1, type_=type_)
    bus.wake()
    wait_until(lambda: published_ids(outbox_rows()) == {envelope["id"]}, message="the outbox row published")

    (row,) = outbox_rows()
    assert row.attempts == 1 and row.last_error is None
    messages = read_stream(nats_js.url)
    assert len(messages) == 1
    (message,) = messages
    assert message.subject == type_
    assert message.headers.get("Nats-Msg-Id") == envelope["id"]
    cloudevents_validator.validate(message.json)
    assert message.json == envelope
    after = REGISTRY.get_sample_value("gorontalo_outbox_events_published_total", {"event_type": type_})
    assert after == before + 1


def test_rolled_back_event_is_never_published(nats_js, sessions, outbox_rows, start_bus, read_stream, wait_until):
    bus = start_bus(nats_js.url)
    with pytest.raises(RuntimeError), sessions() as session, session.begin():
        messaging.record_event(session, source=SOURCE, type_="gorontalo.test.rolledback.v1", data={})
        raise RuntimeError("use case failed")
    # A committed event afterwards: once it is out, the relay has passed the rolled-back one's turn.
    (sentinel,) = write_events(sessions, 1)
    bus.wake()
    wait_until(lambda: published_ids(outbox_rows()) == {sentinel["id"]}, message="the sentinel published")
    messages = read_stream(nats_js.url)
    assert [m.json["id"] for m in messages] == [sentinel["id"]]
    assert [m.subject for m in messages] == [TYPE]


def test_many_events_keep_their_order_and_are_published_once(
    nats_js, sessions, outbox_rows, start_bus, read_stream, wait_until
):
    bus = start_bus(nats_js.url, batch_size=7)  # several batches
    envelopes = write_events(sessions, 25)
    bus.wake()
    wait_until(lambda: len(published_ids(outbox_rows())) == 25, message="25 rows published")
    messages = read_stream(nats_js.url)
    assert [m.json["id"] for m in messages] == [e["id"] for e in envelopes]


def test_unit_of_work_on_commit_wakes_the_relay(nats_js, sessions, outbox_rows, start_bus, wait_until):
    bus = start_bus(nats_js.url)
    uow = SqlAlchemyUnitOfWork(sessions, source=SOURCE, on_commit=bus.wake)
    with uow:
        envelope = uow.add_event(TYPE, {"n": 1})
        uow.commit()
    wait_until(lambda: published_ids(outbox_rows()) == {envelope["id"]}, message="published after commit")


def test_commits_woken_within_the_gather_go_out_in_one_pass(
    nats_js, sessions, outbox_rows, start_bus, wait_until, monkeypatch
):
    """Woken by a commit, the relay waits GATHER_SECONDS before its pass: the commits of that moment
    share one pass (one read, one round trip of publishes, one mark) instead of a pass each."""
    monkeypatch.setattr(outbox_relay, "GATHER_SECONDS", 1.0)  # wide: a busy machine still fits both commits
    passes: list[int] = []  # rows claimed by each pass that found any
    empty_passes: list[int] = []
    claim = outbox_relay.OutboxRelay.claim

    def counted(relay):
        claimed = claim(relay)
        (passes if claimed.rows else empty_passes).append(len(claimed.rows))
        return claimed

    monkeypatch.setattr(outbox_relay.OutboxRelay, "claim", counted)
    bus = start_bus(nats_js.url)
    # The relay's first pass, made as it starts, has run (empty): on a busy machine it could otherwise
    # come after the first commit and take that row alone, ungathered.
    wait_until(lambda: empty_passes, message="the relay's first pass")
    write_events(sessions, 1)
    bus.wake()
    time.sleep(0.1)
    write_events(sessions, 2)
    bus.wake()
    wait_until(lambda: len(published_ids(outbox_rows())) == 3, message="3 rows published")
    assert passes == [3]


def test_writes_succeed_while_nats_is_down_and_every_row_goes_out_once_it_is_back(
    nats_js, sessions, outbox_rows, start_bus, read_stream, wait_until
):
    bus = start_bus(nats_js.url)
    (first,) = write_events(sessions, 1)
    bus.wake()
    wait_until(lambda: published_ids(outbox_rows()) == {first["id"]}, message="the first event published")

    nats_js.stop()
    wait_until(lambda: not bus.connected.is_set(), message="the bus to notice the outage")

    started = time.monotonic()
    pending = write_events(sessions, 5)
    pending += write_events(sessions, 3, type_="gorontalo.test.other.v1")
    assert time.monotonic() - started < 5, "writes must not wait for NATS"
    bus.wake()
    # The relay tries, fails and records it; nothing can be published meanwhile.
    wait_until(lambda: outbox_rows()[1].attempts >= 1, message="a failed publish attempt recorded")
    rows = outbox_rows()
    assert published_ids(rows) == {first["id"]}
    assert rows[1].last_error, "the failed attempt's error is recorded"
    assert all(row.published_at is None for row in rows[1:])

    nats_js.start()  # same port, same store directory
    every_id = {first["id"]} | {e["id"] for e in pending}
    wait_until(lambda: published_ids(outbox_rows()) == every_id, message="every row published")

    messages = read_stream(nats_js.url)
    counts = collections.Counter(m.json["id"] for m in messages)
    assert set(counts) == every_id, "an event was lost"
    assert set(counts.values()) == {1}, f"an event was duplicated in the stream: {counts}"
    assert [m.json["id"] for m in messages[1:]] == [e["id"] for e in pending], "outbox order kept"
    for message in messages:
        assert message.headers["Nats-Msg-Id"] == message.json["id"]
        assert message.subject == message.json["type"]


def test_bus_started_while_nats_is_down_publishes_once_nats_appears(
    nats_js, sessions, outbox_rows, start_bus, read_stream, wait_until
):
    nats_js.stop()
    bus = start_bus(nats_js.url, wait_connected=False)
    envelopes = write_events(sessions, 3)
    bus.wake()
    assert not bus.connected.is_set()
    assert published_ids(outbox_rows()) == set()
    nats_js.start()
    wait_until(lambda: len(published_ids(outbox_rows())) == 3, message="rows published")
    assert [m.json["id"] for m in read_stream(nats_js.url)] == [e["id"] for e in envelopes]


def test_stop_flushes_pending_rows(nats_js, sessions, outbox_rows, read_stream):
    bus = EventBus(nats_url=nats_js.url, stream="GTEST", session_factory=sessions)
    bus.start()
    try:
        assert bus.connected.wait(10)
        envelopes = write_events(sessions, 12)
        # No wake-up: stop alone must publish what is pending before it returns.
    finally:
        bus.stop(flush_seconds=8)
    assert not bus._thread.is_alive()
    rows = outbox_rows()
    assert all(row.published_at is not None for row in rows)
    assert [m.json["id"] for m in read_stream(nats_js.url)] == [e["id"] for e in envelopes]
    assert not bus.connected.is_set()


def test_stop_without_start_is_a_no_op():
    EventBus(nats_url="nats://127.0.0.1:1", stream="GTEST", session_factory=None).stop()


def test_two_relays_on_one_outbox_never_duplicate_in_the_stream(
    nats_js, sessions, outbox_rows, start_bus, read_stream, wait_until
):
    """Two replicas of a service race on the same rows; Nats-Msg-Id de-duplication keeps one copy."""
    start_bus(nats_js.url)
    start_bus(nats_js.url)
    envelopes = write_events(sessions, 20)
    wait_until(lambda: len(published_ids(outbox_rows())) == 20, message="20 rows published")
    counts = collections.Counter(m.json["id"] for m in read_stream(nats_js.url))
    assert set(counts) == {e["id"] for e in envelopes}
    assert set(counts.values()) == {1}


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_relay_survives_a_failed_outbox_update(
    nats_js, engine, database_url, sessions, outbox_rows, start_bus, wait_until
):
    failing = {"on": True}
    attempts = []
    if database_url.startswith("sqlite"):
        # A SQL function of our own tells us the relay tried (a trigger's RAISE undoes everything else).
        def gate() -> int:
            attempts.append(1)
            return 1 if failing["on"] else 0

        def register(dbapi_connection, _record):
            dbapi_connection.create_function("outbox_update_gate", 0, gate)

        sa.event.listen(engine, "connect", register)
        engine.dispose()  # new connections get the function
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TRIGGER outbox_update_fails BEFORE UPDATE ON outbox WHEN outbox_update_gate() = 1 "
                "BEGIN SELECT RAISE(ABORT, 'simulated database outage'); END"
            )

        def attempted():
            return bool(attempts)

        def heal():
            failing["on"] = False
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE SEQUENCE outbox_update_attempts")
            connection.exec_driver_sql("CREATE TABLE outbox_update_switch (on_ int)")
            connection.exec_driver_sql("INSERT INTO outbox_update_switch VALUES (1)")
            connection.exec_driver_sql("""
                CREATE FUNCTION outbox_update_gate() RETURNS trigger AS $$
                BEGIN
                  PERFORM nextval('outbox_update_attempts');  -- not undone by the rollback
                  IF EXISTS (SELECT 1 FROM outbox_update_switch) THEN
                    RAISE EXCEPTION 'simulated database outage';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""")
            connection.exec_driver_sql(
                "CREATE TRIGGER outbox_update_fails BEFORE UPDATE ON outbox "
                "FOR EACH ROW EXECUTE FUNCTION outbox_update_gate()"
            )

        def attempted():
            with engine.connect() as connection:
                return connection.exec_driver_sql("SELECT is_called FROM outbox_update_attempts").scalar()

        def heal():
            with engine.begin() as connection:
                connection.exec_driver_sql("DELETE FROM outbox_update_switch")

    bus = start_bus(nats_js.url)
    (first,) = write_events(sessions, 1)
    bus.wake()
    wait_until(attempted, message="the relay's UPDATE of the outbox row")
    heal()
    (second,) = write_events(sessions, 1)
    bus.wake()
    wait_until(
        lambda: published_ids(outbox_rows()) == {first["id"], second["id"]},
        timeout=6,
        message="both rows published after the database recovered",
    )


def test_stop_ends_a_bus_that_never_reached_nats(tmp_path):
    """Regression: nats.connect(max_reconnect_attempts=-1) never returns while nothing listens."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'bus.db'}")
    with engine.begin() as connection:
        messaging.create_tables(connection)
    server = testing.NatsServer()  # never started: nothing listens on its port
    bus = EventBus(nats_url=server.url, stream="GTEST", session_factory=db.session_factory(engine))
    bus.start()
    try:
        bus.stop(flush_seconds=0.2)  # joins for at most 5.2 s
        assert not bus._thread.is_alive(), "bus thread still running after stop()"
    finally:
        if bus._thread.is_alive():
            # Let the stuck connect succeed so the thread sees _stopping and ends.
            with server:
                bus._thread.join(15)
        engine.dispose()
