"""Commit -> durable consumer, as the platform's own consumers measure it (issue 20's event latency).

event_latency() times each report's event from its commit to a plain NATS subscriber in the bench: the
outbox relay and JetStream. The services' durable consumers come after that (their fetch, the gather
before it, their transaction and ack); each observes every event it acknowledges in
gorontalo_consumer_event_age_seconds{consumer} (servicekit.consumers). Here: that histogram read off the
services' /metrics before and after a window, and its p50/p99 over the window's events, interpolated
within a bucket as Prometheus' histogram_quantile does.
"""

from __future__ import annotations

import requests
from prometheus_client.parser import text_string_to_metric_families

AGE = "gorontalo_consumer_event_age_seconds"
# The durable consumers every API disaster report reaches: disaster's clustering (placed reports are
# acked without a transaction) and the inbox's (a signed-in reporter's timeline item).
REPORT_CONSUMERS = {"disaster": "disaster-clustering", "inbox": "inbox-disaster-reports"}


def buckets(stack, service: str, consumer: str) -> dict[float, float]:
    """Cumulative counts by upper bound (inf included) of one consumer's histogram; {} when absent."""
    url = f"http://127.0.0.1:{stack.ports[service][1]}/metrics"
    found: dict[float, float] = {}
    for family in text_string_to_metric_families(requests.get(url, timeout=10).text):
        if family.name != AGE:
            continue
        for sample in family.samples:
            if sample.name == AGE + "_bucket" and sample.labels.get("consumer") == consumer:
                found[float(sample.labels["le"])] = sample.value
    return found


def snapshot(stack) -> dict[str, dict[float, float]]:
    return {consumer: buckets(stack, service, consumer) for service, consumer in REPORT_CONSUMERS.items()}


def quantile(q: float, before: dict[float, float], after: dict[float, float]) -> float | None:
    """The q-quantile (seconds) of the events observed between two snapshots of one histogram."""
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0.0) for b in bounds]
    if not counts or counts[-1] <= 0:
        return None
    rank = q * counts[-1]
    lower, below = 0.0, 0.0
    for bound, cumulative in zip(bounds, counts, strict=True):
        if cumulative >= rank:
            if bound == float("inf"):
                return lower  # beyond the last finite bound: that bound, as histogram_quantile says
            share = (rank - below) / (cumulative - below) if cumulative > below else 1.0
            return lower + (bound - lower) * share
        lower, below = bound, cumulative
    return None


def window(before: dict, after: dict) -> dict:
    """Per consumer: events acknowledged in the window, p50 and p99 in ms (bucket-interpolated)."""
    figures = {}
    for consumer, ending in after.items():
        starting = before.get(consumer, {})
        count = ending.get(float("inf"), 0.0) - starting.get(float("inf"), 0.0)
        p50, p99 = quantile(0.5, starting, ending), quantile(0.99, starting, ending)
        figures[consumer] = {
            "events": int(count),
            "p50_ms": None if p50 is None else round(p50 * 1000, 1),
            "p99_ms": None if p99 is None else round(p99 * 1000, 1),
        }
    return figures
