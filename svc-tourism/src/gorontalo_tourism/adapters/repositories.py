"""Calendar events, reviews (with their reports) and photo records, in SQL."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from servicekit.db import region_within

from ..domain.model import REVIEW_HIDDEN, REVIEW_VISIBLE, Event, Review
from .tables import destination_photos, events, review_reports, reviews


class EventRepository:
    def __init__(self, session):
        self.session = session

    def add(self, event: Event) -> None:
        self.session.execute(
            events.insert().values(
                id=event.id,
                details=json.dumps({"name": event.name, "description": event.description}, ensure_ascii=False),
                start_date=event.start_date,
                end_date=event.end_date,
                region_code=event.region_code,
                destination_id=event.destination_id or None,
                place_name=event.place_name,
                latitude=event.latitude,
                longitude=event.longitude,
                created_by=event.created_by,
                updated_at=event.updated_at,
            )
        )

    @staticmethod
    def _event(row) -> Event:
        details = json.loads(row.details)
        return Event(
            id=row.id,
            name=details["name"],
            description=details["description"],
            start_date=row.start_date,
            end_date=row.end_date,
            region_code=row.region_code,
            destination_id=row.destination_id or "",
            place_name=row.place_name,
            latitude=row.latitude,
            longitude=row.longitude,
            created_by=row.created_by,
            updated_at=row.updated_at,
        )

    def get(self, event_id: str) -> Event | None:
        row = self.session.execute(sa.select(events).where(events.c.id == event_id)).first()
        return self._event(row) if row else None

    def between(
        self, start: dt.date | None, end: dt.date | None, *, region: str = "", offset: int = 0, limit: int = 1000
    ) -> list[Event]:
        """Events overlapping [start, end] (either open), soonest first."""
        query = sa.select(events)
        if start is not None:
            query = query.where(events.c.end_date >= start)
        if end is not None:
            query = query.where(events.c.start_date <= end)
        if region:
            query = query.where(region_within(events.c.region_code, [region]))
        query = query.order_by(events.c.start_date, events.c.id).offset(offset).limit(limit)
        return [self._event(row) for row in self.session.execute(query)]

    def move_destination(self, from_id: str, to_id: str) -> None:
        self.session.execute(events.update().where(events.c.destination_id == from_id).values(destination_id=to_id))


class ReviewRepository:
    def __init__(self, session):
        self.session = session

    def add(self, review: Review) -> None:
        self.session.execute(
            reviews.insert().values(
                id=review.id,
                place_id=review.place_id,
                region_code=review.region_code,
                author_id=review.author_id,
                display_name=review.display_name,
                rating=review.rating,
                text=review.text,
                status=review.status,
                report_count=review.report_count,
                created_at=review.created_at,
            )
        )

    @staticmethod
    def _review(row) -> Review:
        return Review(
            id=row.id,
            place_id=row.place_id,
            region_code=row.region_code,
            author_id=row.author_id,
            display_name=row.display_name,
            rating=row.rating,
            text=row.text,
            status=row.status,
            report_count=row.report_count,
            created_at=row.created_at,
            moderated_by=row.moderated_by,
        )

    def get(self, review_id: str) -> Review | None:
        row = self.session.execute(sa.select(reviews).where(reviews.c.id == review_id)).first()
        return self._review(row) if row else None

    def by_author(self, place_id: str, author_id: str) -> Review | None:
        row = self.session.execute(
            sa.select(reviews).where(reviews.c.place_id == place_id, reviews.c.author_id == author_id)
        ).first()
        return self._review(row) if row else None

    def visible(self, place_id: str, *, offset: int, limit: int) -> list[Review]:
        query = (
            sa.select(reviews)
            .where(reviews.c.place_id == place_id, reviews.c.status == REVIEW_VISIBLE)
            .order_by(reviews.c.created_at.desc(), reviews.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [self._review(row) for row in self.session.execute(query)]

    def reported(self, jurisdiction, *, offset: int, limit: int) -> list[Review]:
        query = (
            sa.select(reviews)
            .where(reviews.c.status == REVIEW_HIDDEN, region_within(reviews.c.region_code, jurisdiction))
            .order_by(reviews.c.created_at, reviews.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [self._review(row) for row in self.session.execute(query)]

    def add_report(self, review_id: str, reporter_id: str, reason: str, at: dt.datetime) -> bool:
        """Record one person's report of a review; False when they had reported it already."""
        exists = self.session.execute(
            sa.select(review_reports.c.review_id).where(
                review_reports.c.review_id == review_id, review_reports.c.reporter_id == reporter_id
            )
        ).first()
        if exists:
            return False
        self.session.execute(
            review_reports.insert().values(review_id=review_id, reporter_id=reporter_id, reason=reason, reported_at=at)
        )
        return True

    def save_status(self, review: Review, at: dt.datetime | None = None) -> None:
        self.session.execute(
            reviews.update()
            .where(reviews.c.id == review.id)
            .values(
                status=review.status,
                report_count=review.report_count,
                moderated_by=review.moderated_by,
                moderated_at=at,
            )
        )

    def of_place(self, place_id: str) -> list[Review]:
        return [self._review(r) for r in self.session.execute(sa.select(reviews).where(reviews.c.place_id == place_id))]

    def move(self, review: Review, to_place: str) -> None:
        self.session.execute(reviews.update().where(reviews.c.id == review.id).values(place_id=to_place))

    def delete(self, review_id: str) -> None:
        self.session.execute(review_reports.delete().where(review_reports.c.review_id == review_id))
        self.session.execute(reviews.delete().where(reviews.c.id == review_id))


class PhotoRepository:
    def __init__(self, session):
        self.session = session

    def add(self, *, photo_id, destination_id, content_type, width, height, uploaded_by, uploaded_at) -> None:
        self.session.execute(
            destination_photos.insert().values(
                id=photo_id,
                destination_id=destination_id,
                content_type=content_type,
                width=width,
                height=height,
                uploaded_by=uploaded_by,
                uploaded_at=uploaded_at,
            )
        )

    def content_type(self, photo_id: str) -> str | None:
        return self.session.execute(
            sa.select(destination_photos.c.content_type).where(destination_photos.c.id == photo_id)
        ).scalar()
