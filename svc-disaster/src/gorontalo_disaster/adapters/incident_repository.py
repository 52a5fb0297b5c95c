"""Incidents and their H3 cells in the database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.incident import OPEN_STATUSES, Incident, SituationNote
from .tables import incident_cells, incidents


def _region_index(incident: Incident) -> str:
    return " " + " ".join(incident.region_codes) + " "


# The clustering consumer's statements, built once (issue 20: building a statement and its cache key
# for every report was a third of the disaster process's CPU per report). Values are bound per call.
_INSERT = incidents.insert()
_UPDATE = incidents.update().where(incidents.c.id == sa.bindparam("b_id"))
_BY_ID = sa.select(incidents).where(incidents.c.id == sa.bindparam("b_id"))
_BY_ID_FOR_UPDATE = _BY_ID.with_for_update()
_HAS_CELL = sa.select(incident_cells.c.cell).where(
    incident_cells.c.incident_id == sa.bindparam("b_id"), incident_cells.c.cell == sa.bindparam("b_cell")
)
_ADD_CELL = incident_cells.insert()
_OPEN = sa.select(incidents).where(
    incidents.c.hazard == sa.bindparam("b_hazard"), incidents.c.status.in_(OPEN_STATUSES)
)
_NEWEST_ACTIVITY_FIRST = (incidents.c.last_reported_at.desc(), incidents.c.id)
_OPEN_ANYWHERE = _OPEN.order_by(*_NEWEST_ACTIVITY_FIRST)
_OPEN_NEAR = _OPEN.where(
    incidents.c.id.in_(
        sa.select(incident_cells.c.incident_id).where(
            incident_cells.c.cell.in_(sa.bindparam("b_cells", expanding=True))
        )
    )
).order_by(*_NEWEST_ACTIVITY_FIRST)


_NEWEST_ACTIVITY_KEY = lambda incident: (-incident.last_reported_at.timestamp(), incident.id)  # noqa: E731
_HELD = "disaster.incidents.held"


class _HeldIncidents:
    """What clustering holds in one transaction (issue 20): the incidents it created or read under their
    row lock, so they are current here and nobody else changes them until the commit; their changes,
    written once each just before the commit instead of once per report absorbed; and the cells known
    to be recorded. A consumer batch of 32 reports into one incident: one UPDATE instead of 32."""

    def __init__(self):
        self.incidents: dict[str, Incident] = {}
        self.changed: set[str] = set()
        self.cells: set[tuple[str, str]] = set()
        # Open candidates already read, by (hazard, cells): a batch of reports from one place reads
        # them once. Forgotten for a hazard when one of its incidents is added or takes a new cell
        # (either can make an incident a candidate where it was not).
        self.candidates: dict[tuple[str, frozenset[str] | None], list[Incident]] = {}

    def forget_candidates(self, hazard: str) -> None:
        self.candidates = {key: found for key, found in self.candidates.items() if key[0] != hazard}


class IncidentRepository:
    def __init__(self, session):
        self.session = session
        # Only an ORM Session has a commit to hook (the read paths hand a Connection).
        self._hooks_commit = isinstance(session, Session)

    @property
    def _held(self) -> _HeldIncidents | None:
        return self.session.info.get(_HELD) if self._hooks_commit else None

    def _holding(self) -> _HeldIncidents | None:
        """This transaction's held incidents, begun on first use (most transactions never hold one)."""
        return self._held_of(self.session) if self._hooks_commit else None

    @classmethod
    def _held_of(cls, session: Session) -> _HeldIncidents:
        held = session.info.get(_HELD)
        if held is None:
            held = session.info[_HELD] = _HeldIncidents()

            sa.event.listen(session, "before_commit", cls._write_held, once=True)
            # A rollback forgets what was held: the next transaction of this session reads again.
            sa.event.listen(session, "after_rollback", lambda s: s.info.pop(_HELD, None), once=True)
        return held

    @classmethod
    def _write_held(cls, session: Session) -> None:
        state = session.info.pop(_HELD, None)
        for incident_id in sorted(state.changed if state else ()):
            cls._update(session, state.incidents[incident_id])

    def write_held_changes(self) -> None:
        """Write now what `save_at_commit` kept for the commit: for a session that does not commit
        itself (the intake's, inside the group commit's transaction); it holds nothing afterwards."""
        if self._hooks_commit:
            self._write_held(self.session)

    @staticmethod
    def _to_row(incident: Incident) -> dict:
        return {
            "id": incident.id,
            "hazard": incident.hazard,
            "status": incident.status,
            "severity": incident.severity,
            "latitude": incident.latitude,
            "longitude": incident.longitude,
            "radius_km": incident.radius_km,
            "sum_latitude": incident.sum_latitude,
            "sum_longitude": incident.sum_longitude,
            "report_count": incident.report_count,
            "casualties": json.dumps(incident.casualties, sort_keys=True),
            "village_codes": json.dumps(incident.village_codes),
            "district_codes": json.dumps(incident.district_codes),
            "regency_codes": json.dumps(incident.regency_codes),
            "region_index": _region_index(incident),
            "notes": json.dumps(
                [{**dataclasses.asdict(n), "created_at": n.created_at.isoformat()} for n in incident.notes]
            ),
            "first_reported_at": incident.first_reported_at,
            "last_reported_at": incident.last_reported_at,
            "created_at": incident.created_at,
            "updated_at": incident.updated_at,
            "verified_at": incident.verified_at,
        }

    @staticmethod
    def _from_row(row) -> Incident:
        notes = [
            SituationNote(
                text=n["text"],
                author_agency=n["author_agency"],
                author_id=n["author_id"],
                created_at=dt.datetime.fromisoformat(n["created_at"]),
            )
            for n in json.loads(row.notes or "[]")
        ]
        return Incident(
            id=row.id,
            hazard=row.hazard,
            status=row.status,
            severity=row.severity,
            latitude=row.latitude,
            longitude=row.longitude,
            radius_km=row.radius_km,
            report_count=row.report_count,
            casualties=json.loads(row.casualties),
            village_codes=json.loads(row.village_codes),
            district_codes=json.loads(row.district_codes),
            regency_codes=json.loads(row.regency_codes),
            first_reported_at=row.first_reported_at,
            last_reported_at=row.last_reported_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            verified_at=row.verified_at,
            notes=notes,
            sum_latitude=row.sum_latitude,
            sum_longitude=row.sum_longitude,
        )

    def add(self, incident: Incident) -> None:
        self.session.execute(_INSERT, self._to_row(incident))
        if (held := self._holding()) is not None:
            held.incidents[incident.id] = incident
            held.forget_candidates(incident.hazard)

    def save(self, incident: Incident) -> None:
        """Written now (an officer's change); see save_at_commit for clustering's."""
        self._update(self.session, incident)
        if (held := self._held) is not None:
            held.changed.discard(incident.id)

    def save_at_commit(self, incident: Incident) -> None:
        """Written once just before this transaction commits, whatever changed it until then. Only for
        an incident this transaction holds (added, or returned by `locked`)."""
        held = self._held
        if held is None or held.incidents.get(incident.id) is not incident:
            self.save(incident)
            return
        held.changed.add(incident.id)

    @classmethod
    def _update(cls, session, incident: Incident) -> None:
        row = cls._to_row(incident)
        row["b_id"] = row.pop("id")
        session.execute(_UPDATE, row)

    def get(self, incident_id: str, *, for_update: bool = False) -> Incident | None:
        row = self.session.execute(_BY_ID_FOR_UPDATE if for_update else _BY_ID, {"b_id": incident_id}).first()
        return self._from_row(row) if row else None

    def locked(self, incident: Incident) -> Incident | None:
        """`incident` as it stands under its row lock, to be changed in this transaction.

        PostgreSQL: read again FOR UPDATE (another replica may have changed it since it was read).
        SQLite: the same object, as read: a writing transaction there holds the database's one
        writer lock from its BEGIN IMMEDIATE on (servicekit.db), so nothing changed it since.
        Held already (added or locked earlier in this transaction): the held object, as it stands here.
        """
        if (held := self._held) is not None and incident.id in held.incidents:
            return held.incidents[incident.id]
        dialect = getattr(self.session, "dialect", None) or self.session.get_bind().dialect  # Connection or Session
        current = incident if dialect.name != "postgresql" else self.get(incident.id, for_update=True)
        if current is not None and (held := self._holding()) is not None:
            held.incidents[current.id] = current
        return current

    def add_cell(self, incident_id: str, cell: str) -> None:
        if (held := self._held) is not None and (incident_id, cell) in held.cells:
            return
        exists = self.session.execute(_HAS_CELL, {"b_id": incident_id, "b_cell": cell}).first()
        if not exists:
            self.session.execute(_ADD_CELL, {"incident_id": incident_id, "cell": cell})
        if (held := self._holding()) is not None:
            held.cells.add((incident_id, cell))
            if not exists and (incident := held.incidents.get(incident_id)) is not None:
                held.forget_candidates(incident.hazard)

    def open_candidates(self, hazard: str, cells: set[str] | None) -> list[Incident]:
        """Open incidents of a hazard, touching one of `cells` (None: anywhere), newest activity first.

        An incident this transaction holds comes as held: its row may not have its changes yet
        (save_at_commit), so the order is taken again from the objects.
        """
        held_state = self._holding()
        key = (hazard, None if cells is None else frozenset(cells))
        if held_state is not None and (earlier := held_state.candidates.get(key)) is not None:
            # Read earlier in this transaction: those held since as they stand now. One not held may
            # have changed on PostgreSQL since; `locked` reads the one chosen again, as for a fresh read.
            held = held_state.incidents
            return sorted((held.get(i.id, i) for i in earlier), key=_NEWEST_ACTIVITY_KEY)
        if cells is None:
            rows = self.session.execute(_OPEN_ANYWHERE, {"b_hazard": hazard}).all()
        else:
            rows = self.session.execute(_OPEN_NEAR, {"b_hazard": hazard, "b_cells": sorted(cells)}).all()
        held = held_state.incidents if held_state is not None else {}
        found = [held.get(row.id) or self._from_row(row) for row in rows]
        if any(row.id in held for row in rows):
            found.sort(key=_NEWEST_ACTIVITY_KEY)
        if held_state is not None:
            held_state.candidates[key] = found
        return found

    def list(
        self,
        *,
        hazard: str | None,
        status: str | None,
        region: str | None,
        offset: int,
        limit: int,
        exclude_dismissed: bool = False,
        bounds=None,
    ) -> list[Incident]:
        query = sa.select(incidents).order_by(incidents.c.updated_at.desc(), incidents.c.id.desc())
        if hazard:
            query = query.where(incidents.c.hazard == hazard)
        if status:
            query = query.where(incidents.c.status == status)
        elif exclude_dismissed:
            query = query.where(incidents.c.status != "dismissed")
        if region:
            # Codes are stored at every level, so "75.03" finds an incident in 75.03.02.
            query = query.where(
                sa.or_(incidents.c.region_index.like(f"% {region} %"), incidents.c.region_index.like(f"% {region}.%"))
            )
        if bounds:
            lat_min, lat_max, lon_min, lon_max = bounds
            query = query.where(
                incidents.c.latitude.between(lat_min, lat_max), incidents.c.longitude.between(lon_min, lon_max)
            )
        rows = self.session.execute(query.offset(offset).limit(limit)).all()
        return [self._from_row(row) for row in rows]

    def count_by_status(self) -> dict[str, int]:
        rows = self.session.execute(sa.select(incidents.c.status, sa.func.count()).group_by(incidents.c.status)).all()
        return {status: count for status, count in rows}
