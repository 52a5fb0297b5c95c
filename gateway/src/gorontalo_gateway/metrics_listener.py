"""The gateway's /metrics listener, run in gunicorn's master process.

Kept apart from metrics.py: the master must not create the workers' metric objects, it only
reads the files every worker writes to PROMETHEUS_MULTIPROC_DIR, so one scrape sees them all
(a worker's own registry would show only the requests that worker happened to answer).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, multiprocess, start_http_server


def start(host: str, port: int) -> None:
    """Serve the sum over all workers on host:port (a daemon thread); OSError if the port is taken."""
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(port, addr=host, registry=registry)
