"""servicekit.notify without a database: the development sink, signatures, reports, configuration."""

from __future__ import annotations

import json
import multiprocessing

import pytest

from servicekit import notify
from servicekit.notify import callbacks
from servicekit.ratelimit import RateLimits, storage


def test_dev_sink_writes_one_json_line_per_message(tmp_path):
    path = tmp_path / "outbox" / "messages.jsonl"
    sink = notify.DevSink(path, sender="identity")
    message_id = sink.send(
        channel="sms", destination="+6281234567890", message="Kode verifikasi: 123456", reference="d-1"
    )
    sink.send(channel="email", destination="budi@example.id", message="Halo", reference="d-2", subject="Kabar")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert message_id.startswith("dev-") and len(lines) == 2
    first = json.loads(lines[0])
    assert set(first) == {"at", "sender", "channel", "to", "subject", "message", "reference"}
    assert first["sender"] == "identity" and first["channel"] == "sms" and first["to"] == "+6281234567890"
    assert first["message"] == "Kode verifikasi: 123456" and first["reference"] == "d-1"
    assert json.loads(lines[1])["subject"] == "Kabar"
    assert (path.stat().st_mode & 0o777) == 0o600  # the developer's phone, not for every reader
    assert [m["reference"] for m in notify.dev_messages(path, to="budi@example.id")] == ["d-2"]
    assert notify.dev_messages(tmp_path / "none.jsonl") == []


def _append_many(path: str, sender: str) -> None:
    sink = notify.DevSink(path, sender=sender)
    for i in range(200):
        sink.send(channel="sms", destination="+6281234567890", message="x" * 3000, reference=f"{sender}-{i}")


def test_dev_sink_lines_never_interleave_across_processes(tmp_path):
    path = str(tmp_path / "messages.jsonl")
    processes = [multiprocessing.Process(target=_append_many, args=(path, name)) for name in ("a", "b", "c")]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    entries = notify.dev_messages(path)  # every line parses: no write was torn by another
    assert len(entries) == 600 and {e["sender"] for e in entries} == {"a", "b", "c"}


def test_dev_sink_refuses_an_unknown_channel(tmp_path):
    with pytest.raises(notify.TransportError):
        notify.DevSink(tmp_path / "m.jsonl").send(channel="fax", destination="x", message="m", reference="r")


def test_dev_sink_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.delenv("NOTIFY_DEV_SINK_PATH", raising=False)
    assert notify.dev_sink_path() == tmp_path / "dev-outbox" / "messages.jsonl"
    assert notify.dev_sink_path(tmp_path / "svc") == tmp_path / "svc" / "dev-outbox" / "messages.jsonl"
    assert notify.transport_from_env("tax", var_dir=tmp_path / "svc").path == notify.dev_sink_path(tmp_path / "svc")
    monkeypatch.setenv("NOTIFY_DEV_SINK_PATH", str(tmp_path / "phone.jsonl"))
    assert notify.dev_sink_path() == tmp_path / "phone.jsonl"


BODY = b'{"reference": "5b0c2d1e-0000-4000-8000-000000000001", "status": "DELIVRD"}'


def test_signature_verifies_only_with_the_right_secret_and_body():
    signature = callbacks.sign(BODY, "s3cret")
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert callbacks.verify(BODY, signature, "s3cret")
    assert callbacks.verify(BODY, "SHA256=" + signature[7:].upper(), "s3cret")  # hex case and prefix case
    assert not callbacks.verify(BODY, signature, "other")  # bad secret
    assert not callbacks.verify(BODY + b" ", signature, "s3cret")  # body changed
    assert not callbacks.verify(BODY, signature[:-1] + "0", "s3cret")
    assert not callbacks.verify(BODY, signature[7:], "s3cret")  # no sha256= prefix
    assert not callbacks.verify(BODY, "", "s3cret")  # missing
    assert not callbacks.verify(BODY, signature, "")  # no secret configured: nothing is believed
    assert not callbacks.verify(BODY, "sha256=é" + signature[8:], "s3cret")


def test_parse_maps_provider_statuses():
    assert callbacks.parse(BODY) == ("5b0c2d1e-0000-4000-8000-000000000001", "delivered")
    assert callbacks.parse(b'{"reference": "r", "status": "undelivered"}') == ("r", "undeliverable")
    assert callbacks.parse(b'{"reference": "r", "status": "EXPIRED"}') == ("r", "undeliverable")
    assert callbacks.parse(b'{"reference": "r", "status": "queued"}') == ("r", "")
    for bad in (b"", b"[]", b"not json", b'{"status": "delivered"}', b'{"reference": "r"}', b'{"reference": 5}'):
        with pytest.raises(ValueError):
            callbacks.parse(bad)


def test_transport_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTIFY_DEV_SINK_PATH", str(tmp_path / "m.jsonl"))
    monkeypatch.delenv("NOTIFY_TRANSPORT", raising=False)
    dev = notify.transport_from_env("identity")
    assert isinstance(dev, notify.DevSink) and dev.sender == "identity" and dev.path == tmp_path / "m.jsonl"

    monkeypatch.setenv("NOTIFY_TRANSPORT", "http")
    with pytest.raises(SystemExit, match="SMS_GATEWAY_URL"):
        notify.transport_from_env("identity")
    monkeypatch.setenv("SMS_GATEWAY_URL", "https://sms.example/send")
    monkeypatch.setenv("SMS_GATEWAY_TIMEOUT_SECONDS", "3")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://satu.gorontaloprov.go.id/")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    router = notify.transport_from_env("inbox")
    sms = router.by_channel["sms"]
    assert isinstance(sms, notify.HttpSmsGateway) and "email" not in router.by_channel
    assert sms.callback_url == "https://satu.gorontaloprov.go.id/v1/inbox/sms-deliveries:report"
    assert sms.timeout == 3.0
    with pytest.raises(notify.TransportError, match="no transport"):
        router.send(channel="email", destination="a@b.id", message="m", reference="r")
    monkeypatch.setenv("SMTP_HOST", "smtp.example")
    monkeypatch.setenv("SMTP_PORT", "2525")
    email = notify.transport_from_env("inbox").by_channel["email"]
    assert isinstance(email, notify.SmtpEmail) and (email.host, email.port) == ("smtp.example", 2525)

    monkeypatch.setenv("NOTIFY_TRANSPORT", "carrier-pigeon")
    with pytest.raises(SystemExit, match="NOTIFY_TRANSPORT"):
        notify.transport_from_env("identity")


def test_retry_delay_doubles_up_to_an_hour():
    assert [notify.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert notify.retry_delay(20).total_seconds() == 3600


def test_cost_cap_counts_only_sms_and_refuses_a_bad_rule():
    cap = notify.CostCap(RateLimits(storage.MemoryStorage(), "t"), "identity", per_phone="1/day", per_sender="9/day")
    cap.admit("email", "a@b.id")
    cap.admit("email", "a@b.id")  # e-mail costs nothing: never capped
    cap.admit("sms", "+6281234567890")
    with pytest.raises(notify.CostCapReached) as reached:
        cap.admit("sms", "+6281234567890")
    assert reached.value.scope == "phone"
    with pytest.raises(ValueError):
        notify.CostCap(RateLimits(storage.MemoryStorage(), "t"), "x", per_phone="ten a day", per_sender="1/day")


def test_cost_cap_from_env(monkeypatch):
    monkeypatch.delenv("SMS_DAILY_CAP_PER_PHONE", raising=False)
    monkeypatch.setenv("SMS_DAILY_CAP_PER_SENDER", "100/day")
    cap = notify.cost_cap_from_env(RateLimits(storage.MemoryStorage(), "t"), "inbox")
    assert (cap.per_phone, cap.per_sender, cap.sender) == ("10/day", "100/day", "inbox")
