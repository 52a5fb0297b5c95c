"""Prometheus metrics shared by every service process (bounded label sets only)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

GRPC_HANDLED = Counter(
    "grpc_server_handled_total",
    "RPCs completed on the server, by status code.",
    ["grpc_service", "grpc_method", "grpc_code"],
)
GRPC_SECONDS = Histogram(
    "grpc_server_handling_seconds",
    "Time to handle an RPC on the server.",
    ["grpc_service", "grpc_method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_PUBLISHED = Counter(
    "gorontalo_outbox_events_published_total", "Outbox events published to JetStream.", ["event_type"]
)
OUTBOX_FAILURES = Counter("gorontalo_outbox_publish_failures_total", "Failed attempts to publish an outbox event.")
OUTBOX_PENDING = Gauge("gorontalo_outbox_pending_events", "Outbox events not yet published.")
OUTBOX_OLDEST_AGE = Gauge(
    "gorontalo_outbox_oldest_unsent_age_seconds",
    "Age of the oldest outbox event not yet published (0 when none waits).",
)
NATS_CONNECTED = Gauge("gorontalo_nats_connected", "1 while the event bus is connected to NATS.")
EVENTS_CONSUMED = Counter(
    "gorontalo_events_consumed_total",
    "Events handled by a durable consumer, by outcome.",
    ["consumer", "outcome"],
)
CONSUMER_LAG = Gauge(
    "gorontalo_consumer_lag_messages",
    "Messages of the stream a durable consumer has not acknowledged yet (undelivered plus awaiting ack).",
    ["consumer"],
)
# Commit -> consumer, as the platform's events live it (issue 20's event latency): from the event's
# CloudEvent time, stamped in the transaction that commits it, to its durable consumer acknowledging it
# (applied, a duplicate, or nothing to do). Across hosts it includes their clocks' difference.
EVENT_AGE_AT_ACK = Histogram(
    "gorontalo_consumer_event_age_seconds",
    "Seconds from an event's commit (its CloudEvent time) to a durable consumer acknowledging it.",
    ["consumer"],
    buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
EVENTS_DEAD_LETTERED = Counter(
    "gorontalo_events_dead_lettered_total",
    "Events parked on the dead-letter subject after repeated failure.",
    ["consumer"],
)
