"""Settings read from the environment. Only composition roots call these."""

from __future__ import annotations

import os
import pathlib
import secrets
import time
from dataclasses import dataclass

from . import federation as federation_model

DEFAULT_NATS_URL = "nats://127.0.0.1:4222"

DEFAULT_SERVICES_FILE = "deploy/services.toml"


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


def service_secret(name: str) -> str:
    """The secret with which service `name` obtains its own access token from identity (the client
    credentials grant): SERVICE_SECRET_<NAME> in production, where the operator gives the same value
    to identity and to that service. Without it (development, `make run`, tests) a random secret is
    generated once into VAR_DIR/service-secrets/<name>, which both processes read: never committed."""
    configured = env(f"SERVICE_SECRET_{name.upper()}")
    if configured:
        return configured
    folder = var_dir() / "service-secrets"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    try:
        # O_EXCL: whichever process comes first writes it; the other reads the same value.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the writer may not have written yet
            value = path.read_text().strip()
            if value:
                return value
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty") from None
    value = secrets.token_urlsafe(32)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value + "\n")
    return value


@dataclass(frozen=True)
class RegisteredService:
    name: str
    address: str
    metrics_port: int


class UnknownService(LookupError):
    pass


def services_file() -> pathlib.Path:
    return pathlib.Path(env("SERVICES_FILE", DEFAULT_SERVICES_FILE)).resolve()


def federation() -> federation_model.Federation:
    """Every instance of every service, from SERVICES_FILE, validated (servicekit.federation)."""
    return federation_model.load(str(services_file()))


def current_instance(service: str) -> federation_model.Instance | None:
    """The instance of `service` this process is or talks to: <SERVICE>_INSTANCE, else the provincial one.

    None when the registry does not list the service at all."""
    registry = federation()
    if not registry.instances(service):
        return None
    name = env(f"{service.upper()}_INSTANCE")
    if name is None:
        return registry.provincial(service)
    found = registry.instance(service, name)
    if found is None:
        known = ", ".join(i.name for i in registry.instances(service))
        raise UnknownService(
            f"{service.upper()}_INSTANCE={name}: {services_file()} lists no such instance (known: {known})"
        )
    return found


def service_registry() -> dict[str, RegisteredService]:
    """The services of the platform, from SERVICES_FILE (deploy/services.toml by default); {} when absent.

    Each at the instance current_instance() picks (the provincial one unless <SERVICE>_INSTANCE says)."""
    registered = {}
    for name in federation().services:
        instance = current_instance(name)
        registered[name] = RegisteredService(name, instance.address, instance.metrics_port)
    return registered


def service_address(service: str) -> str:
    """Where a service's gRPC server is reached (and, by default, listens): <NAME>_ADDR, else the registry."""
    configured = env(f"{service.upper()}_ADDR")
    if configured:
        return configured
    registered = service_registry().get(service)
    if registered is None:
        raise UnknownService(f"no address for {service}: set {service.upper()}_ADDR or list it in SERVICES_FILE")
    return registered.address


def service_metrics_port(service: str) -> int:
    configured = env(f"{service.upper()}_METRICS_PORT")
    if configured:
        return int(configured)
    registered = service_registry().get(service)
    if registered is None or not registered.metrics_port:
        raise UnknownService(
            f"no metrics port for {service}: set {service.upper()}_METRICS_PORT or list it in SERVICES_FILE"
        )
    return registered.metrics_port


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
    def from_env(cls, name: str) -> ServiceSettings:
        prefix = name.upper()
        base = var_dir()
        return cls(
            name=name,
            listen=env(f"{prefix}_LISTEN") or service_address(name),
            metrics_port=service_metrics_port(name),
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
