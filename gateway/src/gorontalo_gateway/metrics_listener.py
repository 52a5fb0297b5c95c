"""The gateway's /metrics listener, run in gunicorn's master process.

Kept apart from metrics.py: the master must not create the workers' metric objects, it only
reads the files every worker writes to PROMETHEUS_MULTIPROC_DIR, so one scrape sees them all
(a worker's own registry would show only the requests that worker happened to answer).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, multiprocess, start_http_server

_listening = None  # the master's listening socket, which every worker inherits at fork


def start(host: str, port: int) -> None:
    """Serve the sum over all workers on host:port (a daemon thread); OSError if the port is taken."""
    global _listening
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    server, _ = start_http_server(port, addr=host, registry=registry)
    _listening = server.socket


def close_inherited() -> None:
    """In a worker: let go of the master's metrics socket. Workers orphaned by a SIGKILLed master live
    on through their graceful stop; holding it, they kept the port from the master a supervisor starts
    at once, which exited 1 ("Address already in use") until they were gone."""
    if _listening is not None:
        _listening.close()
