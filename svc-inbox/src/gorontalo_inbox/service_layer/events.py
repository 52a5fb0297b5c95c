"""What the inbox takes from an event's envelope: its id (the dedupe and notification key) and time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekit.event_messages import MalformedEvent
from servicekit.messaging import event_time


@dataclass(frozen=True)
class EventMeta:
    id: str
    type: str
    time: dt.datetime


def meta(envelope: dict) -> EventMeta:
    """The read model is ordered by event times: an event without one cannot be placed (dead letter)."""
    at = event_time(envelope.get("time"))
    if at is None:
        raise MalformedEvent("the event has no valid time")
    return EventMeta(str(envelope["id"]), str(envelope.get("type", "")), at.astimezone(dt.UTC))
