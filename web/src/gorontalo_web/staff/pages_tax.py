"""/petugas/pajak: the Bapenda officers' pages (issue 16).

- `/petugas/pajak`: the day's reconciliation of a payment channel (GET /v1/tax/reconciliation): the
  payments recorded that WITA day, their count and total, and every notification the platform refused,
  highlighted with its reason (an amount that did not match the billing code's, an unknown or expired
  code, a forged signature...) so the officer matches them against the bank's statement. An officer sees
  what is levied within their jurisdiction; the provincial Bapenda also the refusals that named no bill.

- `/petugas/pajak/tagihan`: bill search by what the taxpayer brings to the desk, a NOP, a plate or a
  kode bayar (GET /v1/tax/bills:search, staff only, the officer's jurisdiction only). The query is posted
  and kept in the session (a plate or NOP names a person's property: not in a URL or an access log), then
  303 to the page that shows the bills with their penalty as of now, status and receipt.

- `/petugas/pajak/impor`: Bapenda's master data file (vehicles and properties, the CSV of `gorontalo-tax
  import-objects`) uploaded as is to POST /v1/tax/objects:import: all rows or none; when a row fails the
  page lists every problem by line, column and the API's message, and nothing was written.

Forms that work without JavaScript.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..formatting import WITA
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import session as staff_session

blueprint = Blueprint("staff_tax", __name__, url_prefix="/petugas/pajak")

# The channels svc-tax generates on first run ($VAR_DIR/tax/payment-channels.json); Bapenda contracts them.
CHANNELS = ("bank-sulutgo", "pos-indonesia")
# Refusals that mean money moved (or was about to) for the wrong sum: the bank's statement and the
# platform disagree, shown first and marked as a mismatch.
MISMATCH_REASONS = ("amount_mismatch", "transaction_id_reused", "bill_already_paid", "bill_cancelled")
KNOWN_REASONS = (
    "signature_missing",
    "channel_unknown",
    "signature_invalid",
    "timestamp_stale",
    "notification_invalid",
    "amount_mismatch",
    "billing_code_unknown",
    "billing_code_expired",
    "bill_already_paid",
    "bill_cancelled",
    "transaction_id_reused",
)


def is_tax_officer(who: dict) -> bool:
    """Bapenda officers (svc-tax's TAX_OFFICE_AGENCY_PREFIXES, by code bapenda-): the session holds the
    agency's name. The API decides in the end (403 NOT_TAX_OFFICE); this spares others a dead page."""
    agency = (who.get("agency") or "").lower()
    return who.get("role") == "officer" and ("bapenda" in agency or "pendapatan" in agency)


def _refused():
    if not is_tax_officer(staff_session.staff() or {}):
        return render_template("staff/forbidden.html"), 403
    return None


def today() -> str:
    return dt.datetime.now(WITA).date().isoformat()


def refusal_rows(refused: list[dict]) -> list[dict]:
    """The refused notifications, mismatches first, then the newest first; each marked."""
    rows = []
    for item in refused:
        reason = item.get("reason") or ""
        rows.append(
            item
            | {
                "mismatch": reason in MISMATCH_REASONS,
                "reason_key": f"staff_tax_reason_{reason}" if reason in KNOWN_REASONS else "",
            }
        )
    rows.sort(key=lambda r: r.get("received_at") or "", reverse=True)
    rows.sort(key=lambda r: not r["mismatch"])
    return rows


@blueprint.get("/")
@blueprint.get("")
@staff_session.staff_required("officer")
def index():
    refused = _refused()
    if refused:
        return refused
    channel = (request.args.get("channel") or CHANNELS[0]).strip().lower()
    date = (request.args.get("date") or today()).strip()
    errors, general, status, day = {}, "", 200, None
    try:
        day = api("GET", "/v1/tax/reconciliation", params={"channel": channel, "date": date})
    except GatewayError as error:
        errors, general = form_errors(error, ("channel", "date"), g.lang)
        status = answer_status(error)
    rows = refusal_rows((day or {}).get("refused") or [])
    return (
        render_template(
            "staff/pajak.html",
            who=staff_session.staff() or {},
            channels=CHANNELS if channel in CHANNELS else (*CHANNELS, channel),
            channel=channel,
            date=date,
            day=day,
            refused=rows,
            mismatches=sum(1 for r in rows if r["mismatch"]),
            errors=errors,
            general=general,
        ),
        status,
    )


SEARCH_KEY = "staff_tax_search"
SEARCH_MAX = 64


@blueprint.get("/tagihan")
@staff_session.staff_required("officer")
def search():
    refused = _refused()
    if refused:
        return refused
    query = session.get(SEARCH_KEY, "")
    errors, general, status, found = {}, "", 200, None
    if query:
        try:
            found = api("GET", "/v1/tax/bills:search", params={"query": query})
        except GatewayError as error:
            errors, general = form_errors(error, ("query",), g.lang)
            status = answer_status(error)
    return (
        render_template(
            "staff/pajak_tagihan.html",
            who=staff_session.staff() or {},
            query=query,
            found=found,
            errors=errors,
            general=general,
        ),
        status,
    )


@blueprint.post("/tagihan")
@staff_session.staff_required("officer")
def search_post():
    refused = _refused()
    if refused:
        return refused
    query = (request.form.get("query") or "").strip()[:SEARCH_MAX]
    if query:
        session[SEARCH_KEY] = query
    else:
        session.pop(SEARCH_KEY, None)
    return redirect(url_for(".search"), code=303)


IMPORT_KEY = "staff_tax_import"
IMPORT_MAX_BYTES = 10 * 1024 * 1024  # the API's own limit for this route


def _import_page(*, report=None, errors=None, general: str = "", status: int = 200):
    done = session.pop(IMPORT_KEY, None) if request.method == "GET" else None
    return (
        render_template(
            "staff/pajak_impor.html",
            who=staff_session.staff() or {},
            report=report,
            done=done,
            errors=errors or {},
            general=general,
            max_mb=IMPORT_MAX_BYTES // (1024 * 1024),
        ),
        status,
    )


@blueprint.get("/impor")
@staff_session.staff_required("officer")
def import_objects():
    return _refused() or _import_page()


@blueprint.post("/impor")
@staff_session.staff_required("officer")
def import_objects_post():
    refused = _refused()
    if refused:
        return refused
    upload = request.files.get("file")
    data = upload.read(IMPORT_MAX_BYTES + 1) if upload else b""
    if not data:
        return _import_page(errors={"file": text("staff_tax_import_file_missing", g.lang)}, status=400)
    if len(data) > IMPORT_MAX_BYTES:
        return _import_page(errors={"file": text("staff_tax_import_file_too_big", g.lang)}, status=413)
    gateway = signin.gateway()
    try:
        report = signin.call(
            lambda token: gateway.upload("/v1/tax/objects:import", data, "text/csv", token=token, lang=g.lang)
        )
    except GatewayError as error:
        errors, general = form_errors(error, ("file",), g.lang)
        return _import_page(errors=errors, general=general, status=answer_status(error))
    if not report.get("imported"):
        return _import_page(report=report, status=422)
    session[IMPORT_KEY] = {
        "rows": int(report.get("rows") or 0),
        "vehicles_created": int(report.get("vehicles_created") or 0),
        "properties_created": int(report.get("properties_created") or 0),
        "unchanged": int(report.get("unchanged") or 0),
        "name": (upload.filename or "")[:120],
    }
    return redirect(url_for(".import_objects"), code=303)


def entry_links(who: dict) -> list[tuple[str, str]]:
    """Bapenda officers' reconciliation, bill search and master data import."""
    if not is_tax_officer(who):
        return []
    return [
        ("staff_tax.index", "staff_tax_link"),
        ("staff_tax.search", "staff_tax_search_link"),
        ("staff_tax.import_objects", "staff_tax_import_link"),
    ]
