"""Complaints' messages through servicekit.notify: claim, decrypt, send, mark; retries with backoff; the
shared transports (development sink, HTTP SMS gateway, SMTP) against real servers; the cost cap; the
gateway's signed delivery reports."""

import datetime as dt
import http.server
import json
import logging
import socketserver
import threading

import pytest
from prometheus_client import REGISTRY

from gorontalo_complaints.service_layer import notifications
from servicekit import notify
from servicekit.notify import ChannelRouter, DevSink, HttpSmsGateway, SmtpEmail, TransportError, callbacks

from .test_follow_up import StubClassifier
from .test_notifications_persistence import file_anonymous, rows


class FlakyTransport:
    """Fails the first `failures` calls, then succeeds; remembers what it was given."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = []

    def send(self, *, channel, destination, message, reference, subject=""):
        self.calls.append(dict(channel=channel, destination=destination, message=message, id=reference))
        if len(self.calls) <= self.failures:
            raise TransportError("gateway busy")
        return f"msg-{len(self.calls)}"


def sample(name, labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def sender(app, transport, **kw):
    return notifications.sender(app.uow, app.clock, app.cipher, transport, **kw)


SENT = {"sender": "complaints", "channel": "sms", "outcome": "sent"}
RETRY = {"sender": "complaints", "channel": "sms", "outcome": "retry"}


def test_a_failed_attempt_is_retried_after_the_backoff_then_marked_sent(make_app, tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    filed = file_anonymous(app)
    transport = FlakyTransport(failures=1)
    worker = sender(app, transport, retry_base_seconds=30)
    retried_before = sample("gorontalo_notify_deliveries_total", RETRY)
    sent_before = sample("gorontalo_notify_deliveries_total", SENT)

    first = worker.send_due()
    assert (first.sent, first.retried) == (0, 1)
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["channel"], row["last_error"]) == ("pending", 1, "sms", "gateway busy")
    assert sample("gorontalo_notify_pending", {"sender": "complaints"}) == 1
    assert worker.send_due().sent == 0 and len(transport.calls) == 1  # not due before the backoff

    clock.advance(seconds=31)
    second = worker.send_due()
    assert (second.sent, second.retried) == (1, 0)
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["provider_message_id"], row["last_error"]) == ("sent", 2, "msg-2", "")
    assert (
        transport.calls[1]["destination"] == "+6281234567890" and filed.tracking_code in transport.calls[1]["message"]
    )
    assert sample("gorontalo_notify_deliveries_total", RETRY) == retried_before + 1
    assert sample("gorontalo_notify_deliveries_total", SENT) == sent_before + 1
    assert sample("gorontalo_notify_pending", {"sender": "complaints"}) == 0
    assert worker.send_due().sent == 0 and len(transport.calls) == 2  # sent once, never again


def test_it_gives_up_after_the_last_attempt_and_reports_it(make_app, tmp_path, clock, caplog):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app, contact_phone="", contact_email="Warga.Satu@Example.org")
    worker = sender(app, FlakyTransport(failures=99), max_attempts=3, retry_base_seconds=1)
    failed = {"sender": "complaints", "channel": "email", "outcome": "failed"}
    failed_before = sample("gorontalo_notify_deliveries_total", failed)
    outcomes = []
    for _ in range(4):
        result = worker.send_due()
        outcomes.append((result.retried, result.failed))
        clock.advance(minutes=10)
    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0)]
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["channel"]) == ("failed", 3, "email")
    assert sample("gorontalo_notify_deliveries_total", failed) == failed_before + 1
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert row["id"] in warning.getMessage() and "warga" not in caplog.text.lower()


def test_a_row_claimed_by_one_sender_is_not_sent_by_another(make_app, tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app)
    [row] = rows(app)
    with app.uow() as uow:
        assert uow.deliveries.claim(row["id"], clock.now, clock.now + dt.timedelta(minutes=2)) is not None
        uow.commit()
    transport = FlakyTransport(failures=0)
    assert sender(app, transport).send_due().sent == 0 and transport.calls == []
    clock.advance(minutes=3)  # the first sender died holding it: the lease runs out and another takes over
    assert sender(app, transport).send_due().sent == 1 and len(transport.calls) == 1


def test_in_development_the_message_lands_in_the_sink_and_never_in_the_log(make_app, tmp_path, caplog, monkeypatch):
    monkeypatch.delenv("NOTIFY_TRANSPORT", raising=False)
    monkeypatch.delenv("NOTIFY_DEV_SINK_PATH", raising=False)
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    filed = file_anonymous(app)
    assert isinstance(app.transport, DevSink)
    with caplog.at_level(logging.DEBUG):
        assert app.sender().send_due().sent == 1
    [message] = notify.dev_messages(tmp_path / "dev-outbox" / "messages.jsonl")
    assert (message["sender"], message["channel"], message["to"]) == ("complaints", "sms", "+6281234567890")
    assert filed.tracking_code in message["message"] and message["reference"] == rows(app)[0]["id"]
    assert "81234567890" not in caplog.text and "1234567" not in caplog.text


class _Gateway(http.server.BaseHTTPRequestHandler):
    answers: list = []
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"path": self.path, "headers": dict(self.headers), "body": json.loads(body)})
        status, payload = type(self).answers.pop(0)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def sms_gateway():
    _Gateway.answers, _Gateway.received = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/sms", _Gateway
    server.shutdown()
    server.server_close()


def test_the_http_transport_posts_to_the_sms_gateway_and_retries_on_5xx(make_app, tmp_path, clock, sms_gateway):
    url, gateway = sms_gateway
    gateway.answers += [(503, {"error": "maintenance"}), (202, {"message_id": "smsgw-42"})]
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    filed = file_anonymous(app)
    worker = sender(app, ChannelRouter({"sms": HttpSmsGateway(url, "rahasia-token", timeout=5)}))
    assert worker.send_due().retried == 1
    assert rows(app)[0]["last_error"] == "SMS gateway answered HTTP 503"
    clock.advance(minutes=5)
    assert worker.send_due().sent == 1
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["provider_message_id"]) == ("sent", 2, "smsgw-42")
    first, second = gateway.received
    assert second["path"] == "/v1/sms" and second["headers"]["Authorization"] == "Bearer rahasia-token"
    assert second["body"]["to"] == "+6281234567890" and second["body"]["reference"] == row["id"]
    assert second["headers"]["Idempotency-Key"] == row["id"] == first["headers"]["Idempotency-Key"]
    assert filed.tracking_code in second["body"]["message"]


def test_the_http_transport_reports_an_unreachable_gateway():
    transport = HttpSmsGateway("http://127.0.0.1:9/sms", "t", timeout=1)
    with pytest.raises(TransportError) as raised:
        transport.send(channel="sms", destination="+6281234567890", message="x", reference="n")
    assert "6281234567890" not in str(raised.value)


def test_the_loop_sends_in_its_thread_and_stops_cleanly(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app)
    transport = FlakyTransport(failures=0)
    loop = notify.SenderLoop(sender(app, transport), interval=0.05).start()
    try:
        deadline = threading.Event()
        for _ in range(200):  # bounded wait for the thread's first pass
            if rows(app)[0]["state"] == "sent":
                break
            deadline.wait(0.05)
    finally:
        loop.stop(timeout=5)
    assert rows(app)[0]["state"] == "sent" and len(transport.calls) == 1
    assert not loop._thread.is_alive()


def test_a_destination_that_cannot_be_decrypted_is_given_up_at_once(make_app, tmp_path):
    from servicekit.pii import PiiCipher

    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app)
    transport = FlakyTransport(failures=0)
    worker = notifications.sender(app.uow, app.clock, PiiCipher.generate(), transport)
    assert worker.send_due().failed == 1 and transport.calls == []
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["last_error"]) == ("failed", 1, "no_destination")


def test_an_unexpected_transport_error_is_retried_and_kept_without_its_text(make_app, tmp_path):
    class Broken:
        def send(self, **kw):
            raise ValueError(f"bad destination {kw['destination']}")

    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app)
    assert sender(app, Broken()).send_due().retried == 1
    [row] = rows(app)
    assert (row["state"], row["last_error"]) == ("pending", "ValueError")


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to receive one message per connection: no TLS, no auth."""

    received: list = []
    refuse_rcpt = False

    def _say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self._say("220 test ESMTP")
        envelope = {"to": [], "data": ""}
        while True:
            line = self.rfile.readline().decode().rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 test")
            elif verb == "MAIL":
                self._say("250 ok")
            elif verb == "RCPT":
                if type(self).refuse_rcpt:
                    self._say("550 no such user")
                else:
                    envelope["to"].append(line.split(":", 1)[1].strip("<> "))
                    self._say("250 ok")
            elif verb == "DATA":
                self._say("354 go on")
                lines = []
                while (data := self.rfile.readline().decode()) not in (".\r\n", ""):
                    lines.append(data)
                envelope["data"] = "".join(lines)
                type(self).received.append(dict(envelope))
                self._say("250 queued")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


@pytest.fixture
def smtp_server():
    _Smtp.received, _Smtp.refuse_rcpt = [], False
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Smtp)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], _Smtp
    server.shutdown()
    server.server_close()


def test_the_smtp_transport_delivers_an_email_contact(make_app, tmp_path, clock, smtp_server):
    port, smtp = smtp_server
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    filed = file_anonymous(app, contact_phone="", contact_email="Warga.Dua@Example.org")
    transport = SmtpEmail("127.0.0.1", port, "no-reply@gorontaloprov.go.id", starttls=False, timeout=5)
    worker = sender(app, ChannelRouter({"email": transport}))
    smtp.refuse_rcpt = True
    assert worker.send_due().retried == 1
    assert rows(app)[0]["last_error"].startswith("SMTP ") and "warga" not in rows(app)[0]["last_error"].lower()
    smtp.refuse_rcpt = False
    clock.advance(minutes=5)
    assert worker.send_due().sent == 1
    [mail] = smtp.received
    assert mail["to"] == ["warga.dua@example.org"] and filed.tracking_code in mail["data"]
    assert "Subject: Kabar pengaduan Anda (Go-Gorontalo)" in mail["data"]
    [row] = rows(app)
    assert (row["state"], row["channel"]) == ("sent", "email") and row["provider_message_id"] in mail["data"]


def test_the_shared_transport_and_cost_cap_are_chosen_by_environment(make_app, tmp_path, monkeypatch):
    for name in ("NOTIFY_TRANSPORT", "NOTIFY_DEV_SINK_PATH", "SMS_GATEWAY_URL", "SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPLAINTS_NOTIFY_TRANSPORT", "http")  # the old name is no setting any more
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    assert isinstance(app.transport, DevSink) and app.transport.sender == "complaints"
    assert (app.cost_cap.per_phone, app.cost_cap.per_sender) == ("10/day", "5000/day")
    monkeypatch.setenv("NOTIFY_TRANSPORT", "http")
    monkeypatch.setenv("SMS_GATEWAY_URL", "https://sms.example.id/v1/messages")
    monkeypatch.setenv("SMS_DAILY_CAP_PER_PHONE", "3/day")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://satu.gorontaloprov.go.id")
    app = make_app(f"sqlite:///{tmp_path / 'd.db'}", classifier=StubClassifier())
    gateway = app.transport.by_channel["sms"]
    assert isinstance(gateway, HttpSmsGateway) and "email" not in app.transport.by_channel
    assert gateway.callback_url == "https://satu.gorontaloprov.go.id/v1/complaints/sms-deliveries:report"
    assert app.cost_cap.per_phone == "3/day"


def test_a_filer_over_the_daily_sms_cap_is_not_texted(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    cap = notify.CostCap(app.limiter.rate_limits, "complaints", per_phone="1/day", per_sender="100/day")
    first, second = file_anonymous(app), file_anonymous(app, title="Lampu jalan padam semua")
    transport = FlakyTransport(failures=0)
    capped = {"sender": "complaints", "channel": "sms", "outcome": "capped"}
    capped_before = sample("gorontalo_notify_deliveries_total", capped)
    result = sender(app, transport, cost_cap=cap).send_due()
    assert (result.sent, result.capped) == (1, 1) and len(transport.calls) == 1
    states = {r["tracking_code"]: r["state"] for r in rows(app)}
    assert sorted(states.values()) == ["capped", "sent"] and set(states) == {first.tracking_code, second.tracking_code}
    assert sample("gorontalo_notify_deliveries_total", capped) == capped_before + 1


def test_the_gateways_signed_delivery_report_is_applied(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app)
    sender(app, FlakyTransport(failures=0)).send_due()
    [row] = rows(app)
    body = json.dumps({"reference": row["id"], "status": "DELIVRD"}).encode()

    def report(signature):
        return notifications.report_delivery(app.uow(), app.clock, body=body, signature=signature, secret="k")

    from servicekit.errors import Unauthenticated

    with pytest.raises(Unauthenticated):
        report(callbacks.sign(body, "not-k"))
    assert rows(app)[0]["state"] == "sent"
    assert report(callbacks.sign(body, "k")) is True
    [row] = rows(app)
    assert row["state"] == "delivered" and row["reported_at"] is not None
