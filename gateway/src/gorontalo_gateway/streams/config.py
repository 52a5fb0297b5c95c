"""Stream server settings from the environment (read only by server.main)."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.config import DEFAULT_NATS_URL, env, env_int, metrics_host

DEFAULT_BIND = "127.0.0.1:8090"
DEFAULT_METRICS_PORT = 9106  # after the gateway's 9100 and the services' 9101..9105


@dataclass(frozen=True)
class StreamsConfig:
    host: str
    port: int
    nats_url: str
    stream: str
    heartbeat_seconds: float  # comment line so proxies and NATs keep an idle stream open
    retry_ms: int  # the `retry:` hint: how long an EventSource waits before reconnecting
    client_queue: int  # alerts buffered per client before a client that does not read is dropped
    max_clients: int
    grace_seconds: float
    loop: str  # uvicorn event loop: auto (uvloop when installed) | asyncio | uvloop
    http: str  # uvicorn HTTP parser: auto (httptools when installed) | h11 | httptools
    log_level: str
    # /metrics has its own listener, loopback by default, not the public stream port.
    metrics_host: str = "127.0.0.1"
    metrics_port: int = DEFAULT_METRICS_PORT
    # Web origins whose pages open the stream with EventSource (CORS): Gorontalo Satu on its own origin.
    allowed_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> StreamsConfig:
        bind = env("GATEWAY_STREAMS_BIND", DEFAULT_BIND)
        host, _, port = bind.rpartition(":")
        return cls(
            host=host.strip("[]") or "127.0.0.1",
            port=int(port),
            nats_url=env("NATS_URL", DEFAULT_NATS_URL),
            stream=env("EVENTS_STREAM", "GORONTALO"),
            heartbeat_seconds=float(env("GATEWAY_STREAMS_HEARTBEAT_SECONDS", "15")),
            retry_ms=int(env("GATEWAY_STREAMS_RETRY_MS", "3000")),
            client_queue=int(env("GATEWAY_STREAMS_CLIENT_QUEUE", "256")),
            max_clients=int(env("GATEWAY_STREAMS_MAX_CLIENTS", "10000")),
            grace_seconds=float(env("SHUTDOWN_GRACE_SECONDS", "10")),
            loop=env("GATEWAY_STREAMS_LOOP", "auto"),
            http=env("GATEWAY_STREAMS_HTTP", "auto"),
            log_level=env("LOG_LEVEL", "INFO"),
            metrics_host=metrics_host(),
            metrics_port=env_int("GATEWAY_STREAMS_METRICS_PORT", DEFAULT_METRICS_PORT),
            allowed_origins=allowed_origins(),
        )


def allowed_origins() -> tuple[str, ...]:
    """GATEWAY_STREAMS_ALLOWED_ORIGINS (comma-separated), else the web app's own public origin."""
    listed = env("GATEWAY_STREAMS_ALLOWED_ORIGINS", "")
    if not listed:
        listed = env("WEB_PUBLIC_URL", "") or "http://" + env("WEB_BIND", "127.0.0.1:8081")
    return tuple(origin.strip().rstrip("/") for origin in listed.split(",") if origin.strip())
