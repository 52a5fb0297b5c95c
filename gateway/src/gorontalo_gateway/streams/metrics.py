"""Prometheus metrics of the stream server (one process: the default registry, served by server.main
on its own loopback port)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

CLIENTS = Gauge("gorontalo_stream_clients", "Stream clients connected now.")
EVENTS_SENT = Counter("gorontalo_stream_events_sent_total", "Alert events written to stream clients.", ["event"])
CLIENTS_DROPPED = Counter(
    "gorontalo_stream_clients_dropped_total",
    "Stream clients the server disconnected (slow: buffer full; shutdown).",
    ["reason"],
)
ALERTS_RECEIVED = Counter("gorontalo_stream_alerts_received_total", "Alert events received from JetStream.", ["event"])
ALERTS_SKIPPED = Counter(
    "gorontalo_stream_alerts_skipped_total",
    "Messages on the alert subjects that are not an AlertPublished event, skipped (live or replay).",
    ["path"],
)
# The second SLO (deploy/README.md (Monitoring)): 99% of alerts reach stream clients within 1 s. Observed once per
# client and live alert, from the event's CloudEvents `time` to the write on that client's stream (for the
# streams the fan-out writes to itself, to the end of that fan-out: an upper bound, read once per alert).
ALERT_DELIVERY_SECONDS = Histogram(
    "gorontalo_stream_alert_delivery_seconds",
    "From an alert's CloudEvent time to its write to a stream client.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
NATS_CONNECTED = Gauge("gorontalo_stream_nats_connected", "1 while connected to NATS.")
REPLAY_SECONDS = Histogram(
    "gorontalo_stream_replay_seconds",
    "Time to replay missed alerts for a resuming client.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

# Bound once: a province-wide alert is counted once per stream, 10,000 times.
SENT = {_event: EVENTS_SENT.labels(_event) for _event in ("alert.issued", "alert.updated", "alert.cancelled")}
for _event in SENT:
    ALERTS_RECEIVED.labels(_event)
for _path in ("live", "replay"):
    ALERTS_SKIPPED.labels(_path)
for _reason in ("slow", "shutdown"):
    CLIENTS_DROPPED.labels(_reason)
