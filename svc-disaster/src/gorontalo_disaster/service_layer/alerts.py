"""CAP alerts: BPBD officers issue, update and cancel; other agencies' alerts are imported; anyone reads."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from servicekit import regions
from servicekit.auth import Principal
from servicekit.errors import (
    Aborted,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Validator,
)

from ..adapters import atom, cap
from ..domain import alert as rules
from ..domain.alert import Alert, AlertDraft, Area
from ..metrics import ALERTS_ISSUED
from . import events
from .incidents import is_bpbd


class ImportSkipped(InvalidArgument):
    """A valid CAP alert that concerns no place in or near Gorontalo: reported to the caller, never stored."""

    def __init__(self, identifier: str, sender: str):
        super().__init__(
            violations=[FieldViolation("document", "cap_area_outside_gorontalo", {"identifier": identifier})]
        )
        self.identifier = identifier
        self.sender = sender


def _identifier(now: dt.datetime) -> str:
    return f"BPBD-GTO-{now.astimezone(rules.WITA):%Y%m%d%H%M%S}-{secrets.token_hex(4)}"


def _normalised_areas(areas: list[Area]) -> list[Area]:
    for area in areas:
        area.description = area.description.strip()
        area.region_codes = [regions.normalise(c) or c.strip() for c in area.region_codes]
    return areas


def _require_officer(principal: Principal | None, codes: list[str]) -> None:
    if principal is None or not is_bpbd(principal):
        raise PermissionDenied("bpbd_only")
    outside = [c for c in codes if not principal.covers(c)]
    if outside:
        raise PermissionDenied("outside_jurisdiction")


def _raise(problems) -> None:
    if problems:
        raise InvalidArgument(violations=[FieldViolation(f, r, p) for f, r, p in problems])


def _build(
    draft: AlertDraft,
    *,
    now: dt.datetime,
    msg_type: str,
    principal: Principal,
    incident_id: str | None,
    references: list[str],
    base_url: str,
) -> Alert:
    alert = Alert(
        id=str(uuid.uuid4()),
        identifier=_identifier(now),
        sender=rules.SENDER,
        sent=now,
        sent_text=rules.cap_time(now),
        status=draft.status,
        msg_type=msg_type,
        source=rules.SOURCE_BPBD,
        hazard=draft.hazard,
        event=dict(zip(("id", "en"), rules.EVENT[draft.hazard], strict=False)),
        urgency=draft.urgency,
        severity=draft.severity,
        certainty=draft.certainty,
        response_type=draft.response_type,
        headline={k: v.strip() for k, v in draft.headline.items()},
        description={k: v.strip() for k, v in draft.description.items()},
        instruction={k: (v or "").strip() for k, v in draft.instruction.items()},
        areas=draft.areas,
        effective=draft.effective or now,
        expires=draft.expires,
        references=references,
        incident_id=incident_id,
        created_by=principal.subject,
    )
    alert.cap_xml = cap.render(alert, base_url).decode("utf-8")
    return alert


def _store(uow, alert: Alert, now: dt.datetime, *, publish: bool = True) -> None:
    uow.alerts.add(alert, now)
    if publish:
        uow.add_event(events.alert_published(alert), subject=alert.id, type_=events.ALERT_TYPES[alert.msg_type])


def _incident_defaults(uow, draft: AlertDraft, incident_id: str) -> None:
    """An alert about an incident: the incident must be verified; its circle and places are the default area."""
    incident = uow.incidents.get(incident_id)
    if incident is None:
        raise NotFound("incident_not_found")
    if incident.status in ("reported", "dismissed", "closed"):
        raise FailedPrecondition("incident_not_verified", state=incident.status)
    if not draft.areas:  # the incident's own circle and places
        draft.areas = [
            Area(
                description=", ".join(regions.lookup(c).name for c in incident.district_codes if regions.lookup(c))
                or "Provinsi Gorontalo",
                circles=[(incident.latitude, incident.longitude, incident.radius_km)],
                region_codes=incident.district_codes or incident.regency_codes,
            )
        ]
    if not draft.hazard:
        draft.hazard = incident.hazard


def issue(uow, clock, principal: Principal | None, draft: AlertDraft, *, incident_id: str = "", base_url: str) -> Alert:
    now = clock().replace(microsecond=0)
    incident_id = (incident_id or "").strip()
    with uow:
        if incident_id:
            _incident_defaults(uow, draft, incident_id)
        draft.areas = _normalised_areas(draft.areas)
        _raise(rules.draft_problems(draft, now))
        codes = [c for a in draft.areas for c in a.region_codes]
        _require_officer(principal, codes)
        alert = _build(
            draft,
            now=now,
            msg_type=rules.MSG_ALERT,
            principal=principal,
            incident_id=incident_id or None,
            references=[],
            base_url=base_url,
        )
        _store(uow, alert, now)
        uow.commit()
    ALERTS_ISSUED.labels(alert.source, alert.msg_type).inc()
    return alert


@dataclass
class Preview:
    """What issuing a draft would publish: the CAP document (empty when it cannot be drawn at all) and
    every problem found, the platform's rules first, then the OASIS CAP 1.2 schema's."""

    cap_xml: str
    problems: list[FieldViolation]

    @property
    def valid(self) -> bool:
        return not self.problems and bool(self.cap_xml)


def preview(
    uow,
    clock,
    principal: Principal | None,
    draft: AlertDraft,
    *,
    incident_id: str = "",
    update_of: str = "",
    base_url: str,
) -> Preview:
    """The document IssueAlert (or UpdateAlert of `update_of`) would publish now, checked, with nothing
    stored or sent. Problems are returned rather than raised, so the officer sees the XML beside them;
    only what makes a preview meaningless raises (not a BPBD officer, unknown incident or alert)."""
    if principal is None or not is_bpbd(principal):
        raise PermissionDenied("bpbd_only")
    now = clock().replace(microsecond=0)
    incident_id, update_of = (incident_id or "").strip(), (update_of or "").strip()
    msg_type, references, previous_codes = rules.MSG_ALERT, [], []
    with uow:
        if update_of:
            previous = _load_current(uow, update_of)
            msg_type, references = rules.MSG_UPDATE, previous.references + [previous.reference]
            incident_id, previous_codes = previous.incident_id or "", previous.region_codes
        elif incident_id:
            _incident_defaults(uow, draft, incident_id)
    draft.areas = _normalised_areas(draft.areas)
    problems = [FieldViolation(f, r, p) for f, r, p in rules.draft_problems(draft, now)]
    # Issuing would be refused outright (PermissionDenied); here it is one more problem, where it lies.
    for i, area in enumerate(draft.areas):
        if any(not principal.covers(c) for c in area.region_codes):
            problems.append(FieldViolation(f"areas[{i}].region_codes", "outside_jurisdiction"))
    if any(not principal.covers(c) for c in previous_codes):
        problems.append(FieldViolation("areas", "outside_jurisdiction"))
    if draft.hazard not in rules.CATEGORY:
        return Preview(cap_xml="", problems=problems)  # no category, no event: nothing to draw
    alert = _build(
        draft,
        now=now,
        msg_type=msg_type,
        principal=principal,
        incident_id=incident_id or None,
        references=references,
        base_url=base_url,
    )
    for error in cap.schema_problems(alert.cap_xml.encode("utf-8")):
        problems.append(FieldViolation(error.params["field"], error.reason, error.params))
    return Preview(cap_xml=alert.cap_xml, problems=problems)


def _load_current(uow, alert_id: str) -> Alert:
    alert = uow.alerts.get((alert_id or "").strip()) if (alert_id or "").strip() else None
    if alert is None:
        raise NotFound("alert_not_found")
    if alert.source != rules.SOURCE_BPBD:
        raise FailedPrecondition("alert_not_ours", state=alert.source)
    if alert.superseded_by or alert.msg_type == rules.MSG_CANCEL:
        raise FailedPrecondition("alert_superseded", state="superseded")
    return alert


def update(uow, clock, principal: Principal | None, alert_id: str, draft: AlertDraft, *, base_url: str) -> Alert:
    now = clock().replace(microsecond=0)
    draft.areas = _normalised_areas(draft.areas)
    _raise(rules.draft_problems(draft, now))
    with uow:
        previous = _load_current(uow, alert_id)
        _require_officer(principal, previous.region_codes + [c for a in draft.areas for c in a.region_codes])
        alert = _build(
            draft,
            now=now,
            msg_type=rules.MSG_UPDATE,
            principal=principal,
            incident_id=previous.incident_id,
            references=previous.references + [previous.reference],
            base_url=base_url,
        )
        if not uow.alerts.supersede(previous.id, alert.id):
            raise Aborted("alert_changed_concurrently")
        _store(uow, alert, now)
        uow.commit()
    ALERTS_ISSUED.labels(alert.source, alert.msg_type).inc()
    return alert


def cancel(uow, clock, principal: Principal | None, alert_id: str, reason: dict[str, str], *, base_url: str) -> Alert:
    now = clock().replace(microsecond=0)
    v = Validator()
    for language in ("id", "en"):
        v.text(f"reason.{language}", reason.get(language, ""), max_len=rules.MAX_TEXT, required=False)
    v.raise_if_invalid()
    with uow:
        previous = _load_current(uow, alert_id)
        _require_officer(principal, previous.region_codes)
        draft = AlertDraft(
            hazard=previous.hazard,
            status=previous.status,
            urgency=previous.urgency,
            severity=previous.severity,
            certainty=previous.certainty,
            response_type="AllClear",
            headline={
                "id": f"DIBATALKAN: {previous.headline['id']}"[: rules.MAX_HEADLINE],
                "en": f"CANCELLED: {previous.headline['en']}"[: rules.MAX_HEADLINE],
            },
            description={k: (reason.get(k) or "").strip() or previous.description[k] for k in ("id", "en")},
            instruction={},
            areas=previous.areas,
            effective=now,
            expires=previous.expires,
        )
        alert = _build(
            draft,
            now=now,
            msg_type=rules.MSG_CANCEL,
            principal=principal,
            incident_id=previous.incident_id,
            references=previous.references + [previous.reference],
            base_url=base_url,
        )
        if not uow.alerts.supersede(previous.id, alert.id):
            raise Aborted("alert_changed_concurrently")
        _store(uow, alert, now)
        uow.commit()
    ALERTS_ISSUED.labels(alert.source, alert.msg_type).inc()
    return alert


def import_cap(uow, clock, principal: Principal | None, document: bytes) -> tuple[Alert, bool]:
    """Another agency's CAP alert as it was sent; returns (alert, created). Importing twice changes nothing.

    Raises ImportSkipped for a valid alert that concerns no place in or near Gorontalo (a national feed
    carries many), InvalidArgument for a document that is not valid CAP 1.2 or carries a DTD. An alert that
    expired before it arrived is kept as history without an event.
    """
    # Imports speak for another agency to the whole province: admins and the provincial BPBD only.
    if principal is not None and principal.role != "admin" and not (is_bpbd(principal) and principal.covers("75")):
        raise PermissionDenied("cap_import_province_only")
    try:
        fields = cap.parse(document)
    except cap.CapInvalid as invalid:
        raise InvalidArgument(
            violations=[FieldViolation(e.params["field"], e.reason, e.params) for e in invalid.errors]
        ) from None
    except cap.CapError as error:
        raise InvalidArgument(violations=[FieldViolation("document", error.reason, error.params)]) from None
    if fields["sender"].lower() == rules.SENDER.lower():
        # BPBD's own alerts are issued here, never imported: an import must not pose as BPBD.
        raise InvalidArgument(violations=[FieldViolation("document", "cap_sender_is_bpbd")])
    infos = fields["infos"]
    if not any(rules.area_concerns_gorontalo(area) for info in infos for area in info["areas"]):
        raise ImportSkipped(fields["identifier"], fields["sender"])
    if fields["msgType"] not in (rules.MSG_ALERT, rules.MSG_UPDATE, rules.MSG_CANCEL):
        raise InvalidArgument(violations=[FieldViolation("document", "cap_msg_type_unsupported")])
    if fields["status"] not in rules.STATUSES:
        raise InvalidArgument(violations=[FieldViolation("document", "cap_status_unsupported")])
    by_language = {("en" if i["language"].lower().startswith("en") else "id"): i for i in infos}
    main = by_language.get("id") or infos[0]
    hazard = rules.hazard_for_event(main["event"], main["category"])
    if hazard is None:
        raise InvalidArgument(violations=[FieldViolation("document", "cap_hazard_unknown")])
    now = clock()

    def texts(key):
        return {lang: by_language[lang][key] for lang in ("id", "en") if lang in by_language}

    alert = Alert(
        id=str(uuid.uuid4()),
        identifier=fields["identifier"],
        sender=fields["sender"],
        sent=fields["sent"],
        sent_text=fields["sent_text"],
        status=fields["status"],
        msg_type=fields["msgType"],
        source=rules.SOURCE_BMKG,
        hazard=hazard,
        event=texts("event"),
        urgency=main["urgency"],
        severity=main["severity"],
        certainty=main["certainty"],
        response_type=main["response_type"],
        headline=texts("headline"),
        description=texts("description"),
        instruction=texts("instruction"),
        areas=main["areas"],
        effective=main["effective"],
        expires=main["expires"],
        references=fields["references"].split() if fields["references"] else [],
        cap_xml=cap.as_utf8_text(document),
        created_by=principal.subject if principal else "cli",
    )
    with uow:
        existing = uow.alerts.by_identifier(alert.sender, alert.identifier)
        if existing is not None:
            return existing, False
        for reference in alert.references:
            sender, _, rest = reference.partition(",")
            earlier = uow.alerts.by_identifier(sender, rest.partition(",")[0])
            # Only the same sender's own earlier message can be updated or cancelled by this one.
            if earlier is not None and earlier.superseded_by is None and earlier.sender == alert.sender:
                uow.alerts.supersede(earlier.id, alert.id)
        # One that expired before it arrived is kept as history; its event would reach the live
        # stream as if it were in effect.
        _store(uow, alert, now, publish=alert.expires is None or alert.expires > now)
        uow.commit()
    ALERTS_ISSUED.labels(alert.source, alert.msg_type).inc()
    return alert, True


# -- reading -----------------------------------------------------------------------------------


def _region(region: str) -> str | None:
    if not region or not region.strip():
        return None
    code = regions.normalise(region)
    if code is None or regions.lookup(code) is None:
        raise InvalidArgument(violations=[FieldViolation("region", "region_unknown")])
    return code


def list_alerts(
    uow, clock, *, region: str = "", include_inactive: bool = False, point: tuple[float, float] | None = None
) -> list[Alert]:
    """Alerts of a region, or covering a point (latitude, longitude): what a place's page shows."""
    code = _region(region)
    if point is not None and not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise InvalidArgument(violations=[FieldViolation("latitude", "coordinates_invalid")])
    now = clock()
    with uow:
        found = uow.alerts.list(active_at=None if include_inactive else now)
    if code:
        found = [a for a in found if rules.region_matches(a.region_codes, code)]
    if point is not None:
        found = [a for a in found if a.covers(*point)]
    return found


def get(uow, alert_id: str) -> Alert:
    with uow:
        alert = uow.alerts.get((alert_id or "").strip()) if (alert_id or "").strip() else None
    if alert is None:
        raise NotFound("alert_not_found")
    return alert


def cap_document(uow, alert_id: str) -> bytes:
    return get(uow, alert_id).cap_xml.encode("utf-8")


def feed_alerts(uow, clock, *, region: str = "") -> list[Alert]:
    """What a poller needs: the active alerts, and the Cancels that ended alerts (rules.CANCEL_IN_FEED_FOR)."""
    code = _region(region)
    now = clock()
    with uow:
        found = uow.alerts.feed(now, cancels_since=now - rules.CANCEL_IN_FEED_FOR)
    return [a for a in found if rules.region_matches(a.region_codes, code)] if code else found


def atom_feed(uow, clock, *, base_url: str, region: str = "") -> bytes:
    code = _region(region)
    return atom.render(feed_alerts(uow, clock, region=region), clock(), base_url=base_url, region=code or "")
