"""gRPC channels to the services, their health, and NATS reachability."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from servicekit import clients
from servicekit.federation import Federation, Instance
from servicekit.nats_connection import NatsConnection


class Upstreams:
    """One channel per service instance (permits/provinsi, permits/kota-gorontalo), and their health.

    `channels` keeps the provincial instance's channel by service name: what calls without routing,
    and the token verifier's JWKS fetch, use."""

    def __init__(self, registry: Federation, health_timeout: float):
        self.registry = registry
        self.health_timeout = health_timeout
        self.instances = {i.key: i for service in registry.services.values() for i in service}
        self.instance_channels = {key: _channel_to(i) for key, i in self.instances.items()}
        self.channels = {
            service: self.instance_channels[registry.provincial(service).key] for service in registry.services
        }
        self._health = {key: health_pb2_grpc.HealthStub(ch) for key, ch in self.instance_channels.items()}
        self._cache: tuple[float, dict[str, bool]] = (0.0, {})
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, len(self.instances)), thread_name_prefix="health")

    @property
    def targets(self) -> dict[str, str]:
        """The provincial address of each service (what the gateway fronted before federation)."""
        return {service: self.registry.provincial(service).address for service in self.registry.services}

    def _check(self, key: str) -> bool:
        try:
            response = self._health[key].Check(health_pb2.HealthCheckRequest(service=""), timeout=self.health_timeout)
            return response.status == health_pb2.HealthCheckResponse.SERVING
        except grpc.RpcError:
            return False

    def instance_status(self, max_age: float = 2.0) -> dict[str, bool]:
        """Health of every instance (by its key, permits/kota-gorontalo), checked in parallel, cached briefly."""
        now = time.monotonic()
        if now - self._cache[0] < max_age:
            return self._cache[1]
        with self._lock:
            if time.monotonic() - self._cache[0] < max_age:
                return self._cache[1]
            keys = list(self.instance_channels)
            results = dict(zip(keys, self._pool.map(self._check, keys), strict=False))
            self._cache = (time.monotonic(), results)
            return results

    def status(self, max_age: float = 2.0) -> dict[str, bool]:
        """Health of each service's provincial instance, by service name (what /readyz asks of the
        gateway: a kabupaten's instance that is down costs its own regions, not the whole door)."""
        health = self.instance_status(max_age)
        return {service: health.get(self.registry.provincial(service).key, False) for service in self.registry.services}

    def mark_down(self, key: str) -> None:
        """A call just failed as UNAVAILABLE: show it at once, not after the cache ages.

        `key` names an instance (permits/kota-gorontalo) or a service (its provincial instance)."""
        if key in self.registry.services:
            key = self.registry.provincial(key).key
        with self._lock:
            stamp, results = self._cache
            if results.get(key, False):
                self._cache = (stamp, {**results, key: False})

    def close(self) -> None:
        for ch in self.instance_channels.values():
            ch.close()


def _channel_to(instance: Instance) -> grpc.Channel:
    return clients.channel(instance.address, instance.identity, caller="gateway")


def nats_reachable(url: str, timeout: float = 1.0) -> bool:
    """A NATS protocol round trip (INFO, [TLS,] CONNECT, PING -> PONG), without an asyncio client, as
    this process (the gateway's certificate over TLS)."""
    return NatsConnection.of_process(url).reachable(timeout)
