"""Which instance of a service takes a call, read from the method's (gorontalo.api.v1.routing) option.

- region_field (creates, uploads): the instance owning the longest prefix of the request's region;
  an empty region goes to the province's instance, whose own validation answers it.
- id_field (reads and actions by id or number): an id starting with a region code (permit numbers)
  goes to that region's owner; any other id (UUIDs, tracking codes, everything printed before the
  federation) is looked up at every instance, first found wins, and remembered in a bounded cache.
- fan_out (lists): every instance within the caller's scope, merged (fanout.py); a set without
  page_token (the permits JWKS) is read whole from each and merged without repeats.
A method without the option, or a service with one instance, goes to the province's instance.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

import grpc

from servicekit import paging
from servicekit.auth import Principal
from servicekit.federation import Federation, Instance
from servicekit.instance_scope import field_value

from . import fanout, problems
from .upstreams import Upstreams

LOOKUP_CACHE_SIZE = 10_000
# A fanned-out set whose request has no page_token (a JWKS) is read whole from every instance.
UNPAGED_SIZE = 10_000
_TRANSPORT_FAILURES = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


class InstanceFailed(Exception):
    """The instance that owns the call did not answer (down, refused, too slow)."""

    def __init__(self, instance: Instance, error: grpc.RpcError):
        super().__init__(instance.key)
        self.instance = instance
        self.error = error


class InstancesUnreachable(Exception):
    """What was asked may be at these instances, which did not answer: an id every instance that
    answered lacks, or a list none could give."""

    def __init__(self, instances: list[Instance]):
        super().__init__(", ".join(i.key for i in instances))
        self.instances = instances


class Router:
    def __init__(self, registry: Federation, upstreams: Upstreams, timeout: float, workers: int = 16):
        self.registry = registry
        self.upstreams = upstreams
        self.timeout = timeout
        self._stubs: dict[tuple[str, str], object] = {}
        self._located: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fan-out")
        self._id_fields: dict[str, set[str]] = {}

    def learn_routes(self, services) -> None:
        """The id fields of each service's routes: a create's or a list's answer tells where those ids live."""
        for service in services:
            self._id_fields[service.key] = {
                r.routing.id_field for r in service.routes if r.routing and r.routing.id_field
            }

    # -- calling one instance ----------------------------------------------------------------

    def _stub(self, route, instance: Instance):
        key = (route.grpc_path, instance.key)
        stub = self._stubs.get(key)
        if stub is None:
            stub = self.upstreams.instance_channels[instance.key].unary_unary(
                route.grpc_path,
                request_serializer=route.request_class.SerializeToString,
                response_deserializer=route.response_class.FromString,
            )
            self._stubs[key] = stub
        return stub

    def invoke(self, route, instance: Instance, message, metadata):
        """(response, call) from one instance; InstanceFailed when its transport failed."""
        try:
            return self._stub(route, instance).with_call(message, timeout=self.timeout, metadata=metadata)
        except grpc.RpcError as error:
            if error.code() in _TRANSPORT_FAILURES and not problems.has_rich_status(error):
                # A service answering UNAVAILABLE about its own dependency (tax behind permits) is up.
                if error.code() == grpc.StatusCode.UNAVAILABLE:
                    self.upstreams.mark_down(instance.key)
                raise InstanceFailed(instance, error) from None
            raise

    # -- choosing ----------------------------------------------------------------------------

    def call(self, route, message, metadata, principal: Principal | None):
        """(response, call or None) from the instance(s) the route's option names."""
        service = route.service_key
        instances = self.registry.instances(service)
        routing = route.routing
        if routing is None or len(instances) <= 1:
            return self.invoke(route, self.registry.provincial(service), message, metadata)
        if routing.fan_out:
            return self._fan_out(route, message, metadata, principal), None
        if routing.region_field:
            value = field_value(message, routing.region_field)
            owner = self.registry.owner(service, value) or self.registry.provincial(service)
            response, call = self.invoke(route, owner, message, metadata)
            self._remember_answer(service, response, owner)
            return response, call
        if routing.id_field:
            return self._by_id(route, field_value(message, routing.id_field), message, metadata)
        return self.invoke(route, self.registry.provincial(service), message, metadata)

    def _by_id(self, route, identifier: str, message, metadata):
        """The instance the id names (its region prefix, or where it was found before) first; when that
        one lacks it or is down, every other instance: a permit number the province printed for a Kota
        business before Kota ran its own instance is still in the province's database."""
        service = route.service_key
        first = self.registry.owner_of_id(service, identifier) or self._located_at(service, identifier)
        others = [i for i in self.registry.instances(service) if first is None or i.name != first.name]
        failed_first: list[Instance] = []
        if first is not None:
            try:
                return self.invoke(route, first, message, metadata)
            except InstanceFailed:
                failed_first = [first]
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.NOT_FOUND:
                    raise
                if not others:
                    raise
        outcomes = self._all(lambda i: self.invoke(route, i, message, metadata), others)
        unreachable, refusal, missing = list(failed_first), None, None
        for instance, outcome in zip(others, outcomes, strict=True):
            if not isinstance(outcome, BaseException):
                self._remember(service, identifier, instance)
                return outcome
            if isinstance(outcome, InstanceFailed):
                unreachable.append(instance)
            elif isinstance(outcome, grpc.RpcError) and outcome.code() == grpc.StatusCode.NOT_FOUND:
                missing = missing or outcome
            else:
                refusal = refusal or outcome
        if refusal is not None:
            raise refusal  # e.g. the owner says PERMISSION_DENIED or FAILED_PRECONDITION
        if unreachable:
            raise InstancesUnreachable(unreachable)
        raise missing

    def _all(self, task, instances: list[Instance]) -> list:
        futures = [self._pool.submit(task, i) for i in instances]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result())
            except Exception as error:  # noqa: BLE001 - each instance's answer is weighed by the caller
                outcomes.append(error)
        return outcomes

    # -- the id -> instance cache -------------------------------------------------------------

    def _located_at(self, service: str, identifier: str) -> Instance | None:
        with self._lock:
            name = self._located.get((service, identifier))
            if name is not None:
                self._located.move_to_end((service, identifier))
        return self.registry.instance(service, name) if name else None

    def _remember(self, service: str, identifier: str, instance: Instance) -> None:
        if not identifier:
            return
        with self._lock:
            self._located[(service, identifier)] = instance.name
            self._located.move_to_end((service, identifier))
            while len(self._located) > LOOKUP_CACHE_SIZE:
                self._located.popitem(last=False)

    def _remember_answer(self, service: str, item, instance: Instance) -> None:
        for name in self._id_fields.get(service, ()):
            if name in item.DESCRIPTOR.fields_by_name:
                self._remember(service, getattr(item, name), instance)

    # -- lists ----------------------------------------------------------------------------------

    def scope(self, service: str, principal: Principal | None) -> tuple[Instance, ...]:
        """Residents and staff: every instance (a resident's own records, wherever they were made);
        officers: the instances whose regions meet their jurisdiction."""
        if principal is not None and principal.role == "officer":
            return self.registry.within_scope(service, principal.jurisdiction)
        return self.registry.instances(service)

    def _fan_out(self, route, message, metadata, principal: Principal | None):
        routing = route.routing
        service = route.service_key
        instances = self.scope(service, principal)
        if len(instances) == 1:
            response, _ = self.invoke(route, instances[0], message, metadata)
            return response
        # A set without paging (a JWKS): every instance's whole answer, merged in one page.
        paged = "page_token" in message.DESCRIPTOR.fields_by_name
        size = paging.page_size(getattr(message, "page_size", 0)) if paged else UNPAGED_SIZE
        state = fanout.decode(getattr(message, "page_token", ""))
        keys = fanout.order_for(routing.merge_order, principal.role if principal else None)

        def fetch(instance: Instance, own_token: str):
            request = type(message)()
            request.CopyFrom(message)
            if paged:
                request.page_token = own_token
            if "page_size" in request.DESCRIPTOR.fields_by_name:
                request.page_size = size
            try:
                response, _ = self.invoke(route, instance, request, metadata)
            except InstanceFailed as failed:
                raise fanout.InstanceUnreachable(instance, failed.error) from None
            items = list(getattr(response, routing.items_field))
            for item in items:
                self._remember_answer(service, item, instance)
            return items, getattr(response, "next_page_token", ""), response

        page = fanout.merge_page(
            instances, state, size, keys, fetch, lambda jobs: self._all(lambda job: fetch(*job), list(jobs))
        )
        if page.first_response is None:
            raise InstancesUnreachable(page.unreachable)
        merged = route.response_class()
        merged.CopyFrom(page.first_response)
        items = getattr(merged, routing.items_field)
        del items[:]
        items.extend(page.items if paged else _distinct(page.items))
        if paged:
            merged.next_page_token = page.next_page_token
        if "unreachable" in merged.DESCRIPTOR.fields_by_name:
            del merged.unreachable[:]
            merged.unreachable.extend(i.key for i in page.unreachable)
        return merged


def _distinct(items: list) -> list:
    """The items without repeats (instances sharing a key publish it once), first seen kept."""
    seen: set[bytes] = set()
    kept = []
    for item in items:
        raw = item.SerializeToString(deterministic=True)
        if raw not in seen:
            seen.add(raw)
            kept.append(item)
    return kept
