"""Siaga's Prometheus metrics. Labels are bounded: 11 hazards, 3 channels, 7 regencies (6 + none)."""

from prometheus_client import Counter, Histogram

REPORTS = Counter(
    "gorontalo_disaster_reports_total",
    "Disaster reports stored, by hazard, channel and regency.",
    ["hazard", "channel", "regency"],
)
# outcome: accepted, rejected, rate_limited
SUBMISSIONS = Counter(
    "gorontalo_disaster_report_submissions_total",
    "Report submissions (API and SMS), by channel and outcome.",
    ["channel", "outcome"],
)  # channel: api, sms, photo
REPORT_TO_INCIDENT = Histogram(
    "gorontalo_disaster_report_to_incident_seconds",
    "From a report's receipt to its clustering into an incident.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900),
)
INCIDENT_TO_VERIFIED = Histogram(
    "gorontalo_disaster_incident_to_verified_seconds",
    "From an incident's first report to its verification by the BPBD.",
    buckets=(60, 300, 900, 1800, 3600, 7200, 21600, 86400),
)
ALERTS_ISSUED = Counter(
    "gorontalo_disaster_alert_messages_total", "CAP messages stored, by source and msgType.", ["source", "msg_type"]
)
