"""A notification's SMS and e-mail: queued as the preferences say, held by quiet hours (not urgent
alerts), and sent through the development sink to the phone identity names at sending time."""

import datetime as dt
import json

from gorontalo_inbox.domain import notices
from gorontalo_inbox.domain.model import CLOSED, Preferences, Resident, Text
from gorontalo_inbox.service_layer import deliveries
from gorontalo_inbox.service_layer.notifying import Outbound, notify
from gorontalo_inbox.service_layer.preferences import EMAIL_CONTEXT

from servicekit import notify as transports
from servicekit.pii import PiiCipher

NIGHT = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)  # 23:30 WITA
DAY = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)  # 10:00 WITA


class FakeDeliveries:
    """notify.DeliveryRepository's face, in memory."""

    def __init__(self):
        self.rows: dict[str, dict] = {}

    def add(
        self, *, channel, recipient_id="", destination_encrypted="", message, subject="", kind="", not_before=None, now
    ):
        delivery_id = f"d{len(self.rows) + 1}"
        self.rows[delivery_id] = {
            "id": delivery_id,
            "channel": channel,
            "recipient_id": recipient_id,
            "destination_encrypted": destination_encrypted,
            "message": message,
            "subject": subject,
            "kind": kind,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": max(not_before, now) if not_before else now,
            "last_error": "",
        }
        return delivery_id

    def due_ids(self, now, limit):
        due = [r for r in self.rows.values() if r["status"] == "pending" and r["next_attempt_at"] <= now]
        return [r["id"] for r in due][:limit]

    def claim(self, delivery_id, now, lease_until):
        return dict(self.rows[delivery_id])

    def get(self, delivery_id):
        return dict(self.rows[delivery_id])

    def mark_sent(self, delivery_id, now, provider_message_id, *, channel=None):
        self.rows[delivery_id].update(status="sent", attempts=self.rows[delivery_id]["attempts"] + 1)

    def mark_attempt_failed(self, delivery_id, error, next_attempt_at, *, channel=None):
        row = self.rows[delivery_id]
        row.update(attempts=row["attempts"] + 1, last_error=error)
        if next_attempt_at is None:
            row["status"] = "failed"
        else:
            row["next_attempt_at"] = next_attempt_at

    def mark_capped(self, delivery_id, scope, *, channel=None):
        self.rows[delivery_id]["status"] = "capped"

    def pending_count(self):
        return sum(r["status"] == "pending" for r in self.rows.values())


class Keyed:
    def __init__(self, rows=None):
        self.rows = dict(rows or {})

    def get(self, key, **_):
        return self.rows.get(key)


class FakeNotifications:
    def __init__(self):
        self.rows = {}

    def exists(self, notification_id):
        return notification_id in self.rows

    def add(self, notification):
        self.rows[notification.id] = notification


class FakeUnitOfWork:
    def __init__(self, residents=None, preferences=None):
        self.deliveries = FakeDeliveries()
        self.notifications = FakeNotifications()
        self.residents = Keyed(residents)
        self.preferences = Keyed(preferences)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def after_commit(self, callback):
        callback()

    def commit(self):
        pass


BILL = notices.bill_issued("b1", "pkb", "", 750000, "2026-03-31")
ALERT = notices.alert("al-1", "Alert", "Banjir", Text("Banjir di Tapa", "Flood in Tapa"), "Severe", "Immediate")


def _outbound(now):
    return Outbound(clock=lambda: now, inbox_link="https://satu.example/saya")


def test_sms_by_default_and_held_until_quiet_hours_end():
    uow = FakeUnitOfWork()
    notify(uow, _outbound(NIGHT), BILL, "citizen-1", source="ev-1", at=NIGHT)
    [row] = uow.deliveries.rows.values()
    assert (row["channel"], row["recipient_id"], row["destination_encrypted"]) == ("sms", "citizen-1", "")
    assert row["message"] == "Gorontalo Satu: Tagihan PKB Rp 750.000, jatuh tempo 31-03-2026."
    assert row["next_attempt_at"] == dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.UTC)  # 06:00 WITA


def test_an_urgent_alert_is_not_held_at_night():
    uow = FakeUnitOfWork()
    notify(uow, _outbound(NIGHT), ALERT, "citizen-1", source="ev-2", at=NIGHT)
    [row] = uow.deliveries.rows.values()
    assert row["next_attempt_at"] == NIGHT


def test_preferences_choose_the_channels_and_an_unverified_address_gets_nothing():
    cipher = PiiCipher.generate()
    address = cipher.encrypt("budi@mail.id", EMAIL_CONTEXT)
    verified = Preferences("c1", sms=False, email=True, email_encrypted=address, email_verified=True, quiet_start="")
    unverified = Preferences("c2", sms=True, email=True, email_encrypted=address, email_verified=False)
    uow = FakeUnitOfWork(preferences={"c1": verified, "c2": unverified})
    notify(uow, _outbound(DAY), BILL, "c1", source="ev-3", at=DAY)
    notify(uow, _outbound(DAY), BILL, "c2", source="ev-3", at=DAY)
    channels = sorted((r["recipient_id"], r["channel"]) for r in uow.deliveries.rows.values())
    assert channels == [("c1", "email"), ("c2", "sms")]
    email = next(r for r in uow.deliveries.rows.values() if r["channel"] == "email")
    assert email["destination_encrypted"] == address and email["subject"] == "Gorontalo Satu: Tagihan baru"


def test_once_per_source_and_nothing_sent_when_rebuilding_or_closed_or_stale():
    uow = FakeUnitOfWork(residents={"closed": Resident("closed", status=CLOSED)})
    assert notify(uow, _outbound(DAY), BILL, "c1", source="ev-4", at=DAY) is not None
    assert notify(uow, _outbound(DAY), BILL, "c1", source="ev-4", at=DAY) is None  # a redelivery
    rebuilding = Outbound(clock=lambda: DAY, inbox_link="x", deliver=False)
    notify(uow, rebuilding, BILL, "c2", source="ev-5", at=DAY)
    notify(uow, _outbound(DAY), BILL, "closed", source="ev-6", at=DAY)
    notify(uow, _outbound(DAY), BILL, "c3", source="ev-7", at=DAY, deliverable=False)
    assert len(uow.notifications.rows) == 4
    assert [r["recipient_id"] for r in uow.deliveries.rows.values()] == ["c1"]


def test_sent_through_the_dev_sink_to_the_phone_identity_names(tmp_path):
    uow = FakeUnitOfWork()
    notify(uow, _outbound(DAY), BILL, "citizen-1", source="ev-8", at=DAY)
    notify(uow, _outbound(DAY), BILL, "no-phone", source="ev-8", at=DAY)
    sink = tmp_path / "messages.jsonl"
    phones = {"citizen-1": "+6281234567890"}
    sender = transports.Sender(
        lambda: uow,
        lambda: DAY,
        transports.DevSink(sink, sender="inbox"),
        deliveries.destination_resolver(phones.get, PiiCipher.generate()),
        sender="inbox",
    )
    result = sender.send_due()
    assert (result.sent, result.failed) == (1, 1)
    [line] = [json.loads(text) for text in sink.read_text().splitlines()]
    assert (line["sender"], line["channel"], line["to"]) == ("inbox", "sms", "+6281234567890")
    assert line["message"].startswith("Gorontalo Satu: Tagihan PKB")
    failed = next(r for r in uow.deliveries.rows.values() if r["recipient_id"] == "no-phone")
    assert (failed["status"], failed["last_error"]) == ("failed", transports.NO_DESTINATION)
