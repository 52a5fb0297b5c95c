"""Complaints in the database, and the questions the use cases ask about them."""

from __future__ import annotations

import datetime as dt
import functools
import json

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from servicekit import regions
from servicekit.db import region_within
from servicekit.errors import Aborted

from ..domain import lifecycle
from ..domain.model import Complaint, TrackingCodeTaken
from .tables import complaints

# Columns written back by save(): everything that follow-up changes.
_MUTABLE = (
    "category",
    "region_code",
    "status",
    "agency_code",
    "agency_name",
    "needs_dispatch",
    "suggested_category",
    "suggestion_confidence",
    "rejection_reason",
    "rating",
    "rating_comment",
    "dispositioned_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "category_source",
)  # support_count: see add_support


def _from_row(row) -> Complaint:
    return Complaint(
        id=row.id,
        tracking_code=row.tracking_code,
        reporter_id=row.reporter_id,
        category=row.category,
        title=row.title,
        description=row.description,
        latitude=row.latitude,
        longitude=row.longitude,
        region_code=row.region_code,
        privacy=row.privacy,
        channel=row.channel,
        status=row.status,
        filed_at=row.filed_at,
        agency_code=row.agency_code,
        agency_name=row.agency_name,
        needs_dispatch=bool(row.needs_dispatch),
        suggested_category=row.suggested_category,
        suggestion_confidence=row.suggestion_confidence,
        rejection_reason=row.rejection_reason,
        rating=row.rating,
        rating_comment=row.rating_comment,
        dispositioned_at=row.dispositioned_at,
        first_response_at=row.first_response_at,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        category_source=row.category_source,
        breached_deadlines=tuple(name for name in row.breached_deadlines.split(",") if name),
        support_count=row.support_count,
        contact_encrypted=row.contact_encrypted,
        contact_index=row.contact_index,
        address=row.address,
        attributes=json.loads(row.attributes or "{}"),
    )


# The public list's statement for each set of criteria given, built once with bound parameters (issue
# 20: building and keying it per call was a fifth of the list's CPU). The criteria are region_within's
# (a region or inside it), equality, IN and [from, before) or [from, until] of filing.
_PUBLIC_CONDITIONS = {
    "region": lambda: sa.or_(
        complaints.c.region_code == sa.bindparam("region"), complaints.c.region_code.like(sa.bindparam("region_prefix"))
    ),
    "category": lambda: complaints.c.category == sa.bindparam("category"),
    "agency_code": lambda: complaints.c.agency_code == sa.bindparam("agency_code"),
    "statuses": lambda: complaints.c.status.in_(sa.bindparam("statuses", expanding=True)),
    "tracking_codes": lambda: complaints.c.tracking_code.in_(sa.bindparam("tracking_codes", expanding=True)),
    "filed_from": lambda: complaints.c.filed_at >= sa.bindparam("filed_from"),
    "filed_before": lambda: complaints.c.filed_at < sa.bindparam("filed_before"),
    "filed_until": lambda: complaints.c.filed_at <= sa.bindparam("filed_until"),
}


@functools.cache  # bounded: one per subset of _PUBLIC_CONDITIONS (+ limit or not)
def _public_query(given: frozenset) -> sa.Select:
    conditions = [complaints.c.privacy != "rahasia"]
    conditions += [build() for name, build in _PUBLIC_CONDITIONS.items() if name in given]
    query = (
        sa.select(complaints)
        .where(*conditions)
        .order_by(complaints.c.filed_at.desc(), complaints.c.id.desc())
        .offset(sa.bindparam("offset", type_=sa.Integer))
    )
    if "limit" in given:
        query = query.limit(sa.bindparam("limit", type_=sa.Integer))
    return query


def _row_of(complaint: Complaint) -> dict:
    row = {name: getattr(complaint, name) for name in _MUTABLE}
    row["breached_deadlines"] = ",".join(complaint.breached_deadlines)
    return row


class ComplaintRepository:
    def __init__(self, session):
        self.session = session
        self._versions: dict[str, int] = {}  # id -> version as read, for optimistic concurrency

    def add(self, complaint: Complaint) -> None:
        """Insert in a savepoint, so a tracking-code collision leaves the transaction usable."""
        row = {
            "id": complaint.id,
            "tracking_code": complaint.tracking_code,
            "reporter_id": complaint.reporter_id,
            "category": complaint.category,
            "title": complaint.title,
            "description": complaint.description,
            "latitude": complaint.latitude,
            "longitude": complaint.longitude,
            "region_code": complaint.region_code,
            "privacy": complaint.privacy,
            "channel": complaint.channel,
            "status": complaint.status,
            "filed_at": complaint.filed_at,
            **_row_of(complaint),
            "version": 1,
            "contact_encrypted": complaint.contact_encrypted,
            "contact_index": complaint.contact_index,
            "address": complaint.address,
            "attributes": json.dumps(complaint.attributes, ensure_ascii=False),
        }
        try:
            with self.session.begin_nested():
                self.session.execute(complaints.insert().values(**row))
        except sa_exc.IntegrityError:
            if self.by_tracking_code(complaint.tracking_code) is not None:
                raise TrackingCodeTaken(complaint.tracking_code) from None
            raise
        self._versions[complaint.id] = 1

    def save(self, complaint: Complaint) -> None:
        """Write back a complaint read in this unit of work; Aborted when someone changed it meanwhile."""
        version = self._versions[complaint.id]
        result = self.session.execute(
            complaints.update()
            .where(complaints.c.id == complaint.id, complaints.c.version == version)
            .values(**_row_of(complaint), version=version + 1)
        )
        if result.rowcount != 1:
            raise Aborted()
        self._versions[complaint.id] = version + 1

    def _track(self, rows) -> list[Complaint]:
        for row in rows:
            self._versions[row.id] = row.version
        return [_from_row(row) for row in rows]

    def _select(
        self, *conditions, offset: int = 0, limit: int | None = None, newest_first: bool = True
    ) -> list[Complaint]:
        order = (
            (complaints.c.filed_at.desc(), complaints.c.id.desc())
            if newest_first
            else (complaints.c.filed_at, complaints.c.id)
        )
        query = sa.select(complaints).where(*conditions).order_by(*order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return self._track(self.session.execute(query).all())

    def get(self, complaint_id: str) -> Complaint | None:
        found = self._select(complaints.c.id == complaint_id)
        return found[0] if found else None

    def ids_with_status(self, statuses) -> list[str]:
        """Ids of the complaints in any of `statuses`, oldest first (the deadline sweep's work list)."""
        return list(
            self.session.execute(
                sa.select(complaints.c.id)
                .where(complaints.c.status.in_(tuple(statuses)))
                .order_by(complaints.c.filed_at, complaints.c.id)
            ).scalars()
        )

    def agency_inbox(
        self, agency_code: str, jurisdiction, *, status: str = "", offset: int, limit: int
    ) -> list[Complaint]:
        """The agency's complaints within the jurisdiction, oldest first; of one status if given."""
        conditions = [complaints.c.agency_code == agency_code, region_within(complaints.c.region_code, jurisdiction)]
        if status:
            conditions.append(complaints.c.status == status)
        return self._select(*conditions, offset=offset, limit=limit, newest_first=False)

    def awaiting_dispatch(self, scope, *, offset: int, limit: int) -> list[Complaint]:
        """Waiting for a dispatcher (received or verified), within `scope` or not yet located; oldest first."""
        return self._select(
            complaints.c.needs_dispatch == sa.true(),
            complaints.c.status.in_((lifecycle.RECEIVED, lifecycle.VERIFIED)),
            sa.or_(complaints.c.region_code == "", region_within(complaints.c.region_code, scope)),
            offset=offset,
            limit=limit,
            newest_first=False,
        )

    def public(
        self,
        *,
        region_code: str = "",
        category: str = "",
        agency_code: str = "",
        statuses=(),
        tracking_codes=None,
        filed_from: dt.datetime | None = None,
        filed_before: dt.datetime | None = None,
        filed_until: dt.datetime | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Complaint]:
        """Complaints anyone may list (never rahasia), newest first, matching every criterion given:
        within a region, of a category, agency or status, among tracking codes, filed in [from, before)
        or [from, until]."""
        params = {
            "category": category or None,
            "agency_code": agency_code or None,
            "statuses": list(statuses) or None,
            "tracking_codes": list(tracking_codes) if tracking_codes is not None else None,
            "filed_from": filed_from,
            "filed_before": filed_before,
            "filed_until": filed_until,
            "limit": limit,
        }
        if region_code:
            code = regions.normalise(region_code)
            if not code:
                return []  # region_within: a region that is none matches nothing
            params["region"], params["region_prefix"] = code, code + ".%"
        given = {name: value for name, value in params.items() if value is not None}
        query = _public_query(frozenset(given))
        return self._track(self.session.execute(query, {**given, "offset": offset}).all())

    def open_public_in_box(
        self, category: str, *, lat_min: float, lat_max: float, lon_min: float, lon_max: float
    ) -> list[Complaint]:
        """Open, non-confidential complaints of `category` located inside the box (nearby candidates)."""
        return self._select(
            complaints.c.category == category,
            complaints.c.status.in_(lifecycle.OPEN_STATUSES),
            complaints.c.privacy != "rahasia",
            complaints.c.latitude.between(lat_min, lat_max),
            complaints.c.longitude.between(lon_min, lon_max),
        )

    def filed_between(self, begins: dt.datetime, ends: dt.datetime) -> list[Complaint]:
        """Filed in [begins, ends), oldest first."""
        return self._select(complaints.c.filed_at >= begins, complaints.c.filed_at < ends, newest_first=False)

    def by_tracking_code(self, tracking_code: str) -> Complaint | None:
        row = self.session.execute(sa.select(complaints).where(complaints.c.tracking_code == tracking_code)).first()
        return self._track([row])[0] if row else None

    def by_reporter(self, reporter_id: str, *, offset: int, limit: int) -> list[Complaint]:
        """A reporter's complaints, newest first (ties broken by id, so pages never overlap)."""
        rows = self.session.execute(
            sa.select(complaints)
            .where(complaints.c.reporter_id == reporter_id)
            .order_by(complaints.c.filed_at.desc(), complaints.c.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return [_from_row(row) for row in rows]

    def contact_filings_since(self, contact_index: str, since: dt.datetime) -> int:
        return self.session.execute(
            sa.select(sa.func.count())
            .select_from(complaints)
            .where(complaints.c.contact_index == contact_index, complaints.c.filed_at >= since)
        ).scalar_one()

    def contact_filings_times_since(self, contact_index: str, since: dt.datetime) -> list[dt.datetime]:
        """Filing times of one contact since `since`, oldest first (the limit's count and its Retry-After)."""
        return list(
            self.session.execute(
                sa.select(complaints.c.filed_at)
                .where(complaints.c.contact_index == contact_index, complaints.c.filed_at >= since)
                .order_by(complaints.c.filed_at)
            ).scalars()
        )

    def add_support(self, complaint_id: str) -> None:
        """Atomic increment: two supporters at once both count, whatever version each read."""
        self.session.execute(
            complaints.update()
            .where(complaints.c.id == complaint_id)
            .values(support_count=complaints.c.support_count + 1)
        )
