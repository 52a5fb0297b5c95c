"""Gateway metrics; multiprocess-safe under gunicorn (PROMETHEUS_MULTIPROC_DIR).

The workers only record. Prometheus scrapes the gunicorn master's own listener (gunicorn_conf
when_ready, metrics_listener.start), which sums every worker's files, off the API port.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "gorontalo_gateway_http_requests_total",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "gorontalo_gateway_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
UPSTREAM_ERRORS = Counter(
    "gorontalo_gateway_upstream_errors_total", "Failed calls to services, by gRPC code.", ["service", "grpc_code"]
)
