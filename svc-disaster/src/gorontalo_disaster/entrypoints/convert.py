"""Domain objects <-> protobuf messages."""

from __future__ import annotations

import datetime as dt

from google.protobuf import timestamp_pb2

from gorontalo.disaster.v1 import disaster_pb2 as pb
from servicekit.errors import FieldViolation, InvalidArgument

from ..domain.alert import Alert, AlertDraft, Area
from ..domain.incident import Incident
from ..domain.model import CASUALTY_FIELDS, Report
from ..messages import CATALOG


def timestamp(value: dt.datetime | None) -> timestamp_pb2.Timestamp | None:
    if value is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def optional_datetime(message, field: str) -> dt.datetime | None:
    if not message.HasField(field):
        return None
    try:
        return getattr(message, field).ToDatetime(tzinfo=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InvalidArgument(violations=[FieldViolation(field, "invalid_timestamp")]) from None


def casualties_from(message) -> dict[str, int]:
    return {name: getattr(message, name) for name in CASUALTY_FIELDS if message.HasField(name)}


def casualties_message(values: dict[str, int]) -> pb.Casualties:
    return pb.Casualties(**{k: v for k, v in values.items() if k in CASUALTY_FIELDS})


def report_message(report: Report) -> pb.Report:
    # The reporter's account id and phone stay inside the service: the contract has no field for them.
    return pb.Report(
        id=report.id,
        hazard=report.hazard,
        latitude=report.latitude,
        longitude=report.longitude,
        description=report.description,
        source=report.source,
        verified_reporter=report.verified_reporter,
        observed_at=timestamp(report.observed_at),
        received_at=timestamp(report.received_at),
        casualties=casualties_message(report.casualties),
        region_code=report.region_code,
        photo_urls=[f"/v1/disaster/photos/{p}" for p in report.photo_ids],
        code=report.code,
        incident_id=report.incident_id or "",
    )


def incident_message(incident: Incident) -> pb.Incident:
    return pb.Incident(
        id=incident.id,
        hazard=incident.hazard,
        status=incident.status,
        severity=incident.severity,
        area=pb.Circle(latitude=incident.latitude, longitude=incident.longitude, radius_km=incident.radius_km),
        report_count=incident.report_count,
        casualties=casualties_message(incident.casualties),
        village_codes=incident.village_codes,
        district_codes=incident.district_codes,
        regency_codes=incident.regency_codes,
        first_reported_at=timestamp(incident.first_reported_at),
        last_reported_at=timestamp(incident.last_reported_at),
        verified_at=timestamp(incident.verified_at),
        notes=[
            pb.SituationNote(text=n.text, author_agency=n.author_agency, created_at=timestamp(n.created_at))
            for n in incident.notes
        ],
        updated_at=timestamp(incident.updated_at),
    )


def _texts(message) -> dict[str, str]:
    return {"id": message.id, "en": message.en}


def area_from(message) -> Area:
    return Area(
        description=message.description,
        polygons=[[(p.latitude, p.longitude) for p in polygon.points] for polygon in message.polygons],
        circles=[(c.latitude, c.longitude, c.radius_km) for c in message.circles],
        region_codes=list(message.region_codes),
    )


def draft_from(message) -> AlertDraft:
    return AlertDraft(
        hazard=message.hazard.strip().lower(),
        status=message.status.strip() or "Actual",
        urgency=message.urgency.strip(),
        severity=message.severity.strip(),
        certainty=message.certainty.strip(),
        response_type=message.response_type.strip(),
        headline=_texts(message.headline),
        description=_texts(message.description),
        instruction=_texts(message.instruction),
        areas=[area_from(a) for a in message.areas],
        effective=optional_datetime(message, "effective"),
        expires=optional_datetime(message, "expires"),
    )


def alert_message(alert: Alert, now: dt.datetime) -> pb.Alert:
    def texts(values):
        return pb.LocalizedText(id=values.get("id", ""), en=values.get("en", ""))

    return pb.Alert(
        id=alert.id,
        identifier=alert.identifier,
        sender=alert.sender,
        sent=timestamp(alert.sent),
        status=alert.status,
        msg_type=alert.msg_type,
        source=alert.source,
        incident_id=alert.incident_id or "",
        hazard=alert.hazard,
        event=alert.event.get("id") or alert.event.get("en", ""),
        urgency=alert.urgency,
        severity=alert.severity,
        certainty=alert.certainty,
        response_type=alert.response_type,
        headline=texts(alert.headline),
        description=texts(alert.description),
        instruction=texts(alert.instruction),
        areas=[
            pb.AlertArea(
                description=a.description,
                polygons=[
                    pb.Polygon(points=[pb.Point(latitude=lat, longitude=lon) for lat, lon in poly])
                    for poly in a.polygons
                ],
                circles=[pb.Circle(latitude=lat, longitude=lon, radius_km=r) for lat, lon, r in a.circles],
                region_codes=a.region_codes,
            )
            for a in alert.areas
        ],
        effective=timestamp(alert.effective),
        expires=timestamp(alert.expires),
        region_codes=alert.region_codes,
        references=alert.references,
        superseded_by=alert.superseded_by or "",
        active=alert.is_active(now),
        cap_url=alert.cap_url,
    )


def preview_message(preview) -> pb.AlertPreview:
    """A service_layer.alerts.Preview, each problem described in the caller's language."""
    return pb.AlertPreview(
        valid=preview.valid,
        cap_xml=preview.cap_xml,
        problems=[
            pb.AlertProblem(
                field=p.field, reason=p.reason.upper(), detail=CATALOG.translate(p.reason, None, **p.params)
            )
            for p in preview.problems
        ],
        schema_valid=bool(preview.cap_xml) and not any(p.reason == "cap_schema_invalid" for p in preview.problems),
    )
