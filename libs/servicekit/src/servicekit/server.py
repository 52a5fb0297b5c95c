"""gRPC server bootstrap shared by every service.

Standard health and reflection services, the interceptor chain, Prometheus on a
side port, and a graceful stop on SIGTERM: stop taking calls, finish in-flight
RPCs, flush the outbox, then exit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import start_http_server

from . import config, federation, revocation, tracing
from . import health as probes
from .audit import AuditInterceptor
from .auth import TokenVerifier
from .bus import EventBus
from .instance_scope import InstanceScopeInterceptor
from .interceptors import (
    AuthInterceptor,
    ErrorInterceptor,
    InterceptorChain,
    MetricsInterceptor,
    RequestContextInterceptor,
    TracingInterceptor,
)
from .stop_signal import wait_for_stop_signal
from .tls import CertificateSource, own_source, server_credentials

log = logging.getLogger(__name__)

# Uploads (documents, photos) travel as one message; the gateway enforces each RPC's own limit.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


@dataclass
class Registration:
    """A servicer and the generated function that adds it to a server."""

    add_to_server: Callable
    servicer: object
    service_name: str  # full proto name, e.g. gorontalo.identity.v1.IdentityService


@dataclass
class ServiceRuntime:
    listen: str
    metrics_port: int
    verifier: TokenVerifier
    registrations: list[Registration]
    bus: EventBus | None = None
    grace_seconds: float = 10.0
    max_workers: int = 16
    on_stop: list[Callable[[], None]] = field(default_factory=list)
    metrics_host: str = "127.0.0.1"
    # The service's messages (servicekit.i18n.Catalog); None: the deprecated process-wide registry.
    catalog: object = None
    # (nats_url, stream) whose gorontalo.identity.token.revoked events this process follows, so a
    # logged-out token is refused here within seconds (servicekit.revocation); None: not followed.
    revocations_from: tuple[str, str] | None = None
    # This process's certificate (servicekit.tls): the port speaks mutual TLS only, no plaintext.
    tls: CertificateSource | None = None
    # The service's short name ("permits"): with it, a create for a region another instance of the
    # service owns is refused here too (servicekit.instance_scope), not only routed away by the gateway.
    service: str = ""

    @classmethod
    def from_settings(
        cls,
        settings,
        *,
        verifier: TokenVerifier,
        registrations: list[Registration],
        bus: EventBus | None,
        on_stop=(),
        catalog=None,
    ) -> ServiceRuntime:
        """The usual runtime of a service: listen address, ports and limits from its settings."""
        return cls(
            listen=settings.listen,
            metrics_port=settings.metrics_port,
            verifier=verifier,
            registrations=registrations,
            bus=bus,
            grace_seconds=settings.grace_seconds,
            max_workers=settings.max_workers,
            on_stop=list(on_stop),
            metrics_host=getattr(settings, "metrics_host", "127.0.0.1"),
            catalog=catalog,
            revocations_from=(settings.nats_url, settings.stream),
            tls=own_source(settings.name, settings.var_dir),
            service=settings.name,
        )

    def interceptors(self) -> list[grpc.ServerInterceptor]:
        chain = [
            TracingInterceptor(),
            RequestContextInterceptor(),
            MetricsInterceptor(),
            ErrorInterceptor(self.catalog),
            AuthInterceptor(self.verifier),
        ]
        if self.bus is not None and getattr(self.bus, "session_factory", None) is not None:
            # Inside the auth check (it reads the principal): every staff write goes to the audit trail
            # through this service's own outbox (servicekit.audit).
            chain.append(AuditInterceptor(self.bus.session_factory, on_recorded=self.bus.wake))
        if self.service:
            chain.append(InstanceScopeInterceptor(self.service))
        return chain

    def configure_tracing(self) -> None:
        """This process's traces (servicekit.tracing), named after the service and its instance."""
        instance = None
        if self.service:
            try:
                instance = config.current_instance(self.service)
            except (config.UnknownService, federation.FederationError):  # reported where the registry is used
                instance = None
        tracing.configure(
            self.service or "service",
            instance=instance.name if instance else "",
            agency=instance.agency if instance else "",
        )

    def build(self) -> tuple[grpc.Server, health.HealthServicer, int]:
        server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="rpc"),
            interceptors=[InterceptorChain(self.interceptors())],
            options=[("grpc.so_reuseport", 0), ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)],
        )
        health_servicer = health.HealthServicer(experimental_non_blocking=True)
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
        names = [reflection.SERVICE_NAME, health.SERVICE_NAME]
        for registration in self.registrations:
            registration.add_to_server(registration.servicer, server)
            names.append(registration.service_name)
        reflection.enable_server_reflection(names, server)
        if self.tls is None:
            raise ValueError(
                "ServiceRuntime needs tls= (servicekit.tls.own_source; in tests testing_pki.server_source)"
            )
        port = server.add_secure_port(self.listen, server_credentials(self.tls))
        if port == 0:
            raise RuntimeError(f"cannot listen on {self.listen}")
        return server, health_servicer, port

    def run(self) -> None:
        """Serve until SIGTERM or SIGINT."""
        self.configure_tracing()
        server, health_servicer, port = self.build()
        if self.metrics_port:
            # Loopback by default, like the gRPC port: operational data is not for the world.
            start_http_server(self.metrics_port, addr=self.metrics_host)
        if self.bus:
            self.bus.start()
        feed = revocation.follow(*self.revocations_from) if self.revocations_from else None
        server.start()
        # Liveness stays SERVING while the process runs; readiness ("" and each service) follows this
        # replica's own database and NATS connection (servicekit.health).
        health_servicer.set(probes.LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        ready_names = ["", *(registration.service_name for registration in self.registrations)]
        readiness = probes.for_bus(health_servicer, ready_names, self.bus)
        if readiness is None:
            for name in ready_names:
                health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
        else:
            readiness.start()
        log.info("serving gRPC on %s (metrics on %s:%s)", self.listen, self.metrics_host, self.metrics_port)

        wait_for_stop_signal()
        if readiness is not None:
            readiness.stop()
        health_servicer.enter_graceful_shutdown()
        server.stop(self.grace_seconds).wait()
        if self.bus:
            self.bus.stop(flush_seconds=self.grace_seconds)
        if feed is not None:
            feed.stop()
        for hook in self.on_stop:
            hook()
        log.info("stopped")
