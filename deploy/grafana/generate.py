"""The platform's Grafana dashboards as code (grafanalib), written to deploy/grafana/dashboards/*.json.

    .venv/bin/python deploy/grafana/generate.py          # write the JSON (commit it)
    .venv/bin/python deploy/grafana/generate.py --check  # exit 1 when the committed JSON is stale

Queries read the recording rules of deploy/prometheus/ where one exists, else metrics the code defines;
tests/alerts/test_dashboards.py fails on any other name, so a renamed metric breaks the build, not a panel.
Every dashboard reads the Prometheus data source named by the `datasource` variable (default "Prometheus").
"""

from __future__ import annotations

import pathlib
import sys

from builders import dashboard, render, stat, ts
from grafanalib import core as g
from service_panels import SERVICE_PANELS, grpc_rows

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "dashboards"


def service_dashboard(job: str) -> g.Dashboard:
    title, panels = SERVICE_PANELS[job]
    return dashboard(
        f"gorontalo-{job}",
        title,
        f"The {job} service: its gRPC methods, outbox, consumers and its own figures.",
        [("gRPC and events", grpc_rows(job)), ("Service", panels)],
    )


def overview() -> g.Dashboard:
    return dashboard(
        "gorontalo-overview",
        "Gorontalo platform: overview",
        "Is the platform up, answering, fast and within its SLOs?",
        [
            (
                "Health",
                [
                    stat(
                        "Processes down",
                        'count(up{job=~"gateway|gateway-streams|identity|permits|tax|complaints|disaster|inbox|tourism|assist"} == 0) or vector(0)',
                    ),
                    stat("Alerts firing", 'count(ALERTS{alertstate="firing"}) or vector(0)'),
                    stat(
                        "SLO citizen writes: errors over 30 days",
                        "slo:gorontalo_citizen_writes:error_ratio_rate30d",
                        "percentunit",
                        "Budget 0.5% (99.5% succeed).",
                    ),
                    stat(
                        "SLO alert delivery: over 1 s in 30 days",
                        "slo:gorontalo_stream_alert_delivery:slow_ratio_rate30d",
                        "percentunit",
                        "Budget 1% (99% within 1 s).",
                    ),
                ],
            ),
            (
                "Gateway",
                [
                    ts(
                        "Requests by status",
                        ("sum by (status) (status:gorontalo_gateway_http_requests:rate5m)", "{{status}}"),
                        unit="reqps",
                    ),
                    ts(
                        "5xx ratio by route",
                        ("route:gorontalo_gateway_http_5xx:ratio_rate5m > 0", "{{route}}"),
                        unit="percentunit",
                    ),
                    ts(
                        "p99 latency by route",
                        ("topk(10, route:gorontalo_gateway_http_request_duration_seconds:p99_5m)", "{{route}}"),
                        unit="s",
                    ),
                    ts(
                        "Upstream errors by service",
                        (
                            "sum by (service, grpc_code) (rate(gorontalo_gateway_upstream_errors_total[5m]))",
                            "{{service}} {{grpc_code}}",
                        ),
                        unit="reqps",
                    ),
                ],
            ),
            (
                "SLOs",
                [
                    ts(
                        "Citizen writes: error ratio",
                        ("slo:gorontalo_citizen_writes:error_ratio_rate1h", "1h"),
                        ("slo:gorontalo_citizen_writes:error_ratio_rate6h", "6h"),
                        ("slo:gorontalo_citizen_writes:error_ratio_rate1d", "1d"),
                        unit="percentunit",
                    ),
                    ts(
                        "Alert delivery: share over 1 s",
                        ("slo:gorontalo_stream_alert_delivery:slow_ratio_rate1h", "1h"),
                        ("slo:gorontalo_stream_alert_delivery:slow_ratio_rate6h", "6h"),
                        ("slo:gorontalo_stream_alert_delivery:slow_ratio_rate1d", "1d"),
                        unit="percentunit",
                    ),
                ],
            ),
            (
                "Events",
                [
                    ts(
                        "Outbox: oldest unsent event",
                        ("job:gorontalo_outbox_oldest_unsent_age_seconds:max", "{{job}}"),
                        unit="s",
                    ),
                    ts("Consumer lag", ("job_consumer:gorontalo_consumer_lag_messages:max", "{{job}}/{{consumer}}")),
                    ts(
                        "Dead letters (last hour)",
                        ("job_consumer:gorontalo_events_dead_lettered:increase1h > 0", "{{job}}/{{consumer}}"),
                    ),
                    ts(
                        "Stream clients",
                        ("gorontalo_stream_clients", "connected"),
                        (
                            "sum by (reason) (increase(gorontalo_stream_clients_dropped_total[5m]))",
                            "dropped: {{reason}}",
                        ),
                    ),
                ],
            ),
        ],
    )


def events() -> g.Dashboard:
    return dashboard(
        "gorontalo-events",
        "Gorontalo platform: events",
        "Outbox relays, JetStream consumers, dead letters, the alert stream.",
        [
            (
                "Outbox",
                [
                    ts("Pending events by service", ("job:gorontalo_outbox_pending_events:max", "{{job}}")),
                    ts(
                        "Oldest unsent event by service",
                        ("job:gorontalo_outbox_oldest_unsent_age_seconds:max", "{{job}}"),
                        unit="s",
                    ),
                    ts("Published by service", ("job:gorontalo_outbox_events_published:rate5m", "{{job}}"), unit="ops"),
                    ts(
                        "Publish failures",
                        ("sum by (job) (rate(gorontalo_outbox_publish_failures_total[5m]))", "{{job}}"),
                        unit="ops",
                    ),
                ],
            ),
            (
                "Consumers",
                [
                    ts("Lag (messages)", ("job_consumer:gorontalo_consumer_lag_messages:max", "{{job}}/{{consumer}}")),
                    ts(
                        "Consumed by outcome",
                        ("job_consumer:gorontalo_events_consumed:rate5m", "{{consumer}} {{outcome}}"),
                        unit="ops",
                    ),
                    ts(
                        "Dead-lettered (last hour)",
                        ("job_consumer:gorontalo_events_dead_lettered:increase1h", "{{job}}/{{consumer}}"),
                    ),
                    ts(
                        "NATS connected",
                        ("gorontalo_nats_connected", "{{job}}"),
                        ("gorontalo_stream_nats_connected", "stream server"),
                    ),
                ],
            ),
            (
                "Alert stream",
                [
                    ts(
                        "Alerts received and sent",
                        ("sum by (event) (rate(gorontalo_stream_alerts_received_total[5m]))", "received {{event}}"),
                        ("sum by (event) (rate(gorontalo_stream_events_sent_total[5m]))", "sent {{event}}"),
                        unit="ops",
                    ),
                    ts(
                        "Replay time p99",
                        (
                            "histogram_quantile(0.99, sum by (le) (rate(gorontalo_stream_replay_seconds_bucket[5m])))",
                            "p99",
                        ),
                        unit="s",
                    ),
                ],
            ),
        ],
    )


def journeys() -> g.Dashboard:
    return dashboard(
        "gorontalo-journeys",
        "Gorontalo platform: citizen journeys",
        (
            "From a resident's side: signing up, a permit from application to issue, a complaint from filing to resolution, "
            "a disaster report to an incident. Sign-up to first service is not measured yet (no metric joins an account's "
            "activation to its first request)."
        ),
        [
            (
                "Sign-up",
                [
                    ts("Accounts activated per day", (":gorontalo_identity_signups:increase1d", "activated")),
                    ts(
                        "Sign-ups waiting for their SMS code, refused",
                        ("sum(increase(gorontalo_identity_signups_pending_total[1d]))", "started"),
                        ("sum(increase(gorontalo_identity_signups_refused_total[1d]))", "refused"),
                    ),
                ],
            ),
            (
                "Permit lead time",
                [
                    ts(
                        "Submission to issue (p50, p90) by risk level",
                        ("risk_level:gorontalo_permits_time_to_issue_seconds:p50_1d", "p50 {{risk_level}}"),
                        ("risk_level:gorontalo_permits_time_to_issue_seconds:p90_1d", "p90 {{risk_level}}"),
                        unit="s",
                    ),
                    ts(
                        "Decisions after the SLA",
                        ("sum by (regency) (increase(gorontalo_permits_sla_breaches_total[1d]))", "{{regency}}"),
                    ),
                ],
            ),
            (
                "Complaint time to resolve",
                [
                    ts(
                        "Filing to resolution (p50, p90)",
                        (":gorontalo_complaints_resolution_seconds:p50_1d", "p50"),
                        (":gorontalo_complaints_resolution_seconds:p90_1d", "p90"),
                        unit="s",
                    ),
                    ts(
                        "Disposition to first response (p90)",
                        (
                            "histogram_quantile(0.9, sum by (le) (increase(gorontalo_complaints_first_response_seconds_bucket[1d])))",
                            "p90",
                        ),
                        unit="s",
                    ),
                ],
            ),
            (
                "Disaster report",
                [
                    ts(
                        "Report to incident (p99)",
                        (":gorontalo_disaster_report_to_incident_seconds:p99_5m", "p99"),
                        unit="s",
                    ),
                    ts(
                        "Incident to verified by BPBD (p90)",
                        (
                            "histogram_quantile(0.9, sum by (le) (increase(gorontalo_disaster_incident_to_verified_seconds_bucket[1d])))",
                            "p90",
                        ),
                        unit="s",
                    ),
                ],
            ),
        ],
    )


def dashboards() -> dict[str, g.Dashboard]:
    found = {"overview": overview(), "events": events(), "journeys": journeys()}
    found |= {f"service-{job}": service_dashboard(job) for job in SERVICE_PANELS}
    return found


def main(argv: list[str]) -> int:
    rendered = {OUT / f"{name}.json": render(board) for name, board in dashboards().items()}
    stale = sorted(
        str(path) for path, text in rendered.items() if not path.is_file() or path.read_text(encoding="utf-8") != text
    )
    extra = sorted(str(path) for path in OUT.glob("*.json") if path not in rendered)
    if "--check" in argv:
        for path in stale + extra:
            print(f"stale: {path} (run deploy/grafana/generate.py)", file=sys.stderr)
        return 1 if stale or extra else 0
    OUT.mkdir(exist_ok=True)
    for path, text in rendered.items():
        path.write_text(text, encoding="utf-8")
    for path in extra:
        pathlib.Path(path).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
