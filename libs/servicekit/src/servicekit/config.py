"""Settings read from the environment. Only composition roots call these."""
from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass

DEFAULT_NATS_URL = "nats://127.0.0.1:4222"

# One table keeps every default port in one place; the README mirrors it.
SERVICE_PORTS = {
    "identity": (50051, 9101),
    "permits": (50052, 9102),
    "tax": (50053, 9103),
    "complaints": (50054, 9104),
    "disaster": (50055, 9105),
}


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value is not None else default


def public_base_url() -> str:
    """The one absolute origin every printed link starts with (Atom, CAP <web>, SMS, PDF, QR).

    Behind nginx this is the public https origin; by default it is the gateway `make run` starts.
    """
    default = "http://" + (env("GATEWAY_BIND", "127.0.0.1:8080") or "127.0.0.1:8080")
    return (env("PUBLIC_BASE_URL", default) or default).rstrip("/")


def redis_url() -> str:
    """Where shared rate-limit counters live (servicekit.ratelimit falls back to memory if none answers)."""
    return env("REDIS_URL", "redis://127.0.0.1:6379/0")


def metrics_host() -> str:
    """Where /metrics listens. Loopback unless an operator opens it for a Prometheus elsewhere."""
    return env("METRICS_HOST", "127.0.0.1")


def var_dir() -> pathlib.Path:
    path = pathlib.Path(env("VAR_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def service_address(service: str) -> str:
    """Where a service's gRPC server is reached (and, by default, listens)."""
    grpc_port, _ = SERVICE_PORTS[service]
    return env(f"{service.upper()}_ADDR", f"127.0.0.1:{grpc_port}")


@dataclass(frozen=True)
class ServiceSettings:
    name: str
    listen: str
    metrics_port: int
    database_url: str
    nats_url: str
    stream: str
    identity_addr: str
    var_dir: pathlib.Path
    grace_seconds: float
    max_workers: int
    log_level: str
    public_base_url: str = "http://127.0.0.1:8080"
    metrics_host: str = "127.0.0.1"
    redis_url: str = "redis://127.0.0.1:6379/0"
    rate_limit_namespace: str = "gorontalo"

    @classmethod
    def from_env(cls, name: str) -> "ServiceSettings":
        prefix = name.upper()
        base = var_dir()
        _, metrics_port = SERVICE_PORTS[name]
        return cls(
            name=name,
            listen=env(f"{prefix}_LISTEN", service_address(name)),
            metrics_port=env_int(f"{prefix}_METRICS_PORT", metrics_port),
            database_url=env(f"{prefix}_DATABASE_URL", f"sqlite:///{base / (name + '.db')}"),
            nats_url=env("NATS_URL", DEFAULT_NATS_URL),
            stream=env("EVENTS_STREAM", "GORONTALO"),
            identity_addr=service_address("identity"),
            var_dir=base,
            grace_seconds=float(env("SHUTDOWN_GRACE_SECONDS", "10")),
            max_workers=env_int(f"{prefix}_WORKERS", 16),
            log_level=env("LOG_LEVEL", "INFO"),
            public_base_url=public_base_url(),
            metrics_host=metrics_host(),
            redis_url=redis_url(),
            rate_limit_namespace=env("RATE_LIMIT_NAMESPACE", "gorontalo"),
        )
