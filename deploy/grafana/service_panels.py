"""The panels of each service's dashboard: the gRPC and event figures every service has, then its own."""

from __future__ import annotations

from builders import ts


def grpc_rows(job: str) -> list:
    sel = f'job="{job}"'
    return [
        ts(
            "gRPC requests by method",
            (f"sum by (grpc_method) (job_method:grpc_server_handled:rate5m{{{sel}}})", "{{grpc_method}}"),
            unit="reqps",
        ),
        ts(
            "gRPC server errors by method",
            (f"sum by (grpc_method) (job_method:grpc_server_errors:rate5m{{{sel}}})", "{{grpc_method}}"),
            unit="reqps",
            description="UNKNOWN, INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED, DATA_LOSS: the service's failures, not the caller's.",
        ),
        ts(
            "gRPC p99 by method",
            (f"job_method:grpc_server_handling_seconds:p99_5m{{{sel}}}", "{{grpc_method}}"),
            unit="s",
        ),
        ts(
            "Outbox",
            (f"job:gorontalo_outbox_pending_events:max{{{sel}}}", "pending"),
            (f"job:gorontalo_outbox_oldest_unsent_age_seconds:max{{{sel}}}", "oldest unsent (s)"),
        ),
        ts("Consumers: lag", (f"job_consumer:gorontalo_consumer_lag_messages:max{{{sel}}}", "{{consumer}}")),
        ts(
            "Consumers: commit -> ack p99",
            (f"job_consumer:gorontalo_consumer_event_age_seconds:p99_5m{{{sel}}}", "{{consumer}}"),
            unit="s",
            description="From an event's commit (its CloudEvent time) to this consumer acknowledging it; budget 200 ms.",
        ),
        ts(
            "Process: memory and CPU",
            (f"process_resident_memory_bytes{{{sel}}}", "{{instance}} RSS"),
            (f"rate(process_cpu_seconds_total{{{sel}}}[5m])", "{{instance}} CPU s/s"),
        ),
    ]


SERVICE_PANELS = {
    "identity": (
        "Identity (svc-identity)",
        [
            ts(
                "Logins by outcome",
                ("sum by (outcome) (rate(gorontalo_identity_logins_total[5m]))", "{{outcome}}"),
                unit="reqps",
            ),
            ts(
                "Sign-ups",
                ("sum(rate(gorontalo_identity_signups_total[1h])) * 3600", "activated / h"),
                ("sum(rate(gorontalo_identity_signups_refused_total[1h])) * 3600", "refused (register mismatch) / h"),
            ),
            ts(
                "SMS codes sent by purpose",
                ("sum by (purpose) (rate(gorontalo_identity_codes_sent_total[1h])) * 3600", "{{purpose}} / h"),
            ),
            ts(
                "Lockouts and token revocations",
                ("sum(increase(gorontalo_identity_lockouts_total[1h]))", "lockouts / h"),
                ("sum(increase(gorontalo_identity_access_tokens_revoked_total[1h]))", "tokens revoked / h"),
            ),
        ],
    ),
    "permits": (
        "Permits (svc-permits, DPMPTSP)",
        [
            ts(
                "Applications submitted by risk level",
                (
                    "sum by (risk_level) (increase(gorontalo_permits_applications_submitted_total[1d]))",
                    "{{risk_level}}",
                ),
            ),
            ts(
                "Permits issued by regency",
                ("sum by (regency) (increase(gorontalo_permits_issued_total[1d]))", "{{regency}}"),
            ),
            ts(
                "SLA breaches by regency",
                ("sum by (regency) (increase(gorontalo_permits_sla_breaches_total[1d]))", "{{regency}}"),
            ),
            ts(
                "Time to issue (p50, p90)",
                ("risk_level:gorontalo_permits_time_to_issue_seconds:p50_1d", "p50 {{risk_level}}"),
                ("risk_level:gorontalo_permits_time_to_issue_seconds:p90_1d", "p90 {{risk_level}}"),
                unit="s",
            ),
            ts(
                "Fee bills asked of svc-tax",
                ("sum by (outcome) (increase(gorontalo_permits_fee_bills_requested_total[1h]))", "{{outcome}}"),
            ),
        ],
    ),
    "tax": (
        "Tax (svc-tax, Bapenda)",
        [
            ts(
                "Payments by channel",
                ("sum by (channel) (rate(gorontalo_tax_payments_total[1h])) * 3600", "{{channel}} / h"),
            ),
            ts(
                "Revenue recorded (Rp per hour)",
                ("sum by (tax_type) (rate(gorontalo_tax_revenue_rupiah_total[1h])) * 3600", "{{tax_type}}"),
            ),
            ts(
                "Bank notifications refused by reason",
                ("sum by (reason) (increase(gorontalo_tax_payment_notifications_refused_total[15m]))", "{{reason}}"),
            ),
            ts("Bills by status", ("sum by (status) (tax_bills)", "{{status}}")),
        ],
    ),
    "complaints": (
        "Complaints (svc-complaints, SiPakai)",
        [
            ts(
                "Open complaints by agency",
                ('sum by (agency) (gorontalo_complaints_current{status!~"closed|rejected"})', "{{agency}}"),
            ),
            ts(
                "Deadline breaches by agency (per day)",
                ("sum by (agency) (increase(gorontalo_complaints_deadline_breaches_total[1d]))", "{{agency}}"),
            ),
            ts(
                "Within deadline (share) by agency",
                ("gorontalo_complaints_within_deadline_ratio", "{{agency}}"),
                unit="percentunit",
            ),
            ts(
                "Refused by rate limit",
                ("sum by (limit) (increase(gorontalo_complaints_rate_limited_total[15m]))", "{{limit}}"),
                (
                    "sum by (limit) (increase(gorontalo_complaints_anonymous_rate_limited_total[15m]))",
                    "anonymous {{limit}}",
                ),
            ),
            ts(
                "Time to resolve (p50, p90)",
                (":gorontalo_complaints_resolution_seconds:p50_1d", "p50"),
                (":gorontalo_complaints_resolution_seconds:p90_1d", "p90"),
                unit="s",
            ),
        ],
    ),
    "disaster": (
        "Disaster (svc-disaster, BPBD)",
        [
            ts("Reports by hazard", ("sum by (hazard) (increase(gorontalo_disaster_reports_total[1h]))", "{{hazard}}")),
            ts(
                "Submissions by outcome",
                ("sum by (outcome) (rate(gorontalo_disaster_report_submissions_total[5m]))", "{{outcome}}"),
                unit="reqps",
            ),
            ts("Incidents by status", ("gorontalo_disaster_incidents", "{{status}}")),
            ts("Active CAP alerts by source", ("gorontalo_disaster_alerts_active", "{{source}}")),
            ts("Report to incident p99", (":gorontalo_disaster_report_to_incident_seconds:p99_5m", "p99"), unit="s"),
        ],
    ),
    "inbox": (
        "Inbox (svc-inbox)",
        [
            ts(
                "Notifications written by kind",
                ("sum by (kind) (increase(gorontalo_inbox_notifications_total[1h]))", "{{kind}}"),
            ),
            ts(
                "Deliveries by channel and outcome",
                (
                    'sum by (channel, outcome) (rate(gorontalo_notify_deliveries_total{sender="inbox"}[15m]))',
                    "{{channel}} {{outcome}}",
                ),
            ),
            ts(
                "Consumer lag (seconds behind the event)",
                ("gorontalo_inbox_consumer_lag_seconds", "{{consumer}}"),
                unit="s",
            ),
            ts("Deliveries pending", ('gorontalo_notify_pending{sender="inbox"}', "pending")),
        ],
    ),
    "tourism": (
        "GORINDO tourism (svc-tourism)",
        [
            ts("Reviews by action", ("sum by (action) (increase(gorontalo_tourism_reviews_total[1h]))", "{{action}}")),
            ts(
                "Business permit badges by status",
                ("sum by (status) (increase(gorontalo_tourism_business_permit_decisions_total[1h]))", "{{status}}"),
            ),
        ],
    ),
    "assist": (
        "Tanya Layanan (svc-assist)",
        [
            ts(
                "Answers by kind",
                ("sum by (kind) (rate(gorontalo_assist_answers_total[15m]))", "{{kind}}"),
                unit="reqps",
            ),
            ts("Passages indexed per source", ("gorontalo_assist_source_passages", "{{source}}")),
        ],
    ),
}
