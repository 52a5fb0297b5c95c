"""The inbox's Prometheus metrics. Labels are bounded: notification kinds, channels, consumer names."""

from prometheus_client import Counter, Gauge

NOTIFICATIONS = Counter(
    "gorontalo_inbox_notifications_total",
    "Notifications written for residents, by kind (rebuilds not counted).",
    ["kind"],
)
DELIVERIES_QUEUED = Counter(
    "gorontalo_inbox_deliveries_queued_total",
    "SMS and e-mail queued for a notification, by channel and timing (now, or held by quiet_hours).",
    ["channel", "timing"],
)
# Sent, retried, failed and capped deliveries: gorontalo_notify_deliveries_total{sender="inbox"} (servicekit).
CONSUMER_LAG = Gauge(
    "gorontalo_inbox_consumer_lag_seconds",
    "Seconds from an event's time to its application by the consumer, for the last event applied.",
    ["consumer"],
)
LAST_APPLIED = Gauge(
    "gorontalo_inbox_last_applied_event_timestamp_seconds",
    "Event time (Unix seconds) of the last event each consumer applied.",
    ["consumer"],
)
CONSUMER_PENDING = Gauge(
    "gorontalo_inbox_consumer_pending_messages",
    "Messages of the stream each durable consumer has not been delivered yet (JetStream num_pending).",
    ["consumer"],
)
