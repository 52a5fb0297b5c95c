"""Gateway settings from the environment (read only by create_app)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from servicekit import federation as federation_model
from servicekit.config import (
    DEFAULT_NATS_URL,
    env,
    env_int,
    federation,
    metrics_host,
    service_address,
    service_registry,
)

MAX_BODY_BYTES = 1024 * 1024
# What gunicorn reads before the app sees a request (its defaults, written down because the README
# promises them): longer request lines get 414, more or longer header fields 431.
LIMIT_REQUEST_LINE = 4094
LIMIT_REQUEST_FIELDS = 100
LIMIT_REQUEST_FIELD_SIZE = 8190
# Beside the services' 9101..9105; the stream server's listener is 9106.
DEFAULT_METRICS_PORT = 9100


@dataclass(frozen=True)
class GatewayConfig:
    services: dict[str, str]  # key -> gRPC target
    nats_url: str
    upstream_timeout: float
    health_timeout: float
    max_body_bytes: int
    streams_url: str  # the asyncio stream server (SSE); ordinary workers do not hold streams
    # Reverse proxies in front whose X-Forwarded-For is believed; 0 trusts none, so a client
    # cannot pick its own address to dodge per-client rate limits.
    trusted_proxies: int = 0
    # Every instance of every fronted service (servicekit.federation); None: one provincial instance
    # at each of `services`' addresses.
    instances: federation_model.Federation | None = None

    @property
    def registry(self) -> federation_model.Federation:
        return self.instances if self.instances is not None else federation_model.single(self.services)

    @classmethod
    def from_env(cls) -> GatewayConfig:
        keys = [k.strip() for k in env("GATEWAY_SERVICES", ",".join(service_registry())).split(",") if k.strip()]
        if not keys:
            raise ValueError("no services to front: set GATEWAY_SERVICES or SERVICES_FILE (deploy/services.toml)")
        services = {key: service_address(key) for key in keys}
        return cls(
            services=services,
            instances=_instances(keys, services),
            nats_url=env("NATS_URL", DEFAULT_NATS_URL),
            upstream_timeout=float(env("GATEWAY_UPSTREAM_TIMEOUT_SECONDS", "5")),
            health_timeout=float(env("GATEWAY_HEALTH_TIMEOUT_SECONDS", "1")),
            max_body_bytes=MAX_BODY_BYTES,
            streams_url=env("GATEWAY_STREAMS_URL", "http://127.0.0.1:8090").rstrip("/"),
            trusted_proxies=int(env("GATEWAY_TRUSTED_PROXIES", "0")),
        )


def _instances(keys: list[str], services: dict[str, str]) -> federation_model.Federation:
    """The registry's instances of the fronted services; <NAME>_ADDR moves the provincial one (a service
    the registry does not list is one provincial instance there)."""
    registry = federation()
    chosen = {}
    for key in keys:
        listed = registry.instances(key)
        if not listed:
            chosen[key] = federation_model.single({key: services[key]}).instances(key)
            continue
        chosen[key] = tuple(
            dataclasses.replace(i, address=services[key]) if i.provincial and env(f"{key.upper()}_ADDR") else i
            for i in listed
        )
    return federation_model.Federation(chosen)


def metrics_address() -> tuple[str, int]:
    """Where the gateway's /metrics listens (read by gunicorn's master, which serves it).

    Its own port, loopback by default (METRICS_HOST): operational data is not for the API's clients.
    """
    return metrics_host(), env_int("GATEWAY_METRICS_PORT", DEFAULT_METRICS_PORT)
