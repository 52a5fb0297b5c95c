"""Helpers of the projection tests: event times, applying envelopes through the consumers' own path, rows."""

import datetime as dt

import sqlalchemy as sa

from servicekit.consumers import Consumers
from servicekit.event_messages import event_types

T0 = dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)  # 09:00 WITA, an hour before the test clock


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def apply(app, *envelopes) -> list[str]:
    consumers = Consumers(app.session_factory, app.settings.stream)
    by_type = {t: s for s in app.subscriptions for t in event_types(s.message)}
    return [consumers.handle(by_type[e["type"]], e) for e in envelopes]


def rows(app, table, order_by="id") -> list[dict]:
    with app.session_factory() as session:
        return [dict(r._mapping) for r in session.execute(sa.select(table).order_by(sa.text(order_by)))]
