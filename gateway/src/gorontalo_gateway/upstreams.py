"""gRPC channels to the services, their health, and NATS reachability."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from servicekit import clients


class Upstreams:
    def __init__(self, targets: dict[str, str], health_timeout: float):
        self.targets = targets
        self.health_timeout = health_timeout
        self.channels = {key: clients.channel(target) for key, target in targets.items()}
        self._health = {key: health_pb2_grpc.HealthStub(ch) for key, ch in self.channels.items()}
        self._cache: tuple[float, dict[str, bool]] = (0.0, {})
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, len(targets)), thread_name_prefix="health")

    def _check(self, key: str) -> bool:
        try:
            response = self._health[key].Check(health_pb2.HealthCheckRequest(service=""), timeout=self.health_timeout)
            return response.status == health_pb2.HealthCheckResponse.SERVING
        except grpc.RpcError:
            return False

    def status(self, max_age: float = 2.0) -> dict[str, bool]:
        """Health of every upstream, checked in parallel, cached briefly."""
        now = time.monotonic()
        if now - self._cache[0] < max_age:
            return self._cache[1]
        with self._lock:
            if time.monotonic() - self._cache[0] < max_age:
                return self._cache[1]
            keys = list(self.channels)
            results = dict(zip(keys, self._pool.map(self._check, keys), strict=False))
            self._cache = (time.monotonic(), results)
            return results

    def mark_down(self, key: str) -> None:
        """A call just failed as UNAVAILABLE: show it at once, not after the cache ages."""
        with self._lock:
            stamp, results = self._cache
            if results.get(key, False):
                self._cache = (stamp, {**results, key: False})

    def close(self) -> None:
        for ch in self.channels.values():
            ch.close()


def nats_reachable(url: str, timeout: float = 1.0) -> bool:
    """A NATS protocol round trip (INFO, CONNECT, PING -> PONG), without an asyncio client."""
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 4222), timeout=timeout) as s:
            s.settimeout(timeout)
            reader = s.makefile("rb")
            info = reader.readline()
            if not info.startswith(b"INFO "):
                return False
            s.sendall(b"CONNECT " + json.dumps({"verbose": False, "name": "gateway-readyz"}).encode() + b"\r\nPING\r\n")
            return reader.readline().strip() == b"PONG"
    except OSError:
        return False
