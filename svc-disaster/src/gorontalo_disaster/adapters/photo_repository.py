"""Report photos in the database: the private original and the public copy without EXIF."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .tables import photos


class PhotoRepository:
    def __init__(self, session):
        self.session = session

    def add(
        self,
        photo_id: str,
        *,
        content_type: str,
        width: int,
        height: int,
        original: bytes,
        public: bytes,
        created_at: dt.datetime,
    ) -> None:
        self.session.execute(
            photos.insert().values(
                id=photo_id,
                content_type=content_type,
                width=width,
                height=height,
                original=original,
                public=public,
                created_at=created_at,
            )
        )

    def public_copy(self, photo_id: str) -> tuple[str, bytes] | None:
        row = self.session.execute(sa.select(photos.c.public).where(photos.c.id == photo_id)).first()
        return ("image/jpeg", bytes(row.public)) if row else None

    def existing(self, photo_ids: list[str]) -> set[str]:
        if not photo_ids:
            return set()
        rows = self.session.execute(sa.select(photos.c.id).where(photos.c.id.in_(photo_ids))).all()
        return {row.id for row in rows}
