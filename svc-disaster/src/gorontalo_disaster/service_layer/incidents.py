"""Incidents: clustering reports (from events), and what BPBD officers and citizens do with them."""

from __future__ import annotations

import uuid

from servicekit import paging, regions
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, PermissionDenied, Validator
from servicekit.event_messages import MalformedEvent

from ..domain import clustering, model
from ..domain import incident as rules
from ..domain.incident import Incident, SituationNote
from ..metrics import INCIDENT_TO_VERIFIED, REPORT_TO_INCIDENT
from . import events
from .services import check_coordinates

NEARBY_DEFAULT_KM = 10.0
NEARBY_MAX_KM = 100.0


def cluster_report(uow, clock, event: events.ReportSubmitted) -> Incident | None:
    """Handle gorontalo.disaster.report.submitted in the consumer's transaction; idempotent.

    An event no retry can cluster raises MalformedEvent: the bus dead-letters it at once.
    """
    if not event.report_id:
        raise MalformedEvent("report_id missing")
    report = uow.reports.get(event.report_id)
    if report is None:
        raise MalformedEvent("unknown report")  # the same database wrote the event: never happens
    if report.incident_id:
        return None  # already clustered (as it was filed, or a redelivery that passed the inbox under a new id)
    target = place_report(uow, clock, report)
    if target is not None:
        uow.reports.set_incident(report.id, target.id)
    return target


def place_report(uow, clock, report: model.Report) -> Incident | None:
    """Join the open incident `report` belongs to, or start one; None for a hazard nobody clusters.

    The report's own link to the incident is the caller's to write: the consumer updates the stored
    report, the API's intake stores the report with it (clustering in the transaction that files it).
    """
    if report.hazard not in clustering.RULES:
        return None
    now = clock()
    rule = clustering.RULES[report.hazard]
    cell = clustering.cell_of(report.hazard, report.latitude, report.longitude)
    cells = None if rule.region_wide else clustering.neighbourhood(report.hazard, cell)
    target = next((i for i in uow.incidents.open_candidates(report.hazard, cells) if i.accepts(report)), None)
    if target is not None:
        # Under its row lock (read again on PostgreSQL): a replica absorbing another report into the same
        # incident at once would otherwise overwrite this count with its own (a lost update; one lock).
        target = uow.incidents.locked(target)
        if target is not None and not target.accepts(report):
            target = None
    if target is None:
        target = Incident.start(str(uuid.uuid4()), report, now)
        uow.incidents.add(target)
        uow.add_event(events.incident_formed(target), subject=target.id)
    else:
        target.absorb(report, now)
        uow.incidents.save_at_commit(target)  # once per transaction, however many reports it absorbs
    uow.incidents.add_cell(target.id, cell)
    latency = max(0.0, (now - report.received_at).total_seconds())
    uow.after_commit(lambda: REPORT_TO_INCIDENT.observe(latency))
    return target


# -- officers ---------------------------------------------------------------------------------


def is_bpbd(principal: Principal) -> bool:
    return principal.role == "officer" and "bpbd" in (principal.agency or "").lower()


def _require_bpbd_over(principal: Principal | None, incident: Incident) -> None:
    if principal is None or not is_bpbd(principal):
        raise PermissionDenied("bpbd_only")
    codes = incident.regency_codes or incident.district_codes
    if not any(principal.covers(code) for code in codes):
        raise PermissionDenied("outside_jurisdiction")


def _load(uow, incident_id: str) -> Incident:
    incident = uow.incidents.get((incident_id or "").strip(), for_update=True) if incident_id else None
    if incident is None:
        raise NotFound("incident_not_found")
    return incident


def _note(principal: Principal, text: str, now) -> SituationNote:
    return SituationNote(text=text.strip(), author_agency=principal.agency, author_id=principal.subject, created_at=now)


def _validate_note(v: Validator, field_name: str, text: str, required: bool) -> None:
    v.text(field_name, text, max_len=rules.MAX_NOTE, required=required)


def _change(
    uow,
    clock,
    principal,
    incident_id: str,
    *,
    status: str,
    severity: str = "",
    note: str = "",
    note_required: bool = False,
) -> Incident:
    severity = (severity or "").strip().lower()
    v = Validator()
    if severity:
        v.one_of("severity", severity, rules.SEVERITIES)
    _validate_note(v, "note", note, note_required)
    v.raise_if_invalid()
    now = clock()
    with uow:
        incident = _load(uow, incident_id)
        _require_bpbd_over(principal, incident)
        if status and status != incident.status:
            problem = rules.transition_problem(incident.status, status)
            if problem:
                raise FailedPrecondition(problem, state=incident.status)
            if status == rules.VERIFIED:
                if not severity and not incident.severity:
                    raise InvalidArgument(violations=[FieldViolation("severity", "required")])
                incident.verified_at = now
            incident.status = status
        elif status == incident.status and status == rules.VERIFIED:
            raise FailedPrecondition("incident_transition_invalid", state=incident.status)
        if severity:
            incident.severity = severity
        if note and note.strip():
            incident.notes.append(_note(principal, note, now))
        incident.updated_at = now
        uow.incidents.save(incident)
        uow.add_event(events.incident_updated(incident), subject=incident.id)
        uow.commit()
    if status == rules.VERIFIED and incident.verified_at == now:
        INCIDENT_TO_VERIFIED.observe(max(0.0, (now - incident.first_reported_at).total_seconds()))
    return incident


def verify(uow, clock, principal, incident_id: str, *, severity: str, note: str = "") -> Incident:
    return _change(uow, clock, principal, incident_id, status=rules.VERIFIED, severity=severity, note=note)


def dismiss(uow, clock, principal, incident_id: str, *, note: str) -> Incident:
    return _change(uow, clock, principal, incident_id, status=rules.DISMISSED, note=note, note_required=True)


def update(
    uow, clock, principal, incident_id: str, *, status: str = "", severity: str = "", note: str = ""
) -> Incident:
    status = (status or "").strip().lower()
    if status and status not in rules.STATUSES:
        raise InvalidArgument(
            violations=[FieldViolation("status", "not_one_of", {"allowed": ", ".join(rules.STATUSES)})]
        )
    if not status and not (severity or "").strip() and not (note or "").strip():
        raise InvalidArgument(violations=[FieldViolation("status", "required")])
    return _change(uow, clock, principal, incident_id, status=status, severity=severity, note=note)


def add_note(uow, clock, principal, incident_id: str, *, text: str) -> Incident:
    return _change(uow, clock, principal, incident_id, status="", note=text, note_required=True)


# -- reading -----------------------------------------------------------------------------------


def get(uow, incident_id: str) -> Incident:
    with uow:
        incident = uow.incidents.get((incident_id or "").strip()) if (incident_id or "").strip() else None
    if incident is None:
        raise NotFound("incident_not_found")
    return incident


def list_incidents(
    uow, *, hazard: str = "", status: str = "", region: str = "", page_size: int = 0, page_token: str = ""
) -> tuple[list[Incident], str]:
    hazard, status = model.normalise_hazard(hazard), (status or "").strip().lower()
    v = Validator()
    if hazard:
        v.one_of("hazard", hazard, model.HAZARDS)
    if status:
        v.one_of("status", status, rules.STATUSES)
    code = None
    if region and region.strip():
        code = regions.normalise(region)
        if code is None or not (code == regions.GORONTALO or regions.in_gorontalo(code)):
            v.add("region", "region_unknown")
    limit = offset = 0
    try:
        offset, limit = paging.window(page_size, page_token)
    except InvalidArgument as error:
        v.violations.extend(error.violations)
    v.raise_if_invalid()
    with uow:
        found = uow.incidents.list(
            hazard=hazard or None,
            status=status or None,
            region=None if code in (None, regions.GORONTALO) else code,
            offset=offset,
            limit=limit + 1,
        )
    if len(found) > limit:
        return found[:limit], paging.encode(offset + limit)
    return found, ""


def nearby(uow, *, latitude: float, longitude: float, radius_km: float = 0.0) -> list[Incident]:
    """Incidents (not dismissed) whose area comes within radius_km of the point, nearest first."""
    v = Validator()
    check_coordinates(v, latitude, longitude)
    radius_km = radius_km or NEARBY_DEFAULT_KM
    if not 0 < radius_km <= NEARBY_MAX_KM:
        v.add("radius_km", "out_of_range", min=0, max=NEARBY_MAX_KM)
    v.raise_if_invalid()
    # Incident circles reach at most ~province size; a generous box first, exact distance after.
    bounds = rules.circle_bounds(latitude, longitude, radius_km + 150.0)
    with uow:
        found = uow.incidents.list(
            hazard=None, status=None, region=None, offset=0, limit=500, exclude_dismissed=True, bounds=bounds
        )
    close = [(i.within_km(latitude, longitude), i) for i in found]
    return [i for distance, i in sorted(close, key=lambda pair: pair[0]) if distance <= radius_km]
