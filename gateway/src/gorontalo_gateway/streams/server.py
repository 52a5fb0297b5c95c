"""`gorontalo-gateway streams`: the alert stream server under uvicorn (composition root)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
import signal
import threading

import uvicorn
from prometheus_client import start_http_server

from servicekit import logging as json_logging
from servicekit import tracing

from .asgi import StreamApp
from .config import StreamsConfig
from .hub import Hub
from .source import AlertSource

log = logging.getLogger("gateway.streams")

# Clients reconnect in a burst after a restart (EventSource retries after `retry:`): a long listen queue
# keeps them from meeting refused connections; the kernel caps it at net.core.somaxconn.
BACKLOG = 8192


class _DroppedClientNoise(logging.Filter):
    """The app ends a dropped slow client's response early on purpose and logs that itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


class StreamServer(uvicorn.Server):
    """uvicorn waits for open responses before shutting down; streams never end by themselves,
    so the first SIGTERM/SIGINT also closes every stream (clients reconnect with Last-Event-ID)."""

    def __init__(self, config: uvicorn.Config, hub: Hub):
        super().__init__(config)
        self.hub = hub
        self._loop: asyncio.AbstractEventLoop | None = None

    async def serve(self, sockets=None) -> None:
        self._loop = asyncio.get_running_loop()
        await super().serve(sockets)

    def handle_exit(self, sig, frame) -> None:
        super().handle_exit(sig, frame)
        if self._loop is not None and not self.hub.closing:
            self._loop.call_soon_threadsafe(self._close_streams)

    def _close_streams(self) -> None:
        count = self.hub.close_all()
        log.info("shutting down: closing %d streams", count)

    @contextlib.contextmanager
    def capture_signals(self):
        # uvicorn re-raises the captured signal after a clean shutdown, which would turn a
        # graceful stop into death by SIGTERM; exit 0 instead.
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        original = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


def build(config: StreamsConfig) -> tuple[StreamApp, Hub]:
    hub = Hub(max_pending=config.client_queue)
    source = AlertSource(hub, nats_url=config.nats_url, stream=config.stream)
    return StreamApp(hub, source, config), hub


def raise_open_files_limit(max_clients: int) -> int:
    """Soft RLIMIT_NOFILE up to the hard limit: each stream holds a descriptor, and the usual soft 1024
    would refuse connections long before GATEWAY_STREAMS_MAX_CLIENTS. Returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError) as error:
            log.warning("cannot raise the open files limit from %d to %d: %s", soft, hard, error)
    if soft != resource.RLIM_INFINITY and soft < max_clients + 64:
        log.warning(
            "open files limit %d is below GATEWAY_STREAMS_MAX_CLIENTS %d: raise `ulimit -n` (LimitNOFILE)",
            soft,
            max_clients,
        )
    return soft


def main() -> int:
    config = StreamsConfig.from_env()
    json_logging.configure("gateway-streams", config.log_level)
    tracing.configure("gateway-streams")
    raise_open_files_limit(config.max_clients)
    logging.getLogger("uvicorn.error").addFilter(_DroppedClientNoise())
    try:
        # One process, the default registry, on a loopback port of its own (not the stream port).
        start_http_server(config.metrics_port, addr=config.metrics_host)
    except OSError as error:
        log.error(
            "cannot serve metrics on %s:%s (GATEWAY_STREAMS_METRICS_PORT, METRICS_HOST): %s",
            config.metrics_host,
            config.metrics_port,
            error,
        )
        return 1
    app, hub = build(config)
    server = StreamServer(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            loop=config.loop,
            http=config.http,
            lifespan="on",
            log_config=None,
            access_log=False,
            server_header=False,
            proxy_headers=False,
            backlog=BACKLOG,
            timeout_graceful_shutdown=int(config.grace_seconds),
        ),
        hub,
    )
    server.run()
    return 0 if server.started else 1
