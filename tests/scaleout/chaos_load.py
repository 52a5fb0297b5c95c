"""The chaos test's write load: residents' phones and a bank, each retrying as real clients do.

A phone sends a write with an Idempotency-Key and, until it gets a definitive answer, sends the very
same request again (same key, same body) after a growing pause, to the next gateway (what a load
balancer in front of two gateways does with a new connection). Definitive: any answer below 500
except 429 and 409 "request in progress" (the key's first attempt may have died with a replica; its
lease runs out). A bank resends its signed notification the same way; its transaction id is the key.
"""

from __future__ import annotations

import io
import itertools
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
from PIL import Image

KOTA_VILLAGE = "75.71.01.1001"
KOTA_LAT, KOTA_LON = 0.5435, 123.0595
BANK_CHANNEL = "bank-sulutgo"
NOTIFICATION_PATH = "/v1/tax/payment-notifications"
GIVE_UP_AFTER = 120.0  # a phone that never gets an answer: counted, and the test fails on it


@dataclass
class Write:
    kind: str  # "document", "permit application", "complaint", "disaster report", "bank notification"
    marker: str  # what finds it in the service's database (unique per write)
    first_sent: float
    answered: float | None = None
    attempts: int = 0
    status: int | None = None
    answer: dict = field(default_factory=dict)

    @property
    def acknowledged(self) -> bool:
        return self.status == 200


class GaveUp(Exception):
    pass


def definitive(response: requests.Response | None) -> bool:
    if response is None or response.status_code >= 500 or response.status_code == 429:
        return False
    if response.status_code == 409:
        try:
            return "in-progress" not in response.json().get("type", "")
        except ValueError:
            return True
    return True


class Phone:
    """One client: its own connection pool, turning over the gateways."""

    def __init__(self, gateways: list[str], start: int = 0):
        self.session = requests.Session()
        self.gateways = itertools.cycle(gateways[start:] + gateways[:start])

    def write(self, kind: str, marker: str, method: str, path: str, **request) -> Write:
        write = Write(kind, marker, time.monotonic())
        pause = 0.2
        while True:
            write.attempts += 1
            response = None
            try:
                response = self.session.request(method, next(self.gateways) + path, timeout=15, **request)
            except requests.RequestException:  # refused (a gateway down), reset, or no answer in time
                pass
            if definitive(response):
                write.answered, write.status = time.monotonic(), response.status_code
                if response.headers.get("Content-Type", "").startswith(("application/json", "application/problem")):
                    write.answer = response.json()
                return write
            if time.monotonic() - write.first_sent > GIVE_UP_AFTER:
                raise GaveUp(f"{kind} {marker}: no definitive answer after {write.attempts} attempts")
            retry_after = response.headers.get("Retry-After") if response is not None else None
            time.sleep(min(float(retry_after), 5.0) if retry_after and retry_after.isdigit() else pause)
            pause = min(pause * 2, 2.0)


def png(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (seed % 256, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_documents(phone: Phone, headers: dict, required: list[str]) -> list[Write]:
    uploads = []
    for n, document_type in enumerate(required):
        key = str(uuid.uuid4())
        file_name = f"scan-{key[:12]}.png"  # what finds it in the database
        uploads.append(
            phone.write(
                "document",
                file_name,
                "POST",
                "/v1/permits/documents",
                params={"document_type": document_type, "file_name": file_name},
                data=png(n),
                headers={**headers, "Content-Type": "image/png", "Idempotency-Key": key},
            )
        )
    return uploads


def permit_application(phone: Phone, headers: dict, permit_type: dict, nib: str) -> list[Write]:
    """The documents, then the application naming them: every step its own key."""
    uploads = upload_documents(phone, headers, permit_type["required_documents"])
    if not all(u.acknowledged for u in uploads):
        return uploads
    name = f"Toko Chaos {uuid.uuid4().hex[:10]}"
    body = {
        "kbli_code": permit_type["kbli_code"],
        "business_name": name,
        "business_address": "Jl. Nani Wartabone No. 10",
        "region_code": KOTA_VILLAGE,
        "latitude": KOTA_LAT,
        "longitude": KOTA_LON,
        "nib": nib,
        "investment_rupiah": 25_000_000,
        "workforce": 3,
        "document_ids": [u.answer["id"] for u in uploads],
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}
    return [
        *uploads,
        phone.write(
            "permit application", name, "POST", "/v1/permits/applications", json=body, headers={**headers, **key}
        ),
    ]


def complaint(phone: Phone, headers: dict) -> list[Write]:
    """A flood complaint with the filer's category: Siaga makes it a disaster report (an event)."""
    title = f"Banjir chaos {uuid.uuid4().hex[:10]}"
    body = {
        "category": "banjir",
        "title": title,
        "description": "Air sungai meluap dan merendam rumah warga setinggi lutut sejak subuh.",
        "region_code": KOTA_VILLAGE,
        "latitude": KOTA_LAT,
        "longitude": KOTA_LON,
    }
    key = {"Idempotency-Key": str(uuid.uuid4())}
    return [phone.write("complaint", title, "POST", "/v1/complaints", json=body, headers={**headers, **key})]


def disaster_report(phone: Phone, headers: dict) -> list[Write]:
    """A signed-in resident's flood report: Siaga clusters it into an incident (its own event)."""
    description = f"Laporan chaos {uuid.uuid4().hex[:10]}: air setinggi lutut"
    body = {"hazard": "banjir", "latitude": 0.5521, "longitude": 123.1402, "description": description}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    return [
        phone.write(
            "disaster report", description, "POST", "/v1/disaster/reports", json=body, headers={**headers, **key}
        )
    ]


def bank_notification(phone: Phone, secret: str, billing_code: str, amount: int) -> list[Write]:
    """The bank's signed notification of one payment, resent identically (same stamp and signature)."""
    from gorontalo_tax.domain.payments import sign
    from gorontalo_tax.entrypoints.bank_simulator import notification

    transaction_id = "CHAOS-" + uuid.uuid4().hex[:16]
    body = notification(billing_code, amount, transaction_id)
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Gorontalo-Channel": BANK_CHANNEL,
        "X-Gorontalo-Timestamp": stamp,
        "X-Gorontalo-Signature": sign(secret, stamp, body),
        "Idempotency-Key": transaction_id,
    }
    return [phone.write("bank notification", transaction_id, "POST", NOTIFICATION_PATH, data=body, headers=headers)]


class Writer(threading.Thread):
    """Writes one kind of thing again and again, a pause between, until stopped or out of work."""

    def __init__(self, name: str, one_write, pause: float, limit: int | None = None):
        super().__init__(name=name, daemon=True)
        self.one_write, self.pause, self.limit = one_write, pause, limit
        self.writes: list[Write] = []
        self.failures: list[str] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def run(self):
        for n in itertools.count():
            if self.stopping.is_set() or (self.limit is not None and n >= self.limit):
                return
            try:
                done = self.one_write(n)
            except Exception as error:  # noqa: BLE001 -- GaveUp or an unreadable answer: recorded, the test fails on it
                self.failures.append(f"{self.name}: {error!r}")
                return
            with self._lock:
                self.writes.extend(done)
            self.stopping.wait(self.pause)

    @property
    def busy(self) -> bool:
        return self.is_alive() and not self.stopping.is_set()

    def acknowledged_since(self, moment: float) -> Write | None:
        """The first write started after `moment` that was acknowledged (a path serving again)."""
        with self._lock:
            fresh = [w for w in self.writes if w.first_sent >= moment and w.acknowledged]
        return min(fresh, key=lambda w: w.answered, default=None)
