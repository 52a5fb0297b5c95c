"""Destinations (with their photos and review figures) and businesses, in SQL."""

from __future__ import annotations

import json

import sqlalchemy as sa

from servicekit.db import region_within

from ..domain.model import REVIEW_VISIBLE, Business, Destination
from .tables import businesses, destination_photos, destinations, reviews

_DETAIL_FIELDS = ("description", "opening_hours", "prices", "facilities", "accessibility", "safety_notes", "contacts")


def _figures(session, place_ids: list[str]) -> dict[str, tuple[float, int]]:
    """(average rating, count) of the visible reviews of each place."""
    if not place_ids:
        return {}
    rows = session.execute(
        sa.select(reviews.c.place_id, sa.func.avg(reviews.c.rating), sa.func.count())
        .where(reviews.c.place_id.in_(place_ids), reviews.c.status == REVIEW_VISIBLE)
        .group_by(reviews.c.place_id)
    )
    return {place: (round(float(average), 2), int(count)) for place, average, count in rows}


class DestinationRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def _row(destination: Destination) -> dict:
        details = {name: getattr(destination, name) for name in _DETAIL_FIELDS}
        details["opening_hours"] = [list(period) for period in destination.opening_hours]
        return {
            "id": destination.id,
            "key": destination.key or None,
            "name": destination.name,
            "kind": destination.kind,
            "region_code": destination.region_code,
            "latitude": destination.latitude,
            "longitude": destination.longitude,
            "coordinates_approximate": destination.coordinates_approximate,
            "details": json.dumps(details, ensure_ascii=False, sort_keys=True),
            "source": destination.source,
            "merged_into": destination.merged_into or None,
            "created_at": destination.created_at,
            "updated_at": destination.updated_at,
        }

    def _load(self, rows) -> list[Destination]:
        found = []
        for row in rows:
            details = json.loads(row.details)
            details["opening_hours"] = [tuple(period) for period in details.get("opening_hours", [])]
            found.append(
                Destination(
                    id=row.id,
                    key=row.key or "",
                    name=row.name,
                    kind=row.kind,
                    region_code=row.region_code,
                    latitude=row.latitude,
                    longitude=row.longitude,
                    coordinates_approximate=row.coordinates_approximate,
                    source=row.source,
                    merged_into=row.merged_into or "",
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    **{name: details[name] for name in _DETAIL_FIELDS if name in details},
                )
            )
        ids = [d.id for d in found]
        if ids:
            photos: dict[str, list[str]] = {}
            for photo in self.session.execute(
                sa.select(destination_photos.c.id, destination_photos.c.destination_id)
                .where(destination_photos.c.destination_id.in_(ids))
                .order_by(destination_photos.c.uploaded_at, destination_photos.c.id)
            ):
                photos.setdefault(photo.destination_id, []).append(photo.id)
            figures = _figures(self.session, ids)
            for destination in found:
                destination.photo_ids = photos.get(destination.id, [])
                destination.rating_average, destination.review_count = figures.get(destination.id, (0.0, 0))
        return found

    def add(self, destination: Destination, created_by: str = "") -> None:
        self.session.execute(destinations.insert().values(**self._row(destination), created_by=created_by))

    def update(self, destination: Destination) -> None:
        row = self._row(destination)
        row.pop("created_at")
        self.session.execute(destinations.update().where(destinations.c.id == destination.id).values(**row))

    def get(self, destination_id: str) -> Destination | None:
        found = self._load(self.session.execute(sa.select(destinations).where(destinations.c.id == destination_id)))
        return found[0] if found else None

    def by_keys(self, keys: list[str]) -> dict[str, Destination]:
        if not keys:
            return {}
        rows = self.session.execute(sa.select(destinations).where(destinations.c.key.in_(keys)))
        return {d.key: d for d in self._load(rows)}

    def listed(self, *, kind: str = "", region: str = "") -> list[Destination]:
        """Every destination not merged away, optionally of a kind and within a region, by name.

        The province's list is hundreds of places, not millions: search and distances are computed on
        this list in Python (domain.search) rather than in SQL the two databases would spell apart."""
        query = sa.select(destinations).where(destinations.c.merged_into.is_(None))
        if kind:
            query = query.where(destinations.c.kind == kind)
        if region:
            query = query.where(region_within(destinations.c.region_code, [region]))
        return self._load(self.session.execute(query.order_by(destinations.c.name, destinations.c.id)))

    def move_photos(self, from_id: str, to_id: str) -> None:
        self.session.execute(
            destination_photos.update()
            .where(destination_photos.c.destination_id == from_id)
            .values(destination_id=to_id)
        )


class BusinessRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def _row(business: Business) -> dict:
        return {
            "id": business.id,
            "owner_id": business.owner_id,
            "name": business.name,
            "kind": business.kind,
            "region_code": business.region_code,
            "latitude": business.latitude,
            "longitude": business.longitude,
            "details": json.dumps(
                {"description": business.description, "contacts": business.contacts, "address": business.address},
                ensure_ascii=False,
            ),
            "permit_number": business.permit_number,
            "permit_status": business.permit_status,
            "permit_checked_at": business.permit_checked_at,
            "created_at": business.created_at,
        }

    def _load(self, rows) -> list[Business]:
        found = []
        for row in rows:
            details = json.loads(row.details)
            found.append(
                Business(
                    id=row.id,
                    owner_id=row.owner_id,
                    name=row.name,
                    kind=row.kind,
                    region_code=row.region_code,
                    latitude=row.latitude,
                    longitude=row.longitude,
                    description=details["description"],
                    contacts=details["contacts"],
                    address=details.get("address", ""),  # listings from before addresses have none
                    permit_number=row.permit_number,
                    permit_status=row.permit_status,
                    permit_checked_at=row.permit_checked_at,
                    created_at=row.created_at,
                )
            )
        figures = _figures(self.session, [b.id for b in found])
        for business in found:
            business.rating_average, business.review_count = figures.get(business.id, (0.0, 0))
        return found

    def add(self, business: Business) -> None:
        self.session.execute(businesses.insert().values(**self._row(business)))

    def update_permit(self, business: Business) -> None:
        self.session.execute(
            businesses.update()
            .where(businesses.c.id == business.id)
            .values(permit_status=business.permit_status, permit_checked_at=business.permit_checked_at)
        )

    def update(self, business: Business) -> None:
        """Every field but who listed it and when."""
        row = self._row(business)
        for fixed in ("id", "owner_id", "created_at"):
            row.pop(fixed)
        self.session.execute(businesses.update().where(businesses.c.id == business.id).values(**row))

    def get(self, business_id: str) -> Business | None:
        found = self._load(self.session.execute(sa.select(businesses).where(businesses.c.id == business_id)))
        return found[0] if found else None

    def with_permit(self, permit_number: str) -> list[Business]:
        return self._load(
            self.session.execute(sa.select(businesses).where(businesses.c.permit_number == permit_number))
        )

    def listed(
        self, *, kind: str = "", region: str = "", statuses: tuple[str, ...] = (), jurisdiction=None, owner_id=None
    ) -> list[Business]:
        query = sa.select(businesses)
        if owner_id is not None:
            query = query.where(businesses.c.owner_id == owner_id)
        if kind:
            query = query.where(businesses.c.kind == kind)
        if region:
            query = query.where(region_within(businesses.c.region_code, [region]))
        if statuses:
            query = query.where(businesses.c.permit_status.in_(statuses))
        if jurisdiction is not None:
            query = query.where(region_within(businesses.c.region_code, jurisdiction))
        return self._load(self.session.execute(query.order_by(businesses.c.name, businesses.c.id)))
