"""A list asked of several instances of a service, merged into one order, paged without gaps or repeats.

The gateway's page token holds, for every instance still to be read, that instance's own page token
and how many items of that page were already handed out; instances read to the end are listed as
done. Following next_page_token therefore resumes every instance exactly where the last page
stopped, whatever order the merge took their items in (docs/federation-routing.md).
"""

from __future__ import annotations

import base64
import functools
import json
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from google.protobuf import timestamp_pb2

from servicekit.errors import FieldViolation, InvalidArgument
from servicekit.federation import Instance

TOKEN_PREFIX = "f1."


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool


def order_for(merge_order: str, role: str | None) -> tuple[SortKey, ...]:
    """The keys of `merge_order` for a caller's role.

    merge_order is "key, key" (a leading "-" orders that key descending), or alternatives per role
    separated by ";": "citizen: -submitted_at, -id; sla_due_date, id" — the first alternative naming
    the role, else the one naming none. Services order a citizen's own list and an officer's queue
    differently; the merge must follow the order each instance's page is in."""
    fallback: tuple[SortKey, ...] = ()
    for alternative in merge_order.split(";"):
        roles_part, colon, keys_part = alternative.rpartition(":")
        keys = tuple(SortKey(k.lstrip("-"), k.startswith("-")) for k in (k.strip() for k in keys_part.split(",")) if k)
        roles = {r.strip() for r in roles_part.split("|") if r.strip()} if colon else set()
        if role is not None and role in roles:
            return keys
        if not roles and not fallback:
            fallback = keys
    return fallback


@functools.total_ordering
class _Reversed:
    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value


def _value(item, name: str):
    """(missing, value): a missing value sorts after every present one, in either direction."""
    descriptor = item.DESCRIPTOR.fields_by_name.get(name)
    if descriptor is None:
        return True, 0
    value = getattr(item, name)
    if isinstance(value, timestamp_pb2.Timestamp):
        return (not item.HasField(name)), (value.seconds, value.nanos)
    if isinstance(value, str):
        return value == "", value
    return False, value


def sort_key(item, keys: Sequence[SortKey]) -> tuple:
    parts = []
    for key in keys:
        missing, value = _value(item, key.field)
        parts.append((missing, _Reversed(value) if key.descending else value))
    return tuple(parts)


@dataclass
class Cursor:
    """Where one instance's list stands: its own page token and how many of that page were handed out."""

    token: str = ""
    consumed: int = 0


@dataclass
class PageState:
    cursors: dict[str, Cursor] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)

    def cursor(self, name: str) -> Cursor:
        return self.cursors.get(name) or Cursor()


def encode(state: PageState) -> str:
    document = {"c": {n: [c.token, c.consumed] for n, c in sorted(state.cursors.items())}, "d": sorted(state.done)}
    raw = json.dumps(document, separators=(",", ":")).encode()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str) -> PageState:
    if not token:
        return PageState()
    try:
        if not token.startswith(TOKEN_PREFIX):
            raise ValueError
        body = token[len(TOKEN_PREFIX) :]
        document = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        cursors = {}
        for name, (own, consumed) in document["c"].items():
            if not isinstance(own, str) or not isinstance(consumed, int) or consumed < 0:
                raise ValueError
            cursors[str(name)] = Cursor(own, consumed)
        return PageState(cursors, {str(name) for name in document["d"]})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise InvalidArgument(violations=[FieldViolation("page_token", "invalid_page_token")]) from None


class InstanceUnreachable(Exception):
    """The instance's transport failed (down, refused, too slow): the list goes on without it."""

    def __init__(self, instance: Instance, error: Exception | None = None):
        super().__init__(instance.key)
        self.instance = instance
        self.error = error


# fetch(instance, own_page_token) -> (items, own next_page_token, the whole response)
Fetch = Callable[[Instance, str], tuple[list, str, object]]


@dataclass
class MergedPage:
    items: list
    next_page_token: str
    unreachable: list[Instance]
    first_response: object | None


@dataclass
class _Source:
    instance: Instance
    buffer: deque
    token: str  # the own page token `buffer` came from
    consumed: int
    next_token: str


def merge_page(
    instances: Sequence[Instance],
    state: PageState,
    page_size: int,
    keys: Sequence[SortKey],
    fetch: Fetch,
    fetch_all: Callable[[list[tuple[Instance, str]]], list],
) -> MergedPage:
    """One merged page. `fetch_all` runs fetches in parallel, answering each result or its exception."""
    active = [i for i in instances if i.name not in state.done]
    results = fetch_all([(i, state.cursor(i.name).token) for i in active])
    sources: list[_Source] = []
    unreachable: list[Instance] = []
    frozen: dict[str, Cursor] = {}
    first_response = None
    for instance, result in zip(active, results, strict=True):
        if isinstance(result, InstanceUnreachable):
            unreachable.append(instance)
            frozen[instance.name] = state.cursor(instance.name)  # asked again on the next page
            continue
        if isinstance(result, BaseException):
            raise result
        items, next_token, response = result
        first_response = first_response if first_response is not None else response
        cursor = state.cursor(instance.name)
        sources.append(_Source(instance, deque(items[cursor.consumed :]), cursor.token, cursor.consumed, next_token))

    out: list = []
    while len(out) < page_size:
        for source in sources:
            if not source.buffer and source.next_token and source.instance.name not in frozen:
                try:
                    items, next_token, _ = fetch(source.instance, source.next_token)
                except InstanceUnreachable:
                    unreachable.append(source.instance)
                    frozen[source.instance.name] = Cursor(source.next_token, 0)
                    continue
                source.buffer, source.token, source.consumed = deque(items), source.next_token, 0
                source.next_token = next_token
        ready = [s for s in sources if s.buffer and s.instance.name not in frozen]
        if not ready:
            break
        best = min(ready, key=lambda s: sort_key(s.buffer[0], keys))  # ties: the registry's order
        out.append(best.buffer.popleft())
        best.consumed += 1

    following = PageState(done=set(state.done))
    for source in sources:
        name = source.instance.name
        if name in frozen:
            following.cursors[name] = frozen[name]
        elif source.buffer:
            following.cursors[name] = Cursor(source.token, source.consumed)
        elif source.next_token:
            following.cursors[name] = Cursor(source.next_token, 0)
        else:
            following.done.add(name)
    for instance in unreachable:
        following.cursors.setdefault(instance.name, frozen[instance.name])
    # Only instances that answered keep a list going: one that stays down is named in `unreachable`
    # on every page, and the list ends when the others have nothing more.
    more = any(s.instance.name not in frozen and (s.buffer or s.next_token) for s in sources)
    return MergedPage(out, encode(following) if more else "", unreachable, first_response)
