"""Escalations: each breached deadline, for the head of the agency it concerns and the province dispatchers.

A breach goes up, not sideways: the officers who let the deadline pass see it
on the complaint itself, while the escalation list is the agency head's (kepala
OPD, marked by identity) for their agency within their jurisdiction. Dispatchers
see every escalation in their scope, including complaints not yet routed.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

from ..domain import lifecycle
from .access import Staff, scope_of
from .queues import _paging


@dataclass(frozen=True)
class EscalationPage:
    escalations: list[dict]
    next_page_token: str


def list_escalations(
    uow, staff: Staff, principal: Principal, *, page_size: int = 0, page_token: str = ""
) -> EscalationPage:
    principal.require_role("admin", "officer")
    offset, limit = _paging(page_size, page_token)
    dispatcher = staff.is_dispatcher(principal)
    if not dispatcher and not (principal.role == "officer" and principal.agency and principal.agency_head):
        raise PermissionDenied("not_agency_head")
    with uow:
        if dispatcher:
            rows = uow.breaches.for_dispatcher(scope_of(principal), offset=offset, limit=limit)
        else:
            rows = uow.breaches.for_agency_head(principal.agency, principal.jurisdiction, offset=offset, limit=limit)
    for row in rows:
        row["escalated_to"] = list(lifecycle.ESCALATED_TO)
    return EscalationPage(rows, paging.next_token(offset, len(rows), limit))
