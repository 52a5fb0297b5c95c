"""Rebuilding the read model from the stream: the same events, the same projections, nothing sent.

Every replayed event goes through the consumer that would have applied it live (`Consumers.handle`:
the inbox row under that consumer's durable name, then the projection, in one transaction), so an
event the live consumer delivers later is a duplicate. The app's Outbound has delivery off: no
notification is queued for SMS or e-mail again, the due-soon scan at the end included.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from servicekit.consumers import Consumers, Subscription
from servicekit.event_messages import MalformedEvent, event_types
from servicekit.messaging import inbox

from ..adapters.tables import READ_MODELS


class NotEmpty(RuntimeError):
    """The read model holds data: rebuild into an empty database, or truncate it first."""


@dataclass
class Outcome:
    applied: Counter = field(default_factory=Counter)  # by outcome: processed, duplicate, malformed, ignored

    def record(self, outcome: str) -> None:
        self.applied[outcome] += 1


def is_empty(session_factory) -> bool:
    with session_factory() as session:
        return all(session.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() == 0 for t in READ_MODELS)


def truncate(session_factory, subscriptions: list[Subscription]) -> None:
    """Empty the derived tables and forget which events the inbox's consumers applied (preferences,
    read marks and the delivery history stay)."""
    durables = [s.durable for s in subscriptions]
    with session_factory() as session, session.begin():
        for table in READ_MODELS:
            session.execute(table.delete())
        session.execute(inbox.delete().where(inbox.c.consumer.in_(durables)))


class Replayer:
    """Applies replayed envelopes through the subscriptions of the running service."""

    def __init__(self, session_factory, stream: str, subscriptions: list[Subscription]):
        self.consumers = Consumers(session_factory, stream)
        self.by_type = {t: s for s in subscriptions for t in event_types(s.message)}
        self.outcome = Outcome()

    def apply(self, envelope: dict) -> None:
        subscription = self.by_type.get(envelope.get("type"))
        if subscription is None:
            self.outcome.record("ignored")
            return
        try:
            self.outcome.record(self.consumers.handle(subscription, envelope))
        except MalformedEvent:
            self.outcome.record("malformed")  # the live consumer dead-lettered it too
