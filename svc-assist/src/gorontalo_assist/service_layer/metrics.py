"""svc-assist's domain counters (gRPC call metrics come from servicekit)."""

from prometheus_client import Counter, Gauge

ANSWERS = Counter("gorontalo_assist_answers_total", "Questions answered, by kind of answer", ["kind"])
SOURCE_PASSAGES = Gauge("gorontalo_assist_source_passages", "Passages indexed per source", ["source"])
SOURCE_FAILURES = Counter(
    "gorontalo_assist_source_refresh_failures_total", "Refreshes in which a source could not be read", ["source"]
)
