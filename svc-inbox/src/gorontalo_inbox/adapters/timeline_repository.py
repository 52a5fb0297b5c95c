"""Timeline items: one row per application, bill, complaint or credential."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from ..domain.model import BILL, TimelineItem
from .tables import timeline_items

_FIELDS = [f.name for f in dataclasses.fields(TimelineItem)]


def _item(row) -> TimelineItem:
    return TimelineItem(**{name: row._mapping[name] for name in _FIELDS})


class TimelineRepository:
    def __init__(self, session):
        self.session = session

    def get(self, kind: str, ref_id: str, *, for_update: bool = False) -> TimelineItem | None:
        """`for_update`: held until commit, so consumers of two event types about one item (applied
        side by side) never write over each other's change (PostgreSQL; SQLite writes one at a time)."""
        query = sa.select(timeline_items).where(timeline_items.c.kind == kind, timeline_items.c.ref_id == ref_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return _item(row) if row else None

    def save(self, item: TimelineItem, *, new: bool) -> None:
        values = {name: getattr(item, name) for name in _FIELDS if name != "id"}
        if new:
            self.session.execute(timeline_items.insert().values(id=item.id, **values))
        else:
            self.session.execute(timeline_items.update().where(timeline_items.c.id == item.id).values(**values))

    def of_resident(self, resident_id: str, *, kind: str = "", offset: int, limit: int) -> list[TimelineItem]:
        """The most recently changed first (ties by id, so pages never overlap)."""
        c = timeline_items.c
        query = sa.select(timeline_items).where(c.resident_id == resident_id)
        if kind:
            query = query.where(c.kind == kind)
        rows = self.session.execute(query.order_by(c.updated_at.desc(), c.id.desc()).offset(offset).limit(limit)).all()
        return [_item(row) for row in rows]

    def bills_due_between(self, first: str, last: str) -> list[TimelineItem]:
        """Unpaid bills of a known owner, due within [first, last] (YYYY-MM-DD), not yet reminded of."""
        c = timeline_items.c
        rows = self.session.execute(
            sa.select(timeline_items)
            .where(
                c.kind == BILL,
                c.state == "unpaid",
                c.resident_id != "",
                c.reminded_at.is_(None),
                c.due_date >= first,
                c.due_date <= last,
            )
            .order_by(c.due_date, c.id)
        ).all()
        return [_item(row) for row in rows]
