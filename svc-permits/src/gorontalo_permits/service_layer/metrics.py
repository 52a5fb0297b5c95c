"""Domain metrics of svc-permits (gRPC, outbox and consumer metrics come from servicekit).

Labels stay bounded: risk levels, statuses, catalog KBLI codes and the six regencies/cities.
"""
from prometheus_client import Counter, Histogram

SUBMITTED = Counter("permits_applications_submitted_total",
                    "Business permit applications submitted, by OSS-RBA risk level.", ["risk_level"])
STATUS_CHANGES = Counter("permits_application_status_changes_total",
                         "Applications entering a status (submitted included), by that status.", ["status"])
TRANSITIONS = Counter("permits_applications_total",
                      "Applications entering a status, by permit type (KBLI), status and regency/city.",
                      ["kbli_code", "status", "regency"])
SLA_BREACHES = Counter("permits_sla_breaches_total",
                       "Office decisions taken after the SLA due date (WITA working days), by regency/city.",
                       ["regency"])
ISSUED = Counter("permits_issued_total", "Permits issued, by regency/city and risk level.",
                 ["regency", "risk_level"])
REVOKED = Counter("permits_revoked_total", "Permits revoked, by regency/city.", ["regency"])
TIME_TO_ISSUE = Histogram(
    "permits_time_to_issue_seconds", "From submission to issued permit, by risk level.", ["risk_level"],
    buckets=(1, 60, 3600, 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 60 * 86400, 120 * 86400),
)


def count_entries(application, entries) -> None:
    for entry in entries:
        STATUS_CHANGES.labels(entry.status).inc()
        TRANSITIONS.labels(application.kbli_code, entry.status, application.regency_code).inc()


def count_issued(application) -> None:
    ISSUED.labels(application.regency_code, application.risk_level).inc()
    TIME_TO_ISSUE.labels(application.risk_level).observe(
        max(0.0, (application.updated_at - application.submitted_at).total_seconds()))
