"""The operators' pages under /operator (issue 16), for the `operator` and `admin` roles:

- /operator: platform status, read from Prometheus (PROMETHEUS_URL) and the gateway's health checks
  (operator_status);
- /operator/analitik: where service falls short, month by month, with the worsening agencies and
  places flagged by a stated rule (analytics_rules), and its CSV export (/operator/analitik.csv).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Blueprint, Response, current_app, g, render_template, request

from .. import signin
from ..formatting import WITA
from . import analytics, operator_status
from . import session as staff_session

blueprint = Blueprint("staff_operator", __name__, url_prefix="/operator")

ROLES = ("operator", "admin")


@blueprint.app_template_filter("month_label")
def month_label(month: str, lang: str) -> str:
    """2026-03 as "Mar 2026" (the operators' tables and texts)."""
    return analytics.month_label(month, lang)


@blueprint.get("")
@blueprint.get("/")
@staff_session.staff_required(*ROLES)
def status():
    gateway = current_app.extensions["gorontalo_gateway"]
    found = operator_status.collect(operator_status.prometheus(), gateway, g.lang)
    measured_at = dt.datetime.now(dt.UTC).isoformat()
    return render_template(
        "staff/operator_status.html",
        status=found,
        measured_at=measured_at,
        prometheus_url=operator_status.prometheus_url(),
        window=operator_status.WINDOW,
    )


def _report():
    months = analytics.months_param(request.args.get("bulan", ""))
    return signin.call(lambda token: analytics.build_report(signin.gateway(), token, g.lang, months=months))


@blueprint.get("/analitik")
@staff_session.staff_required(*ROLES)
def analytics_page():
    report = _report()
    return render_template("staff/operator_analytics.html", report=report, rule=analytics.RULE)


@blueprint.get("/analitik.csv")
@staff_session.staff_required(*ROLES)
def analytics_csv():
    report = _report()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(analytics.CSV_HEADER)
    writer.writerows(analytics.csv_rows(report, g.lang))
    today = dt.datetime.now(WITA).date().isoformat()
    return Response(
        out.getvalue().encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="analitik-layanan-{today}.csv"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def entry_links(who: dict) -> list[tuple[str, str]]:
    """Operators and admins: the platform's status and where service falls short."""
    if who.get("role") not in ("operator", "admin"):
        return []
    return [
        ("staff_operator.status", "staff_operator_status_title"),
        ("staff_operator.analytics_page", "staff_operator_analytics_title"),
    ]
