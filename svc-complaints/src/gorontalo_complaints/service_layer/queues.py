"""Staff work lists: the agency's inbox and the dispatchers' queue, both within the caller's jurisdiction."""
from __future__ import annotations

import sqlalchemy as sa
from servicekit import paging, regions
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, PermissionDenied

from ..adapters.tables import complaints
from ..domain import lifecycle, model
from .follow_up import Staff, scope_of
from .services import Page


def _paging(page_size: int, page_token: str) -> tuple[int, int]:
    return paging.window(page_size, page_token)


def _within(jurisdiction) -> sa.ColumnElement:
    scopes = [code for code in (regions.normalise(c) for c in jurisdiction) if code]
    if not scopes:
        return sa.false()
    return sa.or_(*(sa.or_(complaints.c.region_code == code, complaints.c.region_code.like(code + ".%"))
                    for code in scopes))


def agency_inbox(uow, principal: Principal, *, status: str = "", page_size: int = 0,
                 page_token: str = "") -> Page:
    principal.require_role("officer")
    if status:
        v_status = set(lifecycle.STATUSES)
        if status not in v_status:
            raise InvalidArgument(violations=[FieldViolation("status", "not_one_of",
                                                             {"allowed": ", ".join(sorted(v_status))})])
    if not principal.agency:
        raise PermissionDenied("not_your_agency")
    offset, limit = _paging(page_size, page_token)
    conditions = [complaints.c.agency_code == principal.agency, _within(principal.jurisdiction)]
    if status:
        conditions.append(complaints.c.status == status)
    with uow:
        found = uow.complaints.where(*conditions, offset=offset, limit=limit, newest_first=False)
    return Page([model.view_of(c, principal.subject, staff=True) for c in found],
                paging.next_token(offset, len(found), limit))


def dispatch_queue(uow, staff: Staff, principal: Principal, *, page_size: int = 0, page_token: str = "") -> Page:
    """Oldest first: the complaint closest to its disposition deadline comes first. Complaints filed
    with coordinates only (no region yet) are shown to every dispatcher, who sets the region."""
    principal.require_role("admin", "officer")
    if not staff.is_dispatcher(principal):
        raise PermissionDenied("not_a_dispatcher")
    offset, limit = _paging(page_size, page_token)
    with uow:
        found = uow.complaints.where(
            complaints.c.needs_dispatch == sa.true(),
            complaints.c.status.in_((lifecycle.RECEIVED, lifecycle.VERIFIED)),
            sa.or_(complaints.c.region_code == "", _within(scope_of(principal))),
            offset=offset, limit=limit, newest_first=False)
    return Page([model.view_of(c, principal.subject, staff=True) for c in found],
                paging.next_token(offset, len(found), limit))
