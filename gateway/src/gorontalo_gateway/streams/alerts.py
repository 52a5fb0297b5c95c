"""Alert events as the stream serves them: region filter, SSE frames, resume cursor.

Plain Python: no asyncio, no NATS, no HTTP. The contract is svc-disaster's message
gorontalo.disaster.v1.AlertPublished (proto/gorontalo/disaster/v1/events.proto).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from gorontalo.disaster.v1.events_pb2 import AlertPublished
from servicekit import event_messages, regions, tracing

SUBJECT_PREFIX = "gorontalo.disaster.alert."
SUBJECT_FILTER = SUBJECT_PREFIX + ">"
ALERT_TYPES = tuple(event_messages.event_types(AlertPublished))  # issued, updated, cancelled
KINDS = tuple(t.removeprefix(SUBJECT_PREFIX) for t in ALERT_TYPES)


class NotAnAlert(event_messages.MalformedEvent):
    """A message on the alert subjects that is not an AlertPublished event: skipped, never retried."""


@dataclass(frozen=True)
class Alert:
    seq: int  # JetStream stream sequence: the SSE event id
    kind: str  # issued | updated | cancelled
    region_codes: tuple[str, ...]
    frame: bytes  # rendered once, written to every subscriber as is
    request_id: str = ""  # of the request that issued it (CloudEvents extension), for the logs
    published_at: float | None = None  # the CloudEvent's `time` (epoch seconds): the delivery SLO's start
    # The CloudEvent's id and trace context (traceparent, tracestate): its delivery joins the issuing trace.
    event: tuple[tuple[str, str], ...] = ()

    @property
    def event_name(self) -> str:
        return f"alert.{self.kind}"


def affects(region_codes, region: str) -> bool:
    """True when an alert for `region_codes` concerns a subscriber of `region`.

    Either the alert area lies inside the region (75.03.01 for a 75.03 subscriber)
    or the region lies inside the alert area (a province-wide 75 alert for 75.03).
    """
    for raw in region_codes:
        code = regions.normalise(raw) if isinstance(raw, str) else None
        if not code:
            continue
        if code == region or code.startswith(region + ".") or region.startswith(code + "."):
            return True
    return False


def from_message(seq: int, subject: str, body: bytes) -> Alert:
    """Parse a CloudEvent (as servicekit.messaging writes it) published on an alert subject.

    The data is parsed into AlertPublished; the frame is that message's JSON (every field of the
    contract, fields a newer producer added dropped until the gateway knows them).
    """
    if subject not in ALERT_TYPES:
        raise NotAnAlert(f"unexpected subject {subject}")
    kind = subject.removeprefix(SUBJECT_PREFIX)
    try:
        envelope = json.loads(body)
        data = envelope["data"]
    except (ValueError, KeyError, TypeError) as e:
        raise NotAnAlert(f"not a CloudEvent: {type(e).__name__}") from None
    try:
        alert = event_messages.parse(AlertPublished, data)
    except event_messages.MalformedEvent as e:
        raise NotAnAlert(str(e)) from None
    if not alert.region_codes:
        raise NotAnAlert("region_codes missing")
    if not alert.alert_id:
        raise NotAnAlert("alert_id missing")
    # Clients follow the link for the full CAP document; the contract has it, older events may not.
    alert.cap_url = alert.cap_url or f"/v1/disaster/alerts/{alert.alert_id}.cap.xml"
    request_id = envelope.get("requestid") if isinstance(envelope, dict) else ""
    return Alert(
        seq=seq,
        kind=kind,
        region_codes=tuple(alert.region_codes),
        frame=render(seq, f"alert.{kind}", event_messages.to_data(alert)),
        request_id=request_id if isinstance(request_id, str) else "",
        published_at=_epoch_seconds(envelope.get("time") if isinstance(envelope, dict) else None),
        event=_event_fields(envelope, subject),
    )


def _event_fields(envelope, subject: str) -> tuple[tuple[str, str], ...]:
    fields = {"type": subject}
    if isinstance(envelope, dict):
        fields.update({k: envelope[k] for k in ("id", *tracing.TRACE_FIELDS) if isinstance(envelope.get(k), str)})
    return tuple(fields.items())


def _epoch_seconds(stamp) -> float | None:
    """RFC 3339 `time` of a CloudEvent as epoch seconds; None when absent or not a time."""
    if not isinstance(stamp, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo else None


def render(seq: int, event: str, data: dict) -> bytes:
    # json.dumps without indent never emits a newline, so one `data:` line carries the whole event.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {seq}\nevent: {event}\ndata: {text}\n\n".encode()


def cursor_frame(seq: int) -> bytes:
    """An id without data: browsers store it as lastEventId without dispatching an event.

    Sent on connect and after a replay, so a client that drops before the next alert
    resumes from here instead of from nothing.
    """
    return f"id: {seq}\n\n".encode()


def preamble(retry_ms: int) -> bytes:
    return f"retry: {retry_ms}\n: connected\n\n".encode()


HEARTBEAT = b": ping\n\n"


class Cursor:
    """Merges a replay with the live feed: each alert goes out once, in stream order.

    The live subscription is registered before the replay starts, so anything published
    meanwhile is in both; every alert at or below the last sent sequence is dropped.
    """

    def __init__(self, after: int = 0):
        self.position = after

    def admit(self, alerts) -> list[Alert]:
        fresh = []
        for alert in alerts:
            if alert.seq > self.position:
                fresh.append(alert)
                self.position = alert.seq
        return fresh

    def advance(self, seq: int) -> bool:
        """Move past alerts scanned but not sent (other regions); True when it moved."""
        if seq > self.position:
            self.position = seq
            return True
        return False


def parse_last_event_id(value: str | None) -> int | None:
    """Last-Event-ID header -> sequence; None when absent. ValueError when malformed."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 19:
        raise ValueError(value)
    return int(value)
