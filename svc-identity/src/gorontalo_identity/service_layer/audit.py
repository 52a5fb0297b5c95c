"""The staff audit trail: keep what the services report (consumer), let admins read it."""

from __future__ import annotations

import datetime as dt

from servicekit.errors import FieldViolation, InvalidArgument
from servicekit.messaging import event_time

from ..domain.audit import StaffAction, TrailFilter, day_range

DURABLE = "identity-staff-audit"
# Every service's staff.action_recorded (gorontalo.<service>.staff.action_recorded).
SUBJECT = "gorontalo.*.staff.action_recorded"


def record(uow, clock, event, envelope: dict) -> bool:
    """Store one reported action (inside the consumer's transaction; the bus commits). The actor's
    username and name are looked up here: the event carries only the account id."""
    now = clock()
    username, name = uow.staff_actions.actor_names(event.actor_id)
    action = StaffAction(
        id=envelope["id"],
        at=event_time(event.at or envelope.get("time", "")) or now,
        actor_id=event.actor_id,
        actor_role=event.actor_role,
        service=event.service,
        method=event.method,
        http_route=event.http_route,
        actor_username=username,
        actor_name=name,
        agency=event.agency,
        jurisdiction=tuple(event.jurisdiction),
        resource=dict(event.resource),
        request_id=event.request_id,
    )
    return uow.staff_actions.add(action, now)


def _date(field: str, value: str, violations: list) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        violations.append(FieldViolation(field, "invalid_date"))
        return None


def list_actions(
    uow, *, officer: str, agency: str, from_date: str, to_date: str, offset: int, limit: int
) -> list[StaffAction]:
    violations: list = []
    start, end = _date("from_date", from_date, violations), _date("to_date", to_date, violations)
    if start and end and end < start:
        violations.append(FieldViolation("to_date", "date_range_invalid"))
    if violations:
        raise InvalidArgument(violations=violations)
    since, before = day_range(start, end)
    trail = TrailFilter(officer=(officer or "").strip(), agency=(agency or "").strip(), since=since, before=before)
    with uow:
        return uow.staff_actions.list(trail, offset, limit)
