"""The staff audit trail's producer: every staff member's completed write, as an event in the outbox.

Officers, operators and admins act on residents' affairs; every state-changing call they make, in
every service, is kept in an append-only trail that admins read and nobody edits (svc-identity keeps
it: ListStaffActions). One interceptor in every service's gRPC server (ServiceRuntime installs it when
the service has an event bus) writes `gorontalo.<service>.staff.action_recorded` into that service's
own outbox; the relay publishes it like any other event, and identity's durable consumer stores it
once (inbox dedupe).

What counts as state-changing is what the contract says: an RPC whose REST route
(google.api.http) is a POST, PUT, PATCH or DELETE. What is recorded: who (the token's subject, role,
agency, jurisdiction), what (service, RPC, route) and on what (the values of the route's variables:
ids and numbers). Never the request body, so no NIK, phone number or text a resident wrote reaches
the trail; a route variable whose name speaks of a NIK, KK or phone is left out as well.

The record is written right after the call's own transaction committed, in a transaction of its
own: a call that failed is not an action and is not recorded; a process that dies between the two
commits loses that one record (logged and counted when the write itself fails).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable

import grpc
from google.api import annotations_pb2
from google.protobuf import descriptor_pool
from prometheus_client import Counter

from gorontalo.identity.v1 import audit_pb2

from . import event_messages
from .auth import current_principal
from .interceptors import _wrap
from .logging import request_id_var
from .messaging import record_event

log = logging.getLogger("servicekit.audit")

STAFF_ROLES = ("officer", "operator", "admin")
WRITE_VERBS = ("post", "put", "patch", "delete")
# Route variables never copied into the trail, whatever a future route calls them.
_PERSONAL = re.compile(r"nik|phone|kk|password|secret|token", re.IGNORECASE)
_VARIABLE = re.compile(r"\{([A-Za-z0-9_.]+)(?:=[^}]*)?\}")

RECORDED = Counter(
    "gorontalo_staff_actions_recorded_total", "Staff actions written to the outbox for the audit trail.", ["outcome"]
)


def event_type_for(service: str) -> str:
    return f"gorontalo.{service}.staff.action_recorded"


def declared_services() -> tuple[str, ...]:
    return tuple(t.split(".")[1] for t in event_messages.event_types(audit_pb2.StaffActionRecorded))


@functools.lru_cache(maxsize=1024)
def write_route(full_method: str) -> tuple[str, str] | None:
    """(verb, path template) of an RPC whose REST route changes state; None for reads and gRPC-only RPCs."""
    service, _, method = full_method.lstrip("/").partition("/")
    try:
        descriptor = descriptor_pool.Default().FindMethodByName(f"{service}.{method}")
    except KeyError:
        return None
    options = descriptor.GetOptions()
    if not options.HasExtension(annotations_pb2.http):
        return None
    rule = options.Extensions[annotations_pb2.http]
    verb = rule.WhichOneof("pattern")
    if verb not in WRITE_VERBS:
        return None
    return verb.upper(), getattr(rule, verb)


def service_of(full_method: str) -> str:
    """'/gorontalo.permits.v1.PermitsService/Approve' -> 'permits'."""
    package = full_method.lstrip("/").partition("/")[0]
    parts = package.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "gorontalo" else parts[0]


def route_values(template: str, request) -> dict[str, str]:
    """The route's variables as the request carries them (nested names a.b allowed), minus personal ones."""
    values = {}
    for name in _VARIABLE.findall(template):
        if _PERSONAL.search(name):
            continue
        value = request
        for part in name.split("."):
            value = getattr(value, part, None)
            if value is None:
                break
        if value not in (None, ""):
            values[name] = str(value)[:200]
    return values


def action_for(full_method: str, request, principal, now: dt.datetime) -> audit_pb2.StaffActionRecorded | None:
    """The event to record for this completed call, or None when it is not a staff write."""
    if principal is None or principal.role not in STAFF_ROLES:
        return None
    route = write_route(full_method)
    if route is None:
        return None
    verb, template = route
    return audit_pb2.StaffActionRecorded(
        actor_id=principal.subject,
        actor_role=principal.role,
        agency=principal.agency,
        jurisdiction=list(principal.jurisdiction),
        service=service_of(full_method),
        method=full_method.rpartition("/")[2],
        http_route=f"{verb} {template}",
        resource=route_values(template, request),
        request_id=request_id_var.get() or "",
        at=now.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    )


class AuditInterceptor(grpc.ServerInterceptor):
    """Records each staff write that completed (no exception, no error status) in the service's outbox.

    Installed inside the AuthInterceptor (it reads the verified principal). `session_factory` is the
    service's database (the one holding its outbox); `on_recorded` wakes the outbox relay.
    """

    def __init__(
        self,
        session_factory,
        *,
        on_recorded: Callable[[], None] | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        self.session_factory = session_factory
        self.on_recorded = on_recorded
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def intercept_service(self, continuation, handler_call_details):
        full_method = handler_call_details.method
        handler = continuation(handler_call_details)
        if write_route(full_method) is None:
            return handler  # reads and gRPC-only calls pass untouched

        def around(inner, request, context):
            response = inner(request, context)
            if context.code() in (None, grpc.StatusCode.OK):
                self.record(full_method, request, current_principal())
            return response

        return _wrap(handler, around)

    def record(self, full_method: str, request, principal) -> None:
        action = action_for(full_method, request, principal, self.clock())
        if action is None:
            return
        service = action.service
        try:
            with self.session_factory() as session, session.begin():
                record_event(
                    session,
                    source=f"/gorontalo/{service}",
                    type_=event_type_for(service),
                    data=event_messages.to_data(action),
                    subject=action.actor_id,
                )
        except Exception:  # noqa: BLE001 - the action itself committed; losing its record must be loud
            RECORDED.labels("failed").inc()
            log.exception("staff action not recorded in the audit trail: %s by %s", action.method, action.actor_id)
            return
        RECORDED.labels("recorded").inc()
        if self.on_recorded:
            self.on_recorded()
