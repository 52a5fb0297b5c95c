"""Domain metrics of svc-permits (gRPC, outbox and consumer metrics come from servicekit).

Labels stay bounded: risk levels, statuses, catalog KBLI codes, the six regencies/cities,
media types and reason codes. Never ids.
"""

from prometheus_client import Counter, Histogram

SUBMITTED = Counter(
    "gorontalo_permits_applications_submitted_total",
    "Business permit applications submitted, by OSS-RBA risk level.",
    ["risk_level"],
)
STATUS_CHANGES = Counter(
    "gorontalo_permits_application_status_changes_total",
    "Applications entering a status (submitted included), by that status.",
    ["status"],
)
TRANSITIONS = Counter(
    "gorontalo_permits_applications_total",
    "Applications entering a status, by permit type (KBLI), status and regency/city.",
    ["kbli_code", "status", "regency"],
)
SLA_BREACHES = Counter(
    "gorontalo_permits_sla_breaches_total",
    "Office decisions taken after the SLA due date (WITA working days), by regency/city.",
    ["regency"],
)
ISSUED = Counter(
    "gorontalo_permits_issued_total", "Permits issued, by regency/city and risk level.", ["regency", "risk_level"]
)
REVOKED = Counter("gorontalo_permits_revoked_total", "Permits revoked, by regency/city.", ["regency"])
TIME_TO_ISSUE = Histogram(
    "gorontalo_permits_time_to_issue_seconds",
    "From submission to issued permit, by risk level.",
    ["risk_level"],
    buckets=(1, 60, 3600, 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 60 * 86400, 120 * 86400),
)
DOCUMENTS_UPLOADED = Counter(
    "gorontalo_permits_documents_uploaded_total", "Documents accepted, by media type.", ["media_type"]
)
DOCUMENTS_REFUSED = Counter("gorontalo_permits_documents_refused_total", "Uploads refused, by reason.", ["reason"])
FEE_BILLS = Counter(
    "gorontalo_permits_fee_bills_requested_total",
    "Fee bills asked of svc-tax at approval, by outcome (billed, unavailable, refused).",
    ["outcome"],
)
FEE_BILL_CANCELLATIONS = Counter(
    "gorontalo_permits_fee_bill_cancellations_total",
    "Fee bills svc-tax was asked to cancel at withdrawal, by outcome (cancelled, paid, unavailable, refused).",
    ["outcome"],
)
PAYMENT_EVENTS = Counter(
    "gorontalo_permits_payment_events_total", "gorontalo.tax.payment.received events handled, by outcome.", ["outcome"]
)


def count_entries(application, entries) -> None:
    for entry in entries:
        STATUS_CHANGES.labels(entry.status).inc()
        TRANSITIONS.labels(application.kbli_code, entry.status, application.regency_code).inc()


def count_issued(application) -> None:
    ISSUED.labels(application.regency_code, application.risk_level).inc()
    TIME_TO_ISSUE.labels(application.risk_level).observe(
        max(0.0, (application.updated_at - application.submitted_at).total_seconds())
    )


# The pre-check (issue 22). Dismissed over raised, per kind, is the field figure of its precision.
PRECHECK_DOCUMENTS_READ = Counter(
    "gorontalo_permits_precheck_documents_read_total",
    "Documents the pre-check worker read, by what they looked like (ktp, npwp, nib, other, unreadable).",
    ["read_as"],
)
PRECHECK_FLAGS_RAISED = Counter(
    "gorontalo_permits_precheck_flags_raised_total", "Pre-check flags raised, by kind.", ["kind"]
)
PRECHECK_FLAGS_DISMISSED = Counter(
    "gorontalo_permits_precheck_flags_dismissed_total", "Pre-check flags officers marked wrong, by kind.", ["kind"]
)
