"""Escalations: each breached deadline, for the head of the agency it concerns and the province dispatchers.

A breach goes up, not sideways: the officers who let the deadline pass see it
on the complaint itself, while the escalation list is the agency head's (kepala
OPD, marked by identity) for their agency within their jurisdiction. Dispatchers
see every escalation in their scope, including complaints not yet routed.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

from ..adapters.tables import complaints, deadline_breaches
from ..domain import lifecycle
from .follow_up import Staff, scope_of
from .queues import _paging, _within


@dataclass(frozen=True)
class EscalationPage:
    escalations: list[dict]
    next_page_token: str


def list_escalations(uow, staff: Staff, principal: Principal, *, page_size: int = 0,
                     page_token: str = "") -> EscalationPage:
    principal.require_role("admin", "officer")
    offset, limit = _paging(page_size, page_token)
    if staff.is_dispatcher(principal):
        scope = sa.or_(complaints.c.region_code == "", _within(scope_of(principal)))
        conditions = [scope]
    elif principal.role == "officer" and principal.agency and principal.agency_head:
        conditions = [deadline_breaches.c.agency_code == principal.agency, _within(principal.jurisdiction)]
    else:
        raise PermissionDenied("not_agency_head")
    with uow:
        rows = uow.breaches.escalations(*conditions, offset=offset, limit=limit)
    for row in rows:
        row["escalated_to"] = list(lifecycle.ESCALATED_TO)
    return EscalationPage(rows, paging.next_token(offset, len(rows), limit))
