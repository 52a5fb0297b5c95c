"""What the inbox takes from an event's envelope: its id (the dedupe and notification key) and time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit.event_messages import MalformedEvent


@dataclass(frozen=True)
class EventMeta:
    id: str
    type: str
    time: dt.datetime


def parse_time(raw) -> dt.datetime | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def meta(envelope: dict) -> EventMeta:
    """The read model is ordered by event times: an event without one cannot be placed (dead letter)."""
    at = parse_time(envelope.get("time"))
    if at is None:
        raise MalformedEvent("the event has no valid time")
    return EventMeta(str(envelope["id"]), str(envelope.get("type", "")), at.astimezone(dt.UTC))
