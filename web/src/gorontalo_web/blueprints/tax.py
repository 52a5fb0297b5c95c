"""/pajak: vehicles and properties, bills with penalty lines, checkout to a kode bayar, receipts.

Everything comes from the tax service through the gateway (GET/POST /v1/tax/...). Bills arise from
Bapenda's annual run (gorontalo-tax generate-bills) over the objects a resident registered (a vehicle,
acr 1) or claimed (what Bapenda imported under their NIK, acr 2); a bank's payment notification settles
a bill, and its receipt appears here. The kode bayar of a checkout is kept in the server-side session so
the bill page can show it again after the POST-redirect-GET; asking again returns the same open code.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for

from servicekit import regions

from .. import signin
from ..gateway import GatewayError
from ..regions_picker import place_name, regency_choices
from ..signin import api
from ..texts import text
from .forms import answer_status, form_errors

blueprint = Blueprint("tax", __name__)

VEHICLE_FIELDS = ("plate_number", "vehicle_type", "model_year", "taxable_value", "regency_code")
VEHICLE_TYPES = ("sepeda_motor", "mobil_penumpang", "mobil_barang", "bus")
# A bill id goes into the gateway's path: letters, digits and dashes only (never a ':' that names a method).
BILL_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
RECEIPT_NUMBER = re.compile(r"^(?:\d{2}|\d{4})-\d{4}-\d{8}-\d$")
CHECKOUTS_KEPT = 10
CLAIM_ACR = 2
STATUS_ORDER = {"unpaid": 0, "paid": 1, "cancelled": 2}
# Payment channels by the names residents know them; another channel id is shown as it is.
CHANNEL_NAMES = {"bank-sulutgo": "Bank SulutGo", "pos-indonesia": "Pos Indonesia"}


def _signed_in_or_raise(error: GatewayError) -> None:
    if error.unauthenticated:
        raise signin.NotSignedIn from None


def _acr() -> int:
    return int(session.get("acr") or 0)


def region_name(code: str) -> str:
    """The treasury a line goes to: the province by its own words, else the regency or city."""
    if code == regions.GORONTALO:
        return text("tax_province", g.lang)
    return place_name(code)


def _properties(bills: list[dict]) -> list[dict]:
    """The resident's land and buildings as their PBB-P2 bills name them (the API lists no properties)."""
    seen: dict[str, dict] = {}
    for bill in bills:
        if bill.get("tax_type") != "pbb" or not bill.get("object_id"):
            continue
        description = bill.get("description") or ""
        nop = description.split("NOP", 1)[1].strip() if "NOP" in description else ""
        seen.setdefault(bill["object_id"], {"nop": nop, "region_code": bill.get("region_code", "")})
    return list(seen.values())


def _load_overview() -> tuple[list[dict], list[dict], str, int]:
    """(vehicles, bills, general message, status) for /pajak."""
    try:
        vehicles = api("GET", "/v1/tax/vehicles", params={"page_size": 100}).get("vehicles") or []
        bills = api("GET", "/v1/tax/bills", params={"page_size": 100}).get("bills") or []
    except GatewayError as error:
        _signed_in_or_raise(error)
        return [], [], form_errors(error, (), g.lang)[1], answer_status(error)
    bills.sort(key=lambda b: (STATUS_ORDER.get(b.get("status"), 3), b.get("due_date") or ""))
    return vehicles, bills, "", 200


def _render_index(*, values=None, errors=None, general="", status=200, idempotency_key=None):
    vehicles, bills, load_error, load_status = _load_overview()
    if load_error and not general:
        general, status = load_error, load_status
    return render_template(
        "pajak.html",
        vehicles=vehicles,
        bills=bills,
        properties=_properties(bills),
        values=values or {"vehicle_type": "sepeda_motor", "regency_code": ""},
        errors=errors or {},
        general=general,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
        regencies=regency_choices(),
        vehicle_types=VEHICLE_TYPES,
        can_claim=_acr() >= CLAIM_ACR,
        notice=session.pop("tax_notice", None) if status == 200 else None,
    ), status


@blueprint.get("/pajak")
@signin.login_required
def index():
    signin.access_token()  # not signed in: to /masuk before any call
    return _render_index()


def _whole_number(raw: str) -> int | None:
    """'18.000.000', 'Rp 18000000', '2022' -> an int; None when it is not a whole number."""
    digits = re.sub(r"(?i)^rp|[\s.]", "", raw or "")
    return int(digits) if digits.isdigit() else None


@blueprint.post("/pajak/kendaraan")
@signin.login_required
def register_vehicle():
    values = {field: request.form.get(field, "").strip() for field in VEHICLE_FIELDS}
    idempotency_key = request.form.get("idempotency_key") or str(uuid.uuid4())
    errors: dict[str, str] = {}
    body: dict = {"plate_number": values["plate_number"], "vehicle_type": values["vehicle_type"]}
    body["regency_code"] = values["regency_code"]
    for field in ("model_year", "taxable_value"):
        number = _whole_number(values[field])
        if values[field] and number is None:
            errors[field] = text("tax_error_whole_number", g.lang)
        body[field] = number or 0
    if errors:
        return _render_index(values=values, errors=errors, status=400, idempotency_key=idempotency_key)
    try:
        vehicle = api("POST", "/v1/tax/vehicles", json=body, idempotency_key=idempotency_key)
    except GatewayError as error:
        _signed_in_or_raise(error)
        errors, general = form_errors(error, VEHICLE_FIELDS, g.lang)
        return _render_index(
            values=values, errors=errors, general=general, status=answer_status(error), idempotency_key=idempotency_key
        )
    session["tax_notice"] = text("tax_vehicle_registered", g.lang).format(plate=vehicle.get("plate_number", ""))
    return redirect(url_for("tax.index") + "#kendaraan", code=303)


@blueprint.post("/pajak/klaim")
@signin.login_required
def claim():
    try:
        claimed = api("POST", "/v1/tax/objects:claim", json={})
    except GatewayError as error:
        _signed_in_or_raise(error)
        general = form_errors(error, (), g.lang)[1]
        return _render_index(general=general, status=answer_status(error))
    session["tax_notice"] = text("tax_claimed", g.lang).format(
        vehicles=int(claimed.get("vehicles") or 0),
        properties=int(claimed.get("properties") or 0),
        bills=int(claimed.get("bills") or 0),
    )
    return redirect(url_for("tax.index") + "#tagihan", code=303)


def _checkout_shown(bill: dict) -> dict | None:
    """The kode bayar this session asked for, while it is open and the bill still unpaid."""
    kept = (session.get("tax_checkouts") or {}).get(bill["id"])
    if not kept or bill.get("status") != "unpaid":
        return None
    try:
        expires = dt.datetime.fromisoformat(str(kept.get("expires_at", "")).replace("Z", "+00:00"))
    except ValueError:
        return None
    return kept if expires > dt.datetime.now(dt.UTC) else None


def _bill_or_404(bill_id: str) -> dict:
    if not BILL_ID.match(bill_id):
        abort(404)
    try:
        return api("GET", f"/v1/tax/bills/{bill_id}")
    except GatewayError as error:
        _signed_in_or_raise(error)
        if error.status in (403, 404):
            abort(404)
        raise


def _render_bill(bill: dict, *, general: str = "", status: int = 200):
    return render_template(
        "pajak_tagihan.html",
        bill=bill,
        checkout=_checkout_shown(bill),
        general=general,
        idempotency_key=str(uuid.uuid4()),
        region_name=region_name,
    ), status


@blueprint.get("/pajak/tagihan/<bill_id>")
@signin.login_required
def bill(bill_id: str):
    try:
        found = _bill_or_404(bill_id)
    except GatewayError as error:
        return render_template(
            "pajak_tagihan.html", bill=None, checkout=None, general=form_errors(error, (), g.lang)[1]
        ), answer_status(error)
    return _render_bill(found)


@blueprint.post("/pajak/tagihan/<bill_id>/bayar")
@signin.login_required
def checkout(bill_id: str):
    if not BILL_ID.match(bill_id):
        abort(404)
    key = request.form.get("idempotency_key") or str(uuid.uuid4())
    try:
        answer = api("POST", f"/v1/tax/bills/{bill_id}:checkout", json={}, idempotency_key=key)
    except GatewayError as error:
        _signed_in_or_raise(error)
        if error.status == 404:
            abort(404)
        general, status = form_errors(error, (), g.lang)[1], answer_status(error)
        try:
            return _render_bill(_bill_or_404(bill_id), general=general, status=status)
        except GatewayError:
            return render_template("pajak_tagihan.html", bill=None, checkout=None, general=general), status
    kept = dict(session.get("tax_checkouts") or {})
    kept.pop(bill_id, None)
    kept[bill_id] = {
        "billing_code": answer.get("billing_code", ""),
        "amount": str(answer.get("amount", "")),
        "expires_at": answer.get("expires_at", ""),
    }
    session["tax_checkouts"] = dict(list(kept.items())[-CHECKOUTS_KEPT:])
    return redirect(url_for("tax.bill", bill_id=bill_id) + "#kode-bayar", code=303)


@blueprint.get("/pajak/kwitansi/<number>")
@signin.login_required
def receipt(number: str):
    if not RECEIPT_NUMBER.match(number):
        abort(404)
    try:
        found = api("GET", f"/v1/tax/receipts/{number}")
    except GatewayError as error:
        _signed_in_or_raise(error)
        if error.status in (403, 404):
            abort(404)
        return render_template(
            "pajak_kwitansi.html", receipt=None, general=form_errors(error, (), g.lang)[1]
        ), answer_status(error)
    channel = CHANNEL_NAMES.get(found.get("channel", ""), found.get("channel", ""))
    return render_template("pajak_kwitansi.html", receipt=found, channel=channel, general="", region_name=region_name)


@blueprint.get("/pajak/kwitansi/<number>/pdf")
@signin.login_required
def receipt_pdf(number: str):
    if not RECEIPT_NUMBER.match(number):
        abort(404)
    try:
        answer = signin.call(
            lambda token: signin.gateway().fetch(f"/v1/tax/receipts/{number}/pdf", token=token, lang=g.lang)
        )
    except GatewayError as error:
        _signed_in_or_raise(error)
        if error.status in (403, 404):
            abort(404)
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    response = Response(answer.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="bukti-bayar-{number}.pdf"'
    response.headers["Cache-Control"] = "no-store"  # a payment of a named resident: no shared cache keeps it
    return response
