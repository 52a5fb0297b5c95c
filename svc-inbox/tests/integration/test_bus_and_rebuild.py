"""The inbox's durable consumers on a real nats-server: events published as producers publish them are
applied once (a redelivered copy is a duplicate), the lag is measured, and `gorontalo-inbox rebuild`
replays the stream into an empty database to the same timeline and notifications, sending nothing."""

import asyncio
import datetime as dt
import json
import time
import uuid

import nats
import pytest
import sqlalchemy as sa
from google.protobuf import json_format
from gorontalo_inbox.adapters import stream_replay
from gorontalo_inbox.adapters.tables import deliveries, notifications, timeline_items
from gorontalo_inbox.entrypoints import cli
from gorontalo_inbox.service_layer import rebuild
from prometheus_client import REGISTRY

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from gorontalo.disaster.v1 import events_pb2 as disaster_events
from gorontalo.identity.v1 import events_pb2 as identity_events
from gorontalo.inbox.v1 import inbox_pb2
from gorontalo.permits.v1 import events_pb2 as permit_events
from gorontalo.tax.v1 import events_pb2 as tax_events
from servicekit.messaging import inbox
from servicekit.testing import NatsServer

from ..conftest import serving


@pytest.fixture
def nats_js(tmp_path):
    # One server per test: every bus declares a stream on gorontalo.>, and JetStream refuses two
    # streams with overlapping subjects.
    with NatsServer(store_dir=str(tmp_path / "jetstream")) as server:
        yield server


@pytest.fixture
def live(make_app, database_url, nats_js):
    app = make_app(database_url, nats_url=nats_js.url, stream=f"T{uuid.uuid4().hex[:8].upper()}")
    app.bus.start()
    try:
        yield app
    finally:
        app.bus.stop(flush_seconds=1)


def eventually(probe, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.05)


def publish(app, *envelopes) -> None:
    """As the producers' outbox relays do, without a Nats-Msg-Id: only the inbox can deduplicate."""

    async def run():
        connection = await nats.connect(app.settings.nats_url)
        try:
            js = connection.jetstream()
            deadline = time.monotonic() + 10
            for envelope in envelopes:
                while True:
                    try:
                        await js.publish(envelope["type"], json.dumps(envelope).encode(), stream=app.settings.stream)
                        break
                    except (nats.js.errors.NotFoundError, nats.js.errors.NoStreamResponseError):
                        if time.monotonic() > deadline:
                            raise
                        await asyncio.sleep(0.05)  # the bus creates the stream when it starts
        finally:
            await connection.close()

    asyncio.run(run())


def settled(app, events) -> bool:
    """Every event applied (a consumer that lost a race to create an item retries a moment later)."""
    return count(app, inbox) == len(events)


def count(app, table, *conditions) -> int:
    with app.session_factory() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table).where(*conditions)).scalar_one()


def history(cloudevent, now: dt.datetime, resident: str) -> list[dict]:
    """A resident's month: sign-up, a permit sent back for corrections, a bill, a complaint answered."""
    t = [now - dt.timedelta(minutes=m) for m in range(60, 0, -5)]
    application = {"application_id": "app-7", "applicant_id": resident, "kbli_code": "47112", "kbli_title": "Toko"}
    complaint = {"complaint_id": "c-7", "tracking_code": "GTO-7K3Q-95", "reporter_account_id": resident}
    return [
        cloudevent(identity_events.CitizenRegistered(citizen_id=resident, regency_code="75.71"), at=t[0]),
        cloudevent(permit_events.ApplicationSubmitted(**application, risk_level="menengah_tinggi"), at=t[1]),
        cloudevent(
            permit_events.ApplicationStatusChanged(**application, old_status="submitted", new_status="in_review"),
            at=t[2],
        ),
        cloudevent(
            permit_events.ApplicationStatusChanged(
                **application, old_status="in_review", new_status="revision_requested"
            ),
            at=t[3],
        ),
        cloudevent(
            tax_events.BillIssued(
                bill_id="bill-7",
                tax_type="pkb",
                tax_year=2026,
                owner_id=resident,
                principal=750000,
                due_date="2026-03-14",
            ),
            at=t[4],
        ),
        cloudevent(complaint_events.ComplaintFiled(**complaint, category="jalan_rusak", title="Jalan rusak"), at=t[5]),
        cloudevent(
            complaint_events.ComplaintStatusChanged(**complaint, from_status="dispositioned", to_status="in_progress"),
            at=t[6],
        ),
        cloudevent(
            complaint_events.ComplaintUpdatePosted(**complaint, update_id="u-1", kind="update", agency_code="pupr"),
            at=t[7],
        ),
        cloudevent(identity_events.CredentialIssued(credential_id="cred-7", citizen_id=resident), at=t[8]),
    ]


def duplicates(app) -> float:
    return sum(
        REGISTRY.get_sample_value("gorontalo_events_consumed_total", {"consumer": s.durable, "outcome": "duplicate"})
        or 0.0
        for s in app.subscriptions
    )


def test_published_events_are_applied_once_and_the_lag_is_measured(live, cloudevent, clock):
    events = history(cloudevent, clock.now, "citizen-7")
    publish(live, *events)
    eventually(lambda: settled(live, events), "every event applied")
    assert (count(live, timeline_items), count(live, notifications), count(live, deliveries)) == (4, 4, 4)
    before = duplicates(live)
    publish(live, *events)  # published again: a producer's relay that crashed before marking them sent
    eventually(lambda: duplicates(live) - before == len(events), "the copies seen as duplicates")
    assert (count(live, timeline_items), count(live, notifications), count(live, deliveries)) == (4, 4, 4)
    lag = REGISTRY.get_sample_value(
        "gorontalo_inbox_consumer_lag_seconds", {"consumer": "inbox-identity-credential-issued"}
    )
    assert lag is not None and lag >= 0


def consumed(app, durable: str, outcome: str) -> float:
    return REGISTRY.get_sample_value("gorontalo_events_consumed_total", {"consumer": durable, "outcome": outcome}) or 0


def test_events_with_nothing_for_the_inbox_are_acked_without_a_transaction(live, cloudevent, clock):
    """Anonymous disaster reports and complaints: acked as ignored (no inbox row, nothing written),
    and still counted as applied by the lag gauges; one filed signed in is applied as before."""
    reports, complaints = "inbox-disaster-reports", "inbox-complaints-filed"
    ignored_before = consumed(live, reports, "ignored") + consumed(live, complaints, "ignored")
    anonymous = [
        cloudevent(disaster_events.ReportSubmitted(report_id=f"rep-{i}", hazard="banjir", source="api"), at=clock.now)
        for i in range(5)
    ]
    anonymous.append(
        cloudevent(complaint_events.ComplaintFiled(complaint_id="c-anon", tracking_code="GTO-AAAA-11"), at=clock.now)
    )
    signed = cloudevent(
        disaster_events.ReportSubmitted(report_id="rep-mine", hazard="banjir", reporter_account_id="citizen-3"),
        at=clock.now,
    )
    publish(live, *anonymous, signed)
    eventually(lambda: count(live, inbox) == 1, "the signed-in report applied")
    eventually(
        lambda: consumed(live, reports, "ignored") + consumed(live, complaints, "ignored") - ignored_before == 6,
        "the anonymous ones acked as ignored",
    )
    with live.session_factory() as session:
        assert session.execute(sa.select(inbox.c.event_id)).scalars().all() == [signed["id"]]
        assert session.execute(sa.select(timeline_items.c.ref_id)).scalars().all() == ["rep-mine"]
    applied_at = REGISTRY.get_sample_value(
        "gorontalo_inbox_last_applied_event_timestamp_seconds", {"consumer": complaints}
    )
    assert applied_at == pytest.approx(clock.now.timestamp(), abs=1)


def _timeline_json(app, resident: str) -> list[dict]:
    with serving(app) as (minter, stub):
        answer = stub.ListTimeline(
            inbox_pb2.ListTimelineRequest(page_size=100), metadata=minter.metadata(subject=resident)
        )
    payload = json_format.MessageToDict(
        answer, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )
    return payload.get("items", [])


def _derived(app) -> tuple[list[dict], list[dict]]:
    with app.session_factory() as session:
        return tuple(
            [dict(r._mapping) for r in session.execute(sa.select(t).order_by(t.c.id))]
            for t in (timeline_items, notifications)
        )


def test_rebuild_from_the_stream_equals_the_live_inbox_and_sends_nothing(live, cloudevent, clock, make_app, tmp_path):
    events = history(cloudevent, clock.now, "citizen-8")
    publish(live, *events)
    eventually(lambda: settled(live, events), "the live inbox")

    rebuilt = make_app(
        f"sqlite:///{tmp_path / 'rebuilt.db'}",
        nats_url=live.settings.nats_url,
        stream=live.settings.stream,
        deliver=False,
    )
    assert rebuild.is_empty(rebuilt.session_factory)
    replayer = rebuild.Replayer(rebuilt.session_factory, rebuilt.settings.stream, rebuilt.subscriptions)
    stats = stream_replay.replay(rebuilt.settings.nats_url, rebuilt.settings.stream, replayer.apply, idle_timeout=10)
    assert stats.messages == len(events) and replayer.outcome.applied["processed"] == len(events)

    assert _derived(rebuilt) == _derived(live)
    assert _timeline_json(rebuilt, "citizen-8") == _timeline_json(live, "citizen-8")
    assert count(rebuilt, deliveries) == 0  # rebuilt notifications were delivered when first written
    # The live consumers' inbox names are the rebuild's: an event it applied is a duplicate live.
    with rebuilt.session_factory() as session:
        consumers = set(session.execute(sa.select(inbox.c.consumer)).scalars())
    assert consumers <= {s.durable for s in live.subscriptions}

    # Truncated and replayed again on the live database itself (its consumers idle: nothing new is
    # published): the same again.
    rebuild.truncate(live.session_factory, live.subscriptions)
    assert rebuild.is_empty(live.session_factory)
    again = rebuild.Replayer(live.session_factory, live.settings.stream, live.subscriptions)
    stream_replay.replay(live.settings.nats_url, live.settings.stream, again.apply, idle_timeout=10)
    assert _derived(live) == _derived(rebuilt)


def test_the_rebuild_command_into_an_empty_database(live, cloudevent, clock, tmp_path, monkeypatch, capsys):
    """`gorontalo-inbox rebuild` then `gorontalo-inbox timeline`: what the API answers live."""
    events = history(cloudevent, clock.now, "citizen-9")
    publish(live, *events)
    eventually(lambda: settled(live, events), "the live timeline")
    live_items = _timeline_json(live, "citizen-9")

    target = f"sqlite:///{tmp_path / 'cli-rebuilt.db'}"
    for name, value in {
        "INBOX_DATABASE_URL": target,
        "NATS_URL": live.settings.nats_url,
        "EVENTS_STREAM": live.settings.stream,
        "VAR_DIR": str(tmp_path / "var"),
        "INBOX_ADDR": "127.0.0.1:1",
        "INBOX_METRICS_PORT": "1",
        "IDENTITY_ADDR": "127.0.0.1:1",
        "LOG_LEVEL": "WARNING",
    }.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["rebuild"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["events"]["processed"] == len(events)
    assert cli.main(["rebuild"]) == 2  # not into a read model that holds data (without --truncate)
    capsys.readouterr()
    assert cli.main(["timeline", "--citizen-id", "citizen-9"]) == 0
    assert json.loads(capsys.readouterr().out) == live_items
