"""The sender: drains a service's delivery queue through its transport, with retries, never silently.

Each row is claimed (a lease, so replicas never send one row twice at once), resolved to its number or
address, admitted by the cost cap, sent, and marked, each step committed on its own. A failed attempt is
retried with backoff; after the last one, or when no destination can be found, the row is `failed` and
reported: a WARNING log line (ids and the error, never the destination) and
`gorontalo_notify_deliveries_total{outcome="failed"}`, which the NotificationDeliveriesFailing alert watches.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

from prometheus_client import Counter, Gauge

from .costcap import CostCap, CostCapReached
from .deliveries import CONTACT
from .transports import EMAIL, SMS, Transport, TransportError

log = logging.getLogger(__name__)

DELIVERIES = Counter(
    "gorontalo_notify_deliveries_total",
    "Delivery attempts of SMS and e-mail, by sending service, channel and outcome (sent, retry, failed, capped).",
    ["sender", "channel", "outcome"],
)
PENDING = Gauge("gorontalo_notify_pending", "Deliveries waiting to be sent, by sending service.", ["sender"])

MAX_ATTEMPTS = 8
NO_DESTINATION = "no_destination"


def retry_delay(attempts: int, base_seconds: float = 30.0, cap_seconds: float = 3600.0) -> dt.timedelta:
    """Wait after the `attempts`-th failed attempt (1-based): 30 s, 1, 2, 4, 8 min, ..., at most an hour."""
    return dt.timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1)))


def channel_of(destination: str) -> str:
    """A `contact` row's channel, once its destination is known."""
    return EMAIL if "@" in destination else SMS


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    capped: int = 0
    skipped: int = 0  # claimed by another sender meanwhile


@dataclass
class Sender:
    """Delivers due rows of `getattr(uow, repository)` (a notify.DeliveryRepository or one shaped like it).

    `resolve_destination(row)` turns a row into the number (E.164) or address: decrypting
    `destination_encrypted`, or asking another service for the recipient's contact. None means there is
    none (no verified phone, a key lost): the row fails at once as "no_destination". An exception it
    raises is taken as a passing failure (the other service is down) and retried.
    """

    new_uow: Callable[[], object]
    clock: Callable[[], dt.datetime]
    transport: Transport
    resolve_destination: Callable[[dict], str | None]
    _: KW_ONLY
    sender: str
    cost_cap: CostCap | None = None
    repository: str = "deliveries"
    max_attempts: int = MAX_ATTEMPTS
    retry_base_seconds: float = 30.0
    lease_seconds: float = 120.0
    batch_size: int = 50

    def _repo(self, uow):
        return getattr(uow, self.repository)

    def send_due(self, stop: threading.Event | None = None) -> SendResult:
        """One pass over the due rows; `stop` ends it between two rows (shutdown)."""
        result = SendResult()
        with self.new_uow() as uow:
            ids = self._repo(uow).due_ids(self.clock(), self.batch_size)
        for delivery_id in ids:
            if stop is not None and stop.is_set():
                break
            self._send_one(delivery_id, result)
        self.refresh_pending()
        return result

    def pending_count(self) -> int:
        with self.new_uow() as uow:
            return self._repo(uow).pending_count()

    def refresh_pending(self) -> int:
        count = self.pending_count()
        PENDING.labels(self.sender).set(count)
        return count

    def _send_one(self, delivery_id: str, result: SendResult) -> None:
        now = self.clock()
        with self.new_uow() as uow:
            row = self._repo(uow).claim(delivery_id, now, now + dt.timedelta(seconds=self.lease_seconds))
            uow.commit()
        if row is None:
            result.skipped += 1
            return
        channel = row["channel"]
        try:
            destination = self.resolve_destination(row)
        except Exception as error:  # noqa: BLE001 - only the type: its text could hold the destination
            self._failed(row, channel, f"destination not resolved ({type(error).__name__})", result)
            return
        if not destination:
            self._failed(row, channel, NO_DESTINATION, result, give_up=True)
            return
        if channel not in (SMS, EMAIL):
            if channel != CONTACT:
                self._failed(row, channel, f"unknown channel {channel}", result, give_up=True)
                return
            channel = channel_of(destination)
        if self.cost_cap is not None and row["attempts"] == 0:
            # Counted once per message: a retry after a failed attempt is the same SMS, not another.
            try:
                self.cost_cap.admit(channel, destination)
            except CostCapReached as reached:
                self._capped(row, channel, reached.scope, result)
                return
        try:
            message_id = self.transport.send(
                channel=channel,
                destination=destination,
                message=row["message"],
                reference=row["id"],
                subject=row.get("subject") or "",
            )
        except TransportError as error:
            self._failed(row, channel, str(error), result)
            return
        except Exception as error:  # noqa: BLE001 - a transport bug: retried; only its type is kept, since
            # its text (or traceback) could hold the destination
            self._failed(row, channel, type(error).__name__, result)
            return
        with self.new_uow() as uow:
            self._repo(uow).mark_sent(row["id"], self.clock(), message_id, channel=channel)
            uow.commit()
        DELIVERIES.labels(self.sender, channel, "sent").inc()
        result.sent += 1

    def _capped(self, row: dict, channel: str, scope: str, result: SendResult) -> None:
        with self.new_uow() as uow:
            self._repo(uow).mark_capped(row["id"], scope, channel=channel)
            uow.commit()
        DELIVERIES.labels(self.sender, channel, "capped").inc()
        result.capped += 1

    def _failed(self, row: dict, channel: str, error: str, result: SendResult, *, give_up: bool = False) -> None:
        attempts = row["attempts"] + 1
        retry_at = (
            None
            if give_up or attempts >= self.max_attempts
            else self.clock() + retry_delay(attempts, self.retry_base_seconds)
        )
        with self.new_uow() as uow:
            self._repo(uow).mark_attempt_failed(row["id"], error, retry_at, channel=channel)
            uow.commit()
        DELIVERIES.labels(self.sender, channel, "retry" if retry_at else "failed").inc()
        if retry_at:
            result.retried += 1
            log.info("%s delivery %s attempt %d failed (%s); retried", self.sender, row["id"], attempts, error)
        else:
            result.failed += 1
            log.warning(
                "%s delivery %s (%s, kind %s) failed after %d attempt(s): %s",
                self.sender,
                row["id"],
                channel,
                row.get("kind") or "-",
                attempts,
                error,
            )


class SenderLoop:
    """A thread that drains due deliveries every `interval` seconds until stopped."""

    def __init__(self, sender: Sender, interval: float):
        self.sender, self.interval = sender, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"{sender.sender}-notify-sender", daemon=True)

    def start(self) -> SenderLoop:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sender.send_due(self._stop)
            except Exception:  # noqa: BLE001 - a failed pass is retried next period, the server keeps serving
                log.exception("%s delivery pass failed", self.sender.sender)
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the delivery in hand (each row is committed on its own), then return."""
        self._stop.set()
        self._thread.join(timeout)
