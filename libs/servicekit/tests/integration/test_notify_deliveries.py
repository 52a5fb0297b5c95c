"""servicekit.notify for real: the delivery queue on SQLite and PostgreSQL, the sender's retries and
reports, the cost cap in Redis, and the HTTP SMS gateway against a local HTTP server."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import os
import threading
import uuid

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from servicekit import db, errors, notify, ratelimit
from servicekit.notify import callbacks
from servicekit.uow import SqlAlchemyUnitOfWork

REDIS_URL = os.environ.get("REDIS_URL", ratelimit.DEFAULT_REDIS_URL)
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
PHONE = "+6281234567890"


class Clock:
    def __init__(self, now: dt.datetime = T0):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def queue(database_url):
    """A migrated `deliveries` table and a unit of work over it, on each database."""
    metadata = db.new_metadata()
    table = notify.define_table(metadata)
    engine = db.make_engine(database_url)
    metadata.create_all(engine)
    sessions = db.session_factory(engine)

    class UnitOfWork(SqlAlchemyUnitOfWork):
        def _open(self, session):
            self.deliveries = notify.DeliveryRepository(session, table)

    yield lambda: UnitOfWork(sessions, source="/test")
    engine.dispose()


def add(new_uow, *, channel="sms", destination="enc:" + PHONE, now=T0, **kwargs) -> str:
    with new_uow() as uow:
        delivery_id = uow.deliveries.add(
            channel=channel, destination_encrypted=destination, message="Kode: 123456", kind="code", now=now, **kwargs
        )
        uow.commit()
    return delivery_id


def get(new_uow, delivery_id) -> dict:
    with new_uow() as uow:
        return uow.deliveries.get(delivery_id)


def decrypt(row: dict) -> str | None:
    """Stands for servicekit.pii: the tests' "ciphertext" is the clear value behind a prefix."""
    value = row["destination_encrypted"]
    return value.removeprefix("enc:") if value.startswith("enc:") else None


class Recording:
    def __init__(self, fail_times: int = 0):
        self.sent: list[dict] = []
        self.fail_times = fail_times

    def send(self, **message) -> str:
        if self.fail_times:
            self.fail_times -= 1
            raise notify.TransportError("SMS gateway answered HTTP 503")
        self.sent.append(message)
        return f"m-{len(self.sent)}"


def metric(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_repository_queue_claim_and_statuses(queue):
    clock = Clock()
    later = add(queue, not_before=T0 + dt.timedelta(hours=8))  # quiet hours: due in the morning
    first = add(queue)
    with pytest.raises(ValueError):
        add(queue, destination="")  # neither a recipient nor a destination
    with queue() as uow:
        repo = uow.deliveries
        assert repo.due_ids(clock(), 10) == [first] and repo.pending_count() == 2
        row = repo.claim(first, clock(), clock() + dt.timedelta(minutes=2))
        assert row["status"] == "pending" and row["message"] == "Kode: 123456" and row["kind"] == "code"
        # Claimed: neither due nor claimable again until the lease ends.
        assert repo.claim(first, clock(), clock() + dt.timedelta(minutes=2)) is None
        assert repo.due_ids(clock(), 10) == []
        repo.mark_sent(first, clock(), "gw-77")
        uow.commit()
    sent = get(queue, first)
    assert (sent["status"], sent["attempts"], sent["provider_message_id"]) == ("sent", 1, "gw-77")
    assert sent["sent_at"] == T0 and sent["claimed_until"] is None

    with queue() as uow:
        repo = uow.deliveries
        assert repo.apply_delivery_status(first, "delivered", T0 + dt.timedelta(seconds=5))
        assert not repo.apply_delivery_status(later, "delivered", T0)  # never sent: a report changes nothing
        assert not repo.apply_delivery_status(str(uuid.uuid4()), "undeliverable", T0)
        with pytest.raises(ValueError):
            repo.apply_delivery_status(first, "sent", T0)
        assert repo.due_ids(T0 + dt.timedelta(hours=8), 10) == [later]
        repo.mark_attempt_failed(later, "HTTP 503", T0 + dt.timedelta(hours=9))
        uow.commit()
    delivered, retried = get(queue, first), get(queue, later)
    assert delivered["status"] == "delivered" and delivered["reported_at"] == T0 + dt.timedelta(seconds=5)
    assert (retried["status"], retried["attempts"], retried["last_error"]) == ("pending", 1, "HTTP 503")
    assert retried["next_attempt_at"] == T0 + dt.timedelta(hours=9)

    with queue() as uow:
        uow.deliveries.mark_attempt_failed(later, "HTTP 503", None)
        capped = uow.deliveries.add(channel="sms", recipient_id="citizen-1", message="m", now=T0)
        uow.deliveries.mark_capped(capped, "phone")
        assert uow.deliveries.pending_count() == 0
        uow.commit()
    assert get(queue, later)["status"] == "failed" and get(queue, later)["next_attempt_at"] is None
    assert get(queue, capped)["status"] == "capped" and "phone" in get(queue, capped)["last_error"]


def test_migration_op_creates_the_same_table(database_url):
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    engine = db.make_engine(database_url)
    with engine.begin() as connection:
        notify.create_table_op(Operations(MigrationContext.configure(connection)), name="outgoing")
    inspector = sa.inspect(engine)
    expected = {c.name for c in notify.define_table(sa.MetaData(), name="outgoing").columns}
    assert {c["name"] for c in inspector.get_columns("outgoing")} == expected
    assert {i["name"] for i in inspector.get_indexes("outgoing")} == {"ix_outgoing_due", "ix_outgoing_recipient"}
    engine.dispose()


def test_sender_retries_then_fails_and_reports_without_the_destination(queue, caplog):
    clock = Clock()
    delivery_id = add(queue)
    transport = Recording(fail_times=100)
    sender = notify.Sender(queue, clock, transport, decrypt, sender="t-retry", max_attempts=3, retry_base_seconds=10)
    failed_before = metric("gorontalo_notify_deliveries_total", sender="t-retry", channel="sms", outcome="failed")
    caplog.set_level(logging.INFO, logger="servicekit.notify")

    assert sender.send_due().retried == 1
    assert sender.send_due().retried == 0  # not due again before its backoff
    clock.advance(seconds=10)
    assert sender.send_due().retried == 1
    clock.advance(seconds=20)  # the backoff doubled
    result = sender.send_due()
    assert (result.failed, result.retried, result.sent) == (1, 0, 0)

    row = get(queue, delivery_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("failed", 3, "SMS gateway answered HTTP 503")
    assert metric("gorontalo_notify_deliveries_total", sender="t-retry", channel="sms", outcome="failed") == (
        failed_before + 1
    )
    assert metric("gorontalo_notify_pending", sender="t-retry") == 0
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and delivery_id in warnings[0].getMessage()
    assert PHONE not in caplog.text and "81234567890" not in caplog.text


def test_sender_fails_at_once_without_a_destination_and_resolves_contact_rows(queue):
    clock = Clock()
    missing = add(queue, destination="lost-key-ciphertext")
    contact = add(queue, channel="contact", destination="enc:budi@example.id", subject="Kabar pengaduan")
    transport = Recording()
    result = notify.Sender(queue, clock, transport, decrypt, sender="t-resolve").send_due()
    assert (result.sent, result.failed) == (1, 1)
    assert get(queue, missing)["status"] == "failed" and get(queue, missing)["last_error"] == "no_destination"
    assert get(queue, contact)["channel"] == "email"
    assert transport.sent == [
        dict(
            channel="email",
            destination="budi@example.id",
            message="Kode: 123456",
            reference=contact,
            subject="Kabar pengaduan",
        )
    ]


def test_a_resolver_that_raises_is_retried(queue):
    def down(_row):
        raise ConnectionError("identity unavailable at " + PHONE)

    delivery_id = add(queue)
    result = notify.Sender(queue, Clock(), Recording(), down, sender="t-down").send_due()
    row = get(queue, delivery_id)
    assert result.retried == 1 and row["status"] == "pending" and PHONE not in row["last_error"]


@pytest.fixture
def redis_limits():
    store = ratelimit.open_storage(REDIS_URL)
    if not store.__class__.__name__.startswith("Redis"):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and not reachable at {REDIS_URL}")
        pytest.skip("no Redis")
    return ratelimit.RateLimits(store, f"test-{uuid.uuid4().hex}")


def test_cost_cap_per_phone_and_per_sender_in_redis(redis_limits):
    cap = notify.CostCap(redis_limits, "t-cap", per_phone="2/day", per_sender="3/day")
    # A second replica of the same sender counts in the same Redis.
    replica = notify.CostCap(redis_limits, "t-cap", per_phone="2/day", per_sender="3/day")
    before = {s: metric("gorontalo_sms_cost_cap_reached_total", sender="t-cap", scope=s) for s in ("phone", "sender")}
    cap.admit("sms", PHONE)
    replica.admit("sms", PHONE)
    with pytest.raises(notify.CostCapReached) as per_phone:
        cap.admit("sms", PHONE)
    assert per_phone.value.scope == "phone"
    replica.admit("sms", "+6285298765432")
    with pytest.raises(notify.CostCapReached) as per_sender:
        cap.admit("sms", "+6281311112222")  # a fresh number, but the sender's day is spent
    assert per_sender.value.scope == "sender"
    assert metric("gorontalo_sms_cost_cap_reached_total", sender="t-cap", scope="phone") == before["phone"] + 1
    assert metric("gorontalo_sms_cost_cap_reached_total", sender="t-cap", scope="sender") == before["sender"] + 1
    # Another sender has its own budget.
    notify.CostCap(redis_limits, "t-cap-other", per_phone="2/day", per_sender="3/day").admit("sms", PHONE)


def test_capped_rows_are_not_sent(queue, redis_limits):
    cap = notify.CostCap(redis_limits, "t-capped", per_phone="1/day", per_sender="100/day")
    first, second = add(queue), add(queue, now=T0 + dt.timedelta(seconds=1))
    email = add(queue, channel="email", destination="enc:budi@example.id")
    transport = Recording()
    clock = Clock(T0 + dt.timedelta(seconds=2))
    capped_before = metric("gorontalo_notify_deliveries_total", sender="t-capped", channel="sms", outcome="capped")
    result = notify.Sender(queue, clock, transport, decrypt, sender="t-capped", cost_cap=cap).send_due()
    assert (result.sent, result.capped) == (2, 1)
    assert sorted(m["reference"] for m in transport.sent) == sorted([first, email])
    assert get(queue, second)["status"] == "capped"
    assert (
        metric("gorontalo_notify_deliveries_total", sender="t-capped", channel="sms", outcome="capped")
        == capped_before + 1
    )


def test_a_retry_is_not_counted_against_the_cap_again(queue, redis_limits):
    cap = notify.CostCap(redis_limits, "t-cap-retry", per_phone="1/day", per_sender="100/day")
    delivery_id = add(queue)
    clock = Clock()
    sender = notify.Sender(queue, clock, Recording(fail_times=1), decrypt, sender="t-cap-retry", cost_cap=cap)
    assert sender.send_due().retried == 1
    clock.advance(minutes=1)
    assert sender.send_due().sent == 1 and get(queue, delivery_id)["status"] == "sent"


def test_report_delivery_use_case(queue):
    delivery_id = add(queue)
    notify.Sender(queue, Clock(), Recording(), decrypt, sender="t-report").send_due()
    body = json.dumps({"reference": delivery_id, "status": "delivered"}).encode()

    def report(body, signature, secret="s3cret"):
        return callbacks.report_delivery(
            queue, Clock(), body=body, signature=signature, secret=secret, sender="t-report"
        )

    with pytest.raises(errors.Unauthenticated) as refused:
        report(body, callbacks.sign(body, "wrong"))
    assert refused.value.reason == "sms_delivery_signature_invalid"
    with pytest.raises(errors.Unauthenticated):
        report(body, "")
    assert get(queue, delivery_id)["status"] == "sent"  # an unsigned report changed nothing
    bad = b'{"status": "delivered"}'
    with pytest.raises(errors.InvalidArgument) as invalid:
        report(bad, callbacks.sign(bad, "s3cret"))
    assert invalid.value.violations[0].reason == "sms_delivery_report_invalid"
    interim = json.dumps({"reference": delivery_id, "status": "accepted"}).encode()
    assert report(interim, callbacks.sign(interim, "s3cret")) is False
    assert report(body, callbacks.sign(body, "s3cret")) is True
    assert get(queue, delivery_id)["status"] == "delivered"
    assert report(body, callbacks.sign(body, "s3cret")) is True  # a replay is harmless


class FlakyGateway(http.server.BaseHTTPRequestHandler):
    """An SMS provider that answers 503 twice, then accepts; it keeps what it was sent."""

    requests: list[dict] = []
    failures_left = 2

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        type(self).requests.append({"body": body, "headers": dict(self.headers)})
        if type(self).failures_left:
            type(self).failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        answer = json.dumps({"message_id": f"gw-{len(type(self).requests)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_gateway():
    FlakyGateway.requests, FlakyGateway.failures_left = [], 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FlakyGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms"
    server.shutdown()
    server.server_close()


def test_http_sms_gateway_failing_twice_then_sent(queue, flaky_gateway):
    gateway = notify.HttpSmsGateway(
        flaky_gateway, "gw-token", callback_url="https://satu.example/v1/t/sms-deliveries:report", timeout=5
    )
    delivery_id = add(queue)
    clock = Clock()
    sender = notify.Sender(queue, clock, gateway, decrypt, sender="t-http", retry_base_seconds=30)
    assert sender.send_due().retried == 1
    clock.advance(seconds=30)
    assert sender.send_due().retried == 1
    clock.advance(seconds=60)
    assert sender.send_due().sent == 1

    row = get(queue, delivery_id)
    assert (row["status"], row["attempts"], row["provider_message_id"]) == ("sent", 3, "gw-3")
    assert len(FlakyGateway.requests) == 3
    for request in FlakyGateway.requests:  # the same message each time, under one idempotency key
        assert request["body"] == {
            "to": PHONE,
            "message": "Kode: 123456",
            "reference": delivery_id,
            "callback_url": "https://satu.example/v1/t/sms-deliveries:report",
        }
        assert request["headers"]["Authorization"] == "Bearer gw-token"
        assert request["headers"]["Idempotency-Key"] == delivery_id


def test_http_sms_gateway_unreachable_or_without_id_is_a_transport_error(flaky_gateway):
    from servicekit.testing import free_port

    with pytest.raises(notify.TransportError) as unreachable:
        notify.HttpSmsGateway(f"http://127.0.0.1:{free_port()}/sms", "t", timeout=2).send(
            channel="sms", destination=PHONE, message="m", reference="r"
        )
    assert PHONE not in str(unreachable.value)
    with pytest.raises(notify.TransportError, match="channel email"):
        notify.HttpSmsGateway(flaky_gateway, "t").send(
            channel="email", destination="a@b.id", message="m", reference="r"
        )
