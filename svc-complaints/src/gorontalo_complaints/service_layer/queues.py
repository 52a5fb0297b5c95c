"""Staff work lists: the agency's inbox and the dispatchers' queue, both within the caller's jurisdiction."""

from __future__ import annotations

from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import FieldViolation, InvalidArgument, PermissionDenied

from ..domain import lifecycle, model
from .access import Staff, scope_of
from .services import Page


def _paging(page_size: int, page_token: str) -> tuple[int, int]:
    return paging.window(page_size, page_token)


def agency_inbox(uow, principal: Principal, *, status: str = "", page_size: int = 0, page_token: str = "") -> Page:
    principal.require_role("officer")
    if status:
        v_status = set(lifecycle.STATUSES)
        if status not in v_status:
            raise InvalidArgument(
                violations=[FieldViolation("status", "not_one_of", {"allowed": ", ".join(sorted(v_status))})]
            )
    if not principal.agency:
        raise PermissionDenied("not_your_agency")
    offset, limit = _paging(page_size, page_token)
    with uow:
        found = uow.complaints.agency_inbox(
            principal.agency, principal.jurisdiction, status=status, offset=offset, limit=limit
        )
    return Page(
        [model.view_of(c, principal.subject, staff=True) for c in found], paging.next_token(offset, len(found), limit)
    )


def dispatch_queue(uow, staff: Staff, principal: Principal, *, page_size: int = 0, page_token: str = "") -> Page:
    """Oldest first: the complaint closest to its disposition deadline comes first. Complaints filed
    with coordinates only (no region yet) are shown to every dispatcher, who sets the region."""
    principal.require_role("admin", "officer")
    if not staff.is_dispatcher(principal):
        raise PermissionDenied("not_a_dispatcher")
    offset, limit = _paging(page_size, page_token)
    with uow:
        found = uow.complaints.awaiting_dispatch(scope_of(principal), offset=offset, limit=limit)
    return Page(
        [model.view_of(c, principal.subject, staff=True) for c in found], paging.next_token(offset, len(found), limit)
    )
