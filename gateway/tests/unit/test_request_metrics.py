"""The request metrics keep each labelled series once (gorontalo_gateway.metrics.record_request)."""

from __future__ import annotations

from prometheus_client import REGISTRY

from gorontalo_gateway.metrics import record_request

ROUTE = "/v1/test/metrics/<segment:id>"


def count(status: str) -> float:
    labels = {"method": "GET", "route": ROUTE, "status": status}
    return REGISTRY.get_sample_value("gorontalo_gateway_http_requests_total", labels) or 0.0


def test_each_request_counts_once_in_its_own_series():
    before_ok, before_missing = count("200"), count("404")
    record_request("GET", ROUTE, 200, 0.003)
    record_request("GET", ROUTE, 200, 0.004)
    record_request("GET", ROUTE, 404, 0.001)
    assert count("200") == before_ok + 2
    assert count("404") == before_missing + 1
    observed = REGISTRY.get_sample_value(
        "gorontalo_gateway_http_request_duration_seconds_count", {"method": "GET", "route": ROUTE}
    )
    assert observed >= 3
