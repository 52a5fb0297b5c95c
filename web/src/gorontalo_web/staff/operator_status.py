"""The operators' quick view of the platform, read from the two sources that already know it:

- Prometheus (PROMETHEUS_URL, its HTTP API /api/v1/query) scraping every process as
  deploy/prometheus/prometheus.yml says: `up` per job and instance, the gateway's request counters and
  latency histogram, the outbox gauges and the consumers' lag and dead letters (servicekit.metrics);
- the gateway's health checks: /readyz (each service and NATS probed now) and /v1/services.

Nothing is stored here: every figure on the page is one of theirs, asked for when the page is drawn. A
service the gateway cannot reach is down at once (the health check); Prometheus follows within one
scrape interval. The metric names are the ones the processes export (servicekit/metrics.py,
gorontalo_gateway/metrics.py); the observability issue's recording rules may later replace these
expressions with their names without changing the page.
"""

from __future__ import annotations

import dataclasses
import math
import os

import requests
from flask import current_app

DEFAULT_PROMETHEUS_URL = "http://127.0.0.1:9090"
TIMEOUT_SECONDS = 3.0
# The window of rates and the p99: long enough for a few scrapes, short enough to show a new failure.
WINDOW = "5m"
ROUTE_LIMIT = 25

QUERIES = {
    "up": "up",
    "requests": f"sum by (route) (rate(gorontalo_gateway_http_requests_total[{WINDOW}]))",
    "errors": f'sum by (route) (rate(gorontalo_gateway_http_requests_total{{status=~"5.."}}[{WINDOW}]))',
    "p99": (
        "histogram_quantile(0.99, sum by (route, le) "
        f"(rate(gorontalo_gateway_http_request_duration_seconds_bucket[{WINDOW}])))"
    ),
    "outbox_pending": "max by (job, instance) (gorontalo_outbox_pending_events)",
    "outbox_age": "max by (job, instance) (gorontalo_outbox_oldest_unsent_age_seconds)",
    "lag": "max by (job, consumer) (gorontalo_consumer_lag_messages)",
    "dead_letters": "sum by (job, consumer) (gorontalo_events_dead_lettered_total)",
    "dead_letters_recent": "sum by (job, consumer) (increase(gorontalo_events_dead_lettered_total[1h]))",
}


class PrometheusUnavailable(Exception):
    pass


class Prometheus:
    """The instant-query part of the Prometheus HTTP API."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT_SECONDS, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = session or requests.Session()

    def query(self, expr: str) -> list[tuple[dict[str, str], float]]:
        """(labels, value) of each series of an instant vector."""
        try:
            response = self.http.get(self.base_url + "/api/v1/query", params={"query": expr}, timeout=self.timeout)
            body = response.json()
        except (requests.RequestException, ValueError) as error:
            raise PrometheusUnavailable(type(error).__name__) from None
        if response.status_code != 200 or body.get("status") != "success":
            raise PrometheusUnavailable(str(body.get("error") or response.status_code))
        data = body.get("data") or {}
        if data.get("resultType") != "vector":
            raise PrometheusUnavailable(f"unexpected result type {data.get('resultType')!r}")
        return [(dict(item.get("metric") or {}), float(item["value"][1])) for item in data.get("result") or []]


def prometheus_url() -> str:
    cached = current_app.extensions.get("gorontalo_prometheus_url")
    if cached is None:
        cached = os.environ.get("PROMETHEUS_URL", DEFAULT_PROMETHEUS_URL).rstrip("/")
        current_app.extensions["gorontalo_prometheus_url"] = cached
    return cached


def prometheus() -> Prometheus | None:
    url = prometheus_url()
    return Prometheus(url) if url else None


@dataclasses.dataclass
class Instance:
    instance: str
    up: bool


@dataclasses.dataclass
class Process:
    """A service (or the gateway's processes): its health check and each scraped instance."""

    name: str
    title: str = ""
    health: str | None = None  # "up" / "down" from the gateway's probe; None: not probed by the gateway
    instances: list[Instance] = dataclasses.field(default_factory=list)

    @property
    def state(self) -> str:
        """down when the probe says so or no instance answers Prometheus; degraded when some do not."""
        if self.health == "down":
            return "down"
        if self.instances:
            answering = sum(1 for i in self.instances if i.up)
            if answering == 0:
                return "down"
            if answering < len(self.instances):
                return "degraded"
        if self.health is None and not self.instances:
            return "unknown"
        return "up"


@dataclasses.dataclass
class Route:
    route: str
    requests_per_second: float
    error_ratio: float | None
    p99_seconds: float | None


@dataclasses.dataclass
class Outbox:
    service: str
    instance: str
    pending: int
    oldest_age_seconds: float


@dataclasses.dataclass
class Consumer:
    service: str
    consumer: str
    lag: int | None
    dead_letters: int
    dead_letters_recent: int


@dataclasses.dataclass
class PlatformStatus:
    processes: list[Process]
    nats: str | None
    gateway_ready: bool | None
    routes: list[Route]
    outboxes: list[Outbox]
    consumers: list[Consumer]
    prometheus_error: str = ""
    gateway_error: str = ""

    @property
    def down(self) -> list[Process]:
        return [p for p in self.processes if p.state == "down"]


def _finite(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) or math.isinf(value) else value


def health_checks(gateway, lang: str) -> tuple[dict[str, str], dict[str, str], bool | None, str]:
    """({service: up/down} probed now by /readyz, {service: title} from /v1/services, ready, error)."""
    checks: dict[str, str] = {}
    titles: dict[str, str] = {}
    ready: bool | None = None
    error = ""
    try:
        response = gateway.http.get(
            gateway.base_url + "/readyz", headers={"Accept": "application/json"}, timeout=gateway.timeout
        )
        body = response.json()
        checks = {str(k): str(v) for k, v in (body.get("checks") or {}).items()}
        ready = response.status_code == 200
    except (requests.RequestException, ValueError) as failure:
        error = type(failure).__name__
    try:
        response = gateway.http.get(
            gateway.base_url + "/v1/services",
            headers={"Accept": "application/json", "Accept-Language": lang},
            timeout=gateway.timeout,
        )
        for entry in response.json().get("services") or []:
            titles[entry["name"]] = entry.get("title") or entry["name"]
            # The directory's status is a cached probe; /readyz's of this moment wins when both answered.
            checks.setdefault(entry["name"], entry.get("status") or "down")
    except (requests.RequestException, ValueError, KeyError, AttributeError) as failure:
        error = error or type(failure).__name__
    return checks, titles, ready, error


def collect(prom: Prometheus | None, gateway, lang: str) -> PlatformStatus:
    checks, titles, ready, gateway_error = health_checks(gateway, lang)
    nats = checks.pop("nats", None)
    results: dict[str, list] = {}
    prometheus_error = "" if prom else "not configured"
    if prom:
        try:
            for key, expr in QUERIES.items():
                results[key] = prom.query(expr)
        except PrometheusUnavailable as error:
            prometheus_error = str(error) or "unavailable"
            results = {}

    processes: dict[str, Process] = {}
    # The gateway answers or not; a gateway that does not answer is down whatever Prometheus says.
    processes["gateway"] = Process("gateway", "gateway", health="down" if gateway_error and ready is None else "up")
    for name, state in checks.items():
        processes[name] = Process(name, titles.get(name, name), health="up" if state == "up" else "down")
    for labels, value in results.get("up", []):
        job = labels.get("job", "")
        process = processes.setdefault(job, Process(job, job))
        process.instances.append(Instance(labels.get("instance", ""), value >= 1))
    for process in processes.values():
        process.instances.sort(key=lambda i: i.instance)

    requests_by_route = {labels.get("route", ""): value for labels, value in results.get("requests", [])}
    errors_by_route = {labels.get("route", ""): value for labels, value in results.get("errors", [])}
    p99_by_route = {labels.get("route", ""): value for labels, value in results.get("p99", [])}
    routes = []
    for route, rate in requests_by_route.items():
        error_ratio = errors_by_route.get(route, 0.0) / rate if rate > 0 else None
        routes.append(Route(route, rate, _finite(error_ratio), _finite(p99_by_route.get(route))))
    routes.sort(key=lambda r: (-(r.error_ratio or 0), -(r.p99_seconds or 0), r.route))

    ages = {
        (labels.get("job", ""), labels.get("instance", "")): value for labels, value in results.get("outbox_age", [])
    }
    outboxes = [
        Outbox(
            labels.get("job", ""),
            labels.get("instance", ""),
            int(value),
            ages.get((labels.get("job", ""), labels.get("instance", "")), 0.0),
        )
        for labels, value in results.get("outbox_pending", [])
    ]
    outboxes.sort(key=lambda o: (-o.oldest_age_seconds, o.service, o.instance))

    consumers: dict[tuple[str, str], Consumer] = {}

    def consumer(labels: dict) -> Consumer:
        key = (labels.get("job", ""), labels.get("consumer", ""))
        return consumers.setdefault(key, Consumer(key[0], key[1], None, 0, 0))

    for labels, value in results.get("lag", []):
        consumer(labels).lag = int(value)
    for labels, value in results.get("dead_letters", []):
        consumer(labels).dead_letters = int(value)
    for labels, value in results.get("dead_letters_recent", []):
        consumer(labels).dead_letters_recent = round(_finite(value) or 0)
    ordered = sorted(consumers.values(), key=lambda c: (-(c.dead_letters_recent), -(c.lag or 0), c.service, c.consumer))

    order = {"down": 0, "degraded": 1, "unknown": 2, "up": 3}
    return PlatformStatus(
        processes=sorted(processes.values(), key=lambda p: (order[p.state], p.name)),
        nats=nats,
        gateway_ready=ready,
        routes=routes[:ROUTE_LIMIT],
        outboxes=outboxes,
        consumers=ordered,
        prometheus_error=prometheus_error,
        gateway_error=gateway_error,
    )
