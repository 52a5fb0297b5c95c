"""Follow-up measured for /metrics: status changes, ratings, time to first response and to resolution."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from ..domain import lifecycle, model

STATUS_CHANGES = Counter(
    "gorontalo_complaints_status_changes_total", "Complaint status changes, by new status.", ["status"]
)
RATINGS = Counter("gorontalo_complaints_ratings_total", "Ratings given by reporters, by stars.", ["rating"])
_DAY_BUCKETS = tuple(x * 3600 for x in (1, 4, 8, 24, 48, 72, 120, 168, 240, 480, 720))
FIRST_RESPONSE = Histogram(
    "gorontalo_complaints_first_response_seconds", "Disposition to the agency's first response.", buckets=_DAY_BUCKETS
)
RESOLUTION = Histogram("gorontalo_complaints_resolution_seconds", "Filing to resolution.", buckets=_DAY_BUCKETS)


def observe(complaint: model.Complaint, had_first_response: bool) -> None:
    """After a committed change: count the status, and time the first response and the resolution."""
    STATUS_CHANGES.labels(complaint.status).inc()
    observe_first_response(complaint, had_first_response)
    if complaint.status == lifecycle.RESOLVED and complaint.resolved_at:
        RESOLUTION.observe((complaint.resolved_at - complaint.filed_at).total_seconds())


def observe_first_response(complaint: model.Complaint, had_first_response: bool) -> None:
    """The agency's first response, timed from the disposition, when this change was it."""
    if not had_first_response and complaint.first_response_at and complaint.dispositioned_at:
        FIRST_RESPONSE.observe((complaint.first_response_at - complaint.dispositioned_at).total_seconds())
