"""The sender: claim, decrypt, send, mark; retries with backoff; the HTTP SMS transport against a real server."""

import datetime as dt
import http.server
import json
import logging
import socketserver
import threading

import pytest
from prometheus_client import REGISTRY

from gorontalo_complaints.adapters.transports import (
    ChannelRouter,
    DevTransport,
    HttpSmsTransport,
    SmtpEmailTransport,
    TransportError,
)
from gorontalo_complaints.service_layer import notifications as notify

from .test_follow_up import StubClassifier
from .test_notifications_persistence import file_anonymous, rows


class FlakyTransport:
    """Fails the first `failures` calls, then succeeds; remembers what it was given."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = []

    def send(self, *, channel, destination, message, notification_id):
        self.calls.append(dict(channel=channel, destination=destination, message=message, id=notification_id))
        if len(self.calls) <= self.failures:
            raise TransportError("gateway busy")
        return f"msg-{len(self.calls)}"


def sample(name, labels):
    return REGISTRY.get_sample_value(name, labels) or 0


def sender(app, transport, **kw):
    return notify.Sender(new_uow=app.uow, clock=app.clock, cipher=app.cipher, transport=transport, **kw)


def test_a_failed_attempt_is_retried_after_the_backoff_then_marked_sent(make_app, tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    filed = file_anonymous(app)
    transport = FlakyTransport(failures=1)
    worker = sender(app, transport, retry_base_seconds=30)
    retried_before = sample("gorontalo_complaints_notifications_total", {"channel": "sms", "outcome": "retry"})
    sent_before = sample("gorontalo_complaints_notifications_total", {"channel": "sms", "outcome": "sent"})

    first = worker.send_due()
    assert (first.sent, first.retried) == (0, 1)
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["channel"], row["last_error"]) == ("pending", 1, "sms", "gateway busy")
    assert sample("gorontalo_complaints_notifications_pending", {}) == 1
    assert worker.send_due().sent == 0 and len(transport.calls) == 1  # not due before the backoff

    clock.advance(seconds=31)
    second = worker.send_due()
    assert (second.sent, second.retried) == (1, 0)
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["provider_message_id"], row["last_error"]) == ("sent", 2, "msg-2", "")
    assert (
        transport.calls[1]["destination"] == "+6281234567890" and filed.tracking_code in transport.calls[1]["message"]
    )
    assert (
        sample("gorontalo_complaints_notifications_total", {"channel": "sms", "outcome": "retry"}) == retried_before + 1
    )
    assert sample("gorontalo_complaints_notifications_total", {"channel": "sms", "outcome": "sent"}) == sent_before + 1
    assert sample("gorontalo_complaints_notifications_pending", {}) == 0
    assert worker.send_due().sent == 0 and len(transport.calls) == 2  # sent once, never again


def test_it_gives_up_after_the_last_attempt(make_app, tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app, contact_phone="", contact_email="Warga.Satu@Example.org")
    worker = sender(app, FlakyTransport(failures=99), max_attempts=3, retry_base_seconds=1)
    outcomes = []
    for _ in range(4):
        result = worker.send_due()
        outcomes.append((result.retried, result.failed))
        clock.advance(minutes=10)
    assert outcomes == [(1, 0), (1, 0), (0, 1), (0, 0)]
    [row] = rows(app)
    assert (row["state"], row["attempts"], row["channel"]) == ("failed", 3, "email")


def test_a_row_claimed_by_one_sender_is_not_sent_by_another(make_app, tmp_path, clock):
    app = make_app(f"sqlite:///{tmp_path / 'c.db'}", classifier=StubClassifier())
    file_anonymous(app)
    [row] = rows(app)
    with app.uow() as uow:
        assert uow.notifications.claim(row["id"], clock.now, clock.now + dt.timedelta(minutes=2)) is not None
        uow.commit()
    transport = FlakyTransport(failures=0)
    assert sender(app, transport).send_due().sent == 0 and transport.calls == []
    clock.advance(minutes=3)  # the first sender died holding it: the lease runs out and another takes over
    assert sender(app, transport).send_due().sent == 1 and len(transport.calls) == 1


def test_the_dev_transport_logs_only_a_masked_destination(caplog):
    with caplog.at_level(logging.INFO):
        message_id = DevTransport().send(
            channel="sms", destination="+6281234567890", message="Halo", notification_id="n-1"
        )
    text = caplog.text
    assert "08******7890" in text and message_id in text and "n-1" in text
    assert "81234567890" not in text and "1234567" not in text


def test_the_router_fails_a_channel_without_transport():
    with pytest.raises(TransportError):
        ChannelRouter({"sms": DevTransport()}).send(
            channel="email", destination="a@b.id", message="x", notification_id="n"
        )


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
    worker = sender(app, ChannelRouter({"sms": HttpSmsTransport(url, "rahasia-token", timeout=5)}))
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
    transport = HttpSmsTransport("http://127.0.0.1:9/sms", "t", timeout=1)
    with pytest.raises(TransportError) as raised:
        transport.send(channel="sms", destination="+6281234567890", message="x", notification_id="n")
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
    worker = notify.Sender(new_uow=app.uow, clock=app.clock, cipher=PiiCipher.generate(), transport=transport)
    assert worker.send_due().failed == 1 and transport.calls == []
    [row] = rows(app)
    assert (row["state"], row["attempts"]) == ("failed", 1) and "decrypt" in row["last_error"]


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
    transport = SmtpEmailTransport("127.0.0.1", port, "no-reply@gorontaloprov.go.id", starttls=False, timeout=5)
    worker = sender(app, ChannelRouter({"email": transport}))
    smtp.refuse_rcpt = True
    assert worker.send_due().retried == 1
    assert rows(app)[0]["last_error"].startswith("SMTP ") and "warga" not in rows(app)[0]["last_error"].lower()
    smtp.refuse_rcpt = False
    clock.advance(minutes=5)
    assert worker.send_due().sent == 1
    [mail] = smtp.received
    assert mail["to"] == ["warga.dua@example.org"] and filed.tracking_code in mail["data"]
    [row] = rows(app)
    assert (row["state"], row["channel"]) == ("sent", "email") and row["provider_message_id"] in mail["data"]


def test_the_transport_is_chosen_by_environment(monkeypatch):
    from gorontalo_complaints.bootstrap import notification_transport

    for name in ("COMPLAINTS_NOTIFY_TRANSPORT", "COMPLAINTS_SMS_GATEWAY_URL", "COMPLAINTS_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert {type(t) for t in notification_transport().by_channel.values()} == {DevTransport}
    monkeypatch.setenv("COMPLAINTS_NOTIFY_TRANSPORT", "http")
    with pytest.raises(SystemExit):
        notification_transport()
    monkeypatch.setenv("COMPLAINTS_SMS_GATEWAY_URL", "https://sms.example.id/v1/messages")
    assert set(notification_transport().by_channel) == {"sms"}
    monkeypatch.setenv("COMPLAINTS_SMTP_HOST", "smtp.example.id")
    chosen = notification_transport().by_channel
    assert isinstance(chosen["sms"], HttpSmsTransport) and isinstance(chosen["email"], SmtpEmailTransport)
    monkeypatch.setenv("COMPLAINTS_NOTIFY_TRANSPORT", "pigeon")
    with pytest.raises(SystemExit):
        notification_transport()
