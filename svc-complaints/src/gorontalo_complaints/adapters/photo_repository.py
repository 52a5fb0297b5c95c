"""Complaint photos in the database: staged uploads, attached photos, and the stale uploads to discard."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.model import PhotoView
from .tables import complaint_photos

# Built once: SQLAlchemy finds their compiled SQL by a cache key memoized on the statement, where a
# statement built per call is constructed and keyed again (issue 20: every public list asks of_many).
_OF_MANY = (
    sa.select(complaint_photos)
    .where(complaint_photos.c.complaint_id.in_(sa.bindparam("complaint_ids", expanding=True)))
    .order_by(complaint_photos.c.created_at, complaint_photos.c.id)
)


def _photo(row) -> PhotoView:
    return PhotoView(
        id=row.id,
        kind=row.kind,
        content_type=row.content_type,
        width=row.width,
        height=row.height,
        size_bytes=row.size_bytes,
        created_at=row.created_at,
    )


class PhotoRepository:
    def __init__(self, session):
        self.session = session

    def add(self, **row) -> None:
        self.session.execute(complaint_photos.insert().values(**row))

    def get(self, photo_id: str):
        row = self.session.execute(sa.select(complaint_photos).where(complaint_photos.c.id == photo_id)).first()
        return row._mapping if row else None

    def of(self, complaint_id: str) -> list[PhotoView]:
        rows = self.session.execute(
            sa.select(complaint_photos)
            .where(complaint_photos.c.complaint_id == complaint_id)
            .order_by(complaint_photos.c.created_at, complaint_photos.c.id)
        ).all()
        return [_photo(r) for r in rows]

    def of_many(self, complaint_ids: list[str]) -> dict[str, list[PhotoView]]:
        found: dict[str, list[PhotoView]] = {}
        if not complaint_ids:
            return found
        rows = self.session.execute(_OF_MANY, {"complaint_ids": list(complaint_ids)}).all()
        for row in rows:
            found.setdefault(row.complaint_id, []).append(_photo(row))
        return found

    def count_of(self, complaint_id: str, kind: str) -> int:
        return self.session.execute(
            sa.select(sa.func.count())
            .select_from(complaint_photos)
            .where(complaint_photos.c.complaint_id == complaint_id, complaint_photos.c.kind == kind)
        ).scalar_one()

    def attach(self, photo_id: str, complaint_id: str) -> bool:
        """Attach a staged photo; False when someone attached it first."""
        result = self.session.execute(
            complaint_photos.update()
            .where(complaint_photos.c.id == photo_id, complaint_photos.c.complaint_id.is_(None))
            .values(complaint_id=complaint_id)
        )
        return result.rowcount == 1

    def staged_before(self, moment: dt.datetime, limit: int = 500) -> list:
        """Uploads never named in a filing, older than `moment`: (id, storage_key)."""
        return self.session.execute(
            sa.select(complaint_photos.c.id, complaint_photos.c.storage_key)
            .where(complaint_photos.c.complaint_id.is_(None), complaint_photos.c.created_at < moment)
            .limit(limit)
        ).all()

    def delete_staged(self, photo_id: str) -> bool:
        result = self.session.execute(
            complaint_photos.delete().where(
                complaint_photos.c.id == photo_id, complaint_photos.c.complaint_id.is_(None)
            )
        )
        return result.rowcount == 1
