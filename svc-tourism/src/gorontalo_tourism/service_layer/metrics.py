"""GORINDO's domain counters on the service's /metrics (gRPC, outbox and consumer metrics come from
servicekit). Counted once the transaction committed: what really happened."""

from prometheus_client import Counter

REVIEWS = Counter(
    "gorontalo_tourism_reviews_total",
    "Reviews written, reported (hidden) and moderated.",
    labelnames=["action"],  # written, reported, restored, removed
)
PERMIT_DECISIONS = Counter(
    "gorontalo_tourism_business_permit_decisions_total",
    "Businesses' permit statuses entered (licensed is the berizin badge; revoked came from svc-permits).",
    labelnames=["status"],  # licensed, awaiting_confirmation, refused, revoked
)
