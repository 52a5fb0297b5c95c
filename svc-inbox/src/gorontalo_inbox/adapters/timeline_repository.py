"""Timeline items: one row per application, bill, complaint or credential."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from ..domain.model import BILL, TimelineItem
from .tables import timeline_items

_FIELDS = [f.name for f in dataclasses.fields(TimelineItem)]


# Built once: every event of a signed-in resident reads and writes one item, and building the statement
# per call (.where(kind == ...), .values(**item)) was a third of the consumer's CPU per event (py-spy
# under POST /v1/disaster/reports: statement construction and its cache key, issue 20).
_BY_REF = sa.select(timeline_items).where(
    timeline_items.c.kind == sa.bindparam("b_kind"), timeline_items.c.ref_id == sa.bindparam("b_ref_id")
)
_BY_REF_FOR_UPDATE = _BY_REF.with_for_update()
_INSERT = timeline_items.insert()
_UPDATE = timeline_items.update().where(timeline_items.c.id == sa.bindparam("b_id"))


def _item(row) -> TimelineItem:
    return TimelineItem(**{name: row._mapping[name] for name in _FIELDS})


class TimelineRepository:
    def __init__(self, session):
        self.session = session

    def get(self, kind: str, ref_id: str, *, for_update: bool = False) -> TimelineItem | None:
        """`for_update`: held until commit, so consumers of two event types about one item (applied
        side by side) never write over each other's change (PostgreSQL; SQLite writes one at a time)."""
        query = _BY_REF_FOR_UPDATE if for_update else _BY_REF
        row = self.session.execute(query, {"b_kind": kind, "b_ref_id": ref_id}).first()
        return _item(row) if row else None

    def save(self, item: TimelineItem, *, new: bool) -> None:
        values = {name: getattr(item, name) for name in _FIELDS}
        if new:
            self.session.execute(_INSERT, values)
        else:
            values["b_id"] = values.pop("id")
            self.session.execute(_UPDATE, values)

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
