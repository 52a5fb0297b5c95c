"""The events Siaga publishes, as their proto messages (proto/gorontalo/disaster/v1/events.proto).

The domain stays free of generated code; use cases hand these messages to `uow.add_event`, which
takes each one's CloudEvents type from the message's (gorontalo.api.v1.event) option.
"""

from __future__ import annotations

from gorontalo.disaster.v1 import disaster_pb2, events_pb2

from ..domain import alert as alert_rules
from ..domain.alert import Alert
from ..domain.incident import Incident
from ..domain.model import Report

ReportSubmitted = events_pb2.ReportSubmitted
IncidentFormed = events_pb2.IncidentFormed
IncidentUpdated = events_pb2.IncidentUpdated
AlertPublished = events_pb2.AlertPublished

# AlertPublished serves three types: which one follows from the CAP msgType.
ALERT_TYPES = {
    alert_rules.MSG_ALERT: "gorontalo.disaster.alert.issued",
    alert_rules.MSG_UPDATE: "gorontalo.disaster.alert.updated",
    alert_rules.MSG_CANCEL: "gorontalo.disaster.alert.cancelled",
}


def report_submitted(report: Report) -> events_pb2.ReportSubmitted:
    return events_pb2.ReportSubmitted(
        report_id=report.id,
        hazard=report.hazard,
        latitude=report.latitude,
        longitude=report.longitude,
        source=report.source,
        region_code=report.region_code,
        # Only the API's signed-in reporters have an account to tell (issue 14: "every report of mine").
        reporter_account_id=report.reporter_id if report.source == "api" and report.reporter_id else "",
    )


def _incident(message_class, incident: Incident):
    return message_class(
        incident_id=incident.id,
        hazard=incident.hazard,
        status=incident.status,
        severity=incident.severity,
        report_count=incident.report_count,
        latitude=incident.latitude,
        longitude=incident.longitude,
        radius_km=incident.radius_km,
        region_codes=incident.district_codes + incident.regency_codes,
    )


def incident_formed(incident: Incident) -> events_pb2.IncidentFormed:
    return _incident(events_pb2.IncidentFormed, incident)


def incident_updated(incident: Incident) -> events_pb2.IncidentUpdated:
    return _incident(events_pb2.IncidentUpdated, incident)


def alert_published(alert: Alert) -> events_pb2.AlertPublished:
    """The payload the gateway's stream server serves; its type is ALERT_TYPES[alert.msg_type]."""
    return events_pb2.AlertPublished(
        alert_id=alert.id,
        identifier=alert.identifier,
        sender=alert.sender,
        msg_type=alert.msg_type,
        status=alert.status,
        sent=alert_rules.cap_time(alert.sent),
        effective=alert_rules.cap_time(alert.effective) if alert.effective else "",
        expires=alert_rules.cap_time(alert.expires) if alert.expires else "",
        hazard=alert.hazard,
        event=alert.event.get("id") or alert.event.get("en", ""),
        urgency=alert.urgency,
        severity=alert.severity,
        certainty=alert.certainty,
        response_type=alert.response_type,
        headline=disaster_pb2.LocalizedText(id=alert.headline.get("id", ""), en=alert.headline.get("en", "")),
        region_codes=alert.region_codes,
        cap_url=alert.cap_url,
        source=alert.source,
    )
