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

# The labelled series of each (method, route, status) seen, so that a request does not pay for
# labels()'s lock and checks twice (issue 20). Bounded: methods are whatever clients send.
_SERIES: dict[tuple[str, str, int], tuple] = {}
_SERIES_KEPT = 2_000


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    key = (method, route, status)
    series = _SERIES.get(key)
    if series is None:
        series = (HTTP_REQUESTS.labels(method, route, str(status)), HTTP_SECONDS.labels(method, route))
        if len(_SERIES) < _SERIES_KEPT:
            _SERIES[key] = series
    series[0].inc()
    series[1].observe(seconds)
