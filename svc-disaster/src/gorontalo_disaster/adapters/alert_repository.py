"""CAP alerts in the database: the indexed columns plus the content as JSON and the document as sent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import sqlalchemy as sa

from ..domain.alert import MSG_ALERT, MSG_CANCEL, MSG_UPDATE, Alert, Area
from .tables import alerts

_COLUMNS = (
    "id",
    "identifier",
    "sender",
    "sent",
    "msg_type",
    "source",
    "hazard",
    "incident_id",
    "superseded_by",
    "expires",
    "cap_xml",
)


class AlertRepository:
    def __init__(self, session):
        self.session = session

    @staticmethod
    def _to_row(alert: Alert, now: dt.datetime) -> dict:
        content = {
            "sent_text": alert.sent_text,
            "status": alert.status,
            "event": alert.event,
            "urgency": alert.urgency,
            "severity": alert.severity,
            "certainty": alert.certainty,
            "response_type": alert.response_type,
            "headline": alert.headline,
            "description": alert.description,
            "instruction": alert.instruction,
            "areas": [dataclasses.asdict(a) for a in alert.areas],
            "effective": alert.effective.isoformat() if alert.effective else None,
            "references": alert.references,
            "created_by": alert.created_by,
        }
        row = {name: getattr(alert, name) for name in _COLUMNS}
        return {**row, "content": json.dumps(content, ensure_ascii=False), "created_at": now}

    @staticmethod
    def _from_row(row) -> Alert:
        content = json.loads(row.content)
        areas = [
            Area(
                description=a["description"],
                polygons=[[tuple(p) for p in poly] for poly in a["polygons"]],
                circles=[tuple(c) for c in a["circles"]],
                region_codes=list(a["region_codes"]),
            )
            for a in content["areas"]
        ]
        return Alert(
            id=row.id,
            identifier=row.identifier,
            sender=row.sender,
            sent=row.sent,
            sent_text=content["sent_text"],
            status=content["status"],
            msg_type=row.msg_type,
            source=row.source,
            hazard=row.hazard,
            event=content["event"],
            urgency=content["urgency"],
            severity=content["severity"],
            certainty=content["certainty"],
            response_type=content["response_type"],
            headline=content["headline"],
            description=content["description"],
            instruction=content["instruction"],
            areas=areas,
            effective=dt.datetime.fromisoformat(content["effective"]) if content["effective"] else None,
            expires=row.expires,
            references=content["references"],
            incident_id=row.incident_id,
            superseded_by=row.superseded_by,
            cap_xml=row.cap_xml,
            created_by=content.get("created_by", ""),
        )

    def add(self, alert: Alert, now: dt.datetime) -> None:
        self.session.execute(alerts.insert().values(**self._to_row(alert, now)))

    def get(self, alert_id: str) -> Alert | None:
        row = self.session.execute(sa.select(alerts).where(alerts.c.id == alert_id)).first()
        return self._from_row(row) if row else None

    def by_identifier(self, sender: str, identifier: str) -> Alert | None:
        row = self.session.execute(
            sa.select(alerts).where(alerts.c.sender == sender, alerts.c.identifier == identifier)
        ).first()
        return self._from_row(row) if row else None

    def supersede(self, alert_id: str, by: str) -> bool:
        """Mark the alert replaced; False when someone else did first (the caller aborts)."""
        result = self.session.execute(
            alerts.update().where(alerts.c.id == alert_id, alerts.c.superseded_by.is_(None)).values(superseded_by=by)
        )
        return result.rowcount == 1

    def list(self, *, active_at: dt.datetime | None, limit: int = 1000) -> list[Alert]:
        """Newest first; only active ones when `active_at` is given."""
        query = sa.select(alerts).order_by(alerts.c.sent.desc(), alerts.c.id.desc())
        if active_at is not None:
            query = query.where(
                alerts.c.msg_type.in_((MSG_ALERT, MSG_UPDATE)),
                alerts.c.superseded_by.is_(None),
                sa.or_(alerts.c.expires.is_(None), alerts.c.expires > active_at),
            )
        return [self._from_row(row) for row in self.session.execute(query.limit(limit)).all()]

    def feed(self, now: dt.datetime, *, cancels_since: dt.datetime, limit: int = 1000) -> list[Alert]:
        """Active alerts and the Cancels sent since `cancels_since` or still within the cancelled alert's
        time, newest first: an Atom poller learns of a Cancel only if the feed carries it."""
        live = sa.and_(
            alerts.c.msg_type.in_((MSG_ALERT, MSG_UPDATE)),
            alerts.c.superseded_by.is_(None),
            sa.or_(alerts.c.expires.is_(None), alerts.c.expires > now),
        )
        cancels = sa.and_(
            alerts.c.msg_type == MSG_CANCEL, sa.or_(alerts.c.sent > cancels_since, alerts.c.expires > now)
        )
        query = (
            sa.select(alerts)
            .where(sa.or_(live, cancels))
            .order_by(alerts.c.sent.desc(), alerts.c.id.desc())
            .limit(limit)
        )
        return [self._from_row(row) for row in self.session.execute(query).all()]

    def count_active(self, now: dt.datetime) -> dict[str, int]:
        query = (
            sa.select(alerts.c.source, sa.func.count())
            .where(
                alerts.c.msg_type.in_((MSG_ALERT, MSG_UPDATE)),
                alerts.c.superseded_by.is_(None),
                sa.or_(alerts.c.expires.is_(None), alerts.c.expires > now),
            )
            .group_by(alerts.c.source)
        )
        return {source: count for source, count in self.session.execute(query).all()}
