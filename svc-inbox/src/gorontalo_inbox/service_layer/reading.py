"""A resident reads their own timeline and notifications (the principal's subject, nobody else's)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from servicekit import paging
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, Validator

from ..domain.model import ITEM_KINDS, Notification, TimelineItem

MAX_IDS = 100
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class TimelinePage:
    items: list[TimelineItem]
    next_page_token: str


@dataclass
class NotificationPage:
    notifications: list[Notification]
    next_page_token: str
    unread_count: int


def list_timeline(uow, principal: Principal, *, page_size: int, page_token: str, kind: str = "") -> TimelinePage:
    principal.require_role("citizen")
    offset, limit = paging.window(page_size, page_token)
    if kind and kind not in ITEM_KINDS:
        check = Validator()
        check.one_of("kind", kind, ITEM_KINDS)
        check.raise_if_invalid()
    with uow:
        items = uow.timeline.of_resident(principal.subject, kind=kind, offset=offset, limit=limit)
    return TimelinePage(items, paging.next_token(offset, len(items), limit))


def list_notifications(
    uow, principal: Principal, *, page_size: int, page_token: str, unread_only: bool = False
) -> NotificationPage:
    principal.require_role("citizen")
    offset, limit = paging.window(page_size, page_token)
    with uow:
        found = uow.notifications.of_resident(principal.subject, unread_only=unread_only, offset=offset, limit=limit)
        unread = uow.notifications.unread_count(principal.subject)
    return NotificationPage(found, paging.next_token(offset, len(found), limit), unread)


def mark_read(
    uow, clock: Callable[[], dt.datetime], principal: Principal, *, ids: list[str], all_: bool
) -> tuple[int, int]:
    """(how many were marked now, how many stay unread). Ids of others' notifications change nothing."""
    principal.require_role("citizen")
    check = Validator()
    if not ids and not all_:
        check.add("ids", "ids_or_all_required")
    if len(ids) > MAX_IDS:
        check.add("ids", "too_many_ids", max=MAX_IDS)
    if not check.ok:
        raise InvalidArgument(violations=check.violations)
    # Notification ids are UUIDs: anything else is nobody's notification (and never reaches the database).
    wanted = None if all_ else {i for i in ids if _UUID.match(i)}
    with uow:
        marked = uow.notifications.mark_read(principal.subject, wanted, clock())
        unread = uow.notifications.unread_count(principal.subject)
        uow.commit()
    return marked, unread
