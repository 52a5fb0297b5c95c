"""/petugas/admin: the admins' pages (issue 16).

- `/petugas/admin`: what an admin keeps here, one link each.
- `/petugas/admin/instansi`: agencies (GET/POST /v1/identity/agencies).
- `/petugas/admin/petugas`: staff accounts (GET /v1/identity/officers), a new officer with a jurisdiction
  (POST /v1/identity/officers), appoint or relieve an agency head (:setAgencyHead) and reset an officer's
  authenticator app (:resetTotp), each with a ticked confirmation.
- `/petugas/admin/rute`: the complaints routing table (GET /v1/complaints/routing/entries, PUT one entry).
- `/petugas/admin/klien-ektp`: e-KTP API clients (POST /v1/identity/api-clients).
- `/petugas/admin/kunci-open311`: Open311 client keys (POST /v1/complaints/open311-keys).

A client's secret and an Open311 key are answered once by the API: the page that follows the POST shows
it once (it waits in the server-side session, never in a URL, and is dropped as it is shown).
Every form posts with CSRF and an Idempotency-Key and works without JavaScript; the API's problem+json
errors are shown next to the inputs they name.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from servicekit import regions

from .. import signin
from ..blueprints.forms import answer_status, form_errors, idempotency_key
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import session as staff_session

blueprint = Blueprint("staff_admin", __name__, url_prefix="/petugas/admin")

SHOWN_ONCE = "staff_admin_shown_once"
AGENCY_FIELDS = ("code", "name", "region_code")
OFFICER_FIELDS = ("agency_id", "username", "full_name", "password", "jurisdiction")
ROUTE_FIELDS = ("category", "regency_code", "agency_code")
CLIENT_FIELDS = ("name", "rate_limit_per_minute")
KEY_FIELDS = ("name",)
CATEGORIES = (
    "jalan_rusak",
    "lampu_jalan",
    "air_bersih",
    "sampah",
    "fasilitas_kesehatan",
    "pendidikan",
    "pungli",
    "banjir",
    "tanah_longsor",
    "adminduk",
    "angkutan_umum",
    "lainnya",
)


def _errors(error: GatewayError, fields: tuple[str, ...]) -> tuple[dict[str, str], str]:
    """form_errors, with `jurisdiction[0]`-like names counted as their input's."""
    by_field, general = form_errors(error, fields, g.lang)
    for name, message in error.field_errors.items():
        base = name.split("[", 1)[0].split(".", 1)[0]
        if name not in fields and base in fields:
            by_field.setdefault(base, message)
            general = "" if general == message else general
    return by_field, general


def _confirmed(name: str) -> dict[str, str]:
    return {} if request.form.get(name) == "yes" else {name: text("staff_admin_confirm_needed", g.lang)}


def _agencies() -> list[dict]:
    found, token = [], ""
    for _ in range(10):
        params = {"page_size": 100} | ({"page_token": token} if token else {})
        answer = api("GET", "/v1/identity/agencies", params=params)
        found.extend(answer.get("agencies") or [])
        token = answer.get("next_page_token") or ""
        if not token:
            break
    return sorted(found, key=lambda a: (a.get("region_code") or "", a.get("code") or ""))


def _page(template: str, status: int = 200, **context):
    context.setdefault("errors", {})
    context.setdefault("general", "")
    context.setdefault("values", {})
    # A refused form keeps its Idempotency-Key: resent, it still creates once.
    context.setdefault("key", idempotency_key() if request.method == "POST" else str(uuid.uuid4()))
    context["done"] = request.args.get("selesai", "")
    context["shown"] = session.pop(SHOWN_ONCE, None) if request.method == "GET" else None
    return render_template(template, who=staff_session.staff() or {}, **context), status


def _refused(template: str, error: GatewayError, fields, values, **context):
    if error.unauthenticated:
        raise signin.NotSignedIn from None
    errors, general = _errors(error, fields)
    return _page(template, answer_status(error), errors=errors, general=general, values=values, **context)


# -- the index -------------------------------------------------------------------------------------


@blueprint.get("/")
@blueprint.get("")
@staff_session.staff_required("admin")
def index():
    return _page("staff/admin_index.html")


# -- agencies --------------------------------------------------------------------------------------


@blueprint.route("/instansi", methods=["GET", "POST"])
@staff_session.staff_required("admin")
def agencies():
    values = {name: request.form.get(name, "").strip() for name in AGENCY_FIELDS}
    if request.method == "POST":
        try:
            made = api("POST", "/v1/identity/agencies", json=values, idempotency_key=idempotency_key())
        except GatewayError as error:
            return _refused("staff/admin_agencies.html", error, AGENCY_FIELDS, values, agencies=_agencies())
        return redirect(url_for(".agencies", selesai="created", kode=made.get("code", "")), code=303)
    return _page("staff/admin_agencies.html", agencies=_agencies(), created=request.args.get("kode", ""))


# -- officers --------------------------------------------------------------------------------------


def _officers(agency_id: str) -> list[dict]:
    params = {"page_size": 100} | ({"agency_id": agency_id} if agency_id else {})
    return api("GET", "/v1/identity/officers", params=params).get("officers") or []


def _officers_page(status: int = 200, **context):
    agency_id = request.values.get("instansi", "").strip()
    agencies_ = _agencies()
    return _page(
        "staff/admin_officers.html",
        status,
        agencies=agencies_,
        agency_names={a["id"]: a for a in agencies_},
        officers=_officers(agency_id),
        agency_filter=agency_id,
        **context,
    )


@blueprint.get("/petugas")
@staff_session.staff_required("admin")
def officers():
    return _officers_page()


@blueprint.post("/petugas")
@staff_session.staff_required("admin")
def create_officer():
    values = {name: request.form.get(name, "").strip() for name in OFFICER_FIELDS if name != "password"}
    values["agency_head"] = request.form.get("agency_head") == "yes"
    body = {
        "agency_id": values["agency_id"],
        "username": values["username"],
        "full_name": values["full_name"],
        "password": request.form.get("password", ""),
        "jurisdiction": [code for code in values["jurisdiction"].replace(",", " ").split() if code],
        "agency_head": values["agency_head"],
    }
    try:
        made = api("POST", "/v1/identity/officers", json=body, idempotency_key=idempotency_key())
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        errors, general = _errors(error, OFFICER_FIELDS)
        return _officers_page(answer_status(error), errors=errors, general=general, values=values)
    return redirect(
        url_for(".officers", selesai="officer_created", instansi=values["agency_id"], baru=made["id"]), code=303
    )


@blueprint.post("/petugas/<officer_id>/kepala")
@staff_session.staff_required("admin")
def set_head(officer_id: str):
    appoint = request.form.get("agency_head") == "yes"
    errors = _confirmed(f"head_confirm_{officer_id}")
    if errors:
        return _officers_page(400, errors=errors)
    try:
        api("POST", f"/v1/identity/officers/{officer_id}:setAgencyHead", json={"agency_head": appoint})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        _fields, general = _errors(error, ())
        return _officers_page(answer_status(error), general=general)
    done = "head_appointed" if appoint else "head_relieved"
    return redirect(url_for(".officers", selesai=done, instansi=request.form.get("instansi", "")), code=303)


@blueprint.post("/petugas/<officer_id>/totp")
@staff_session.staff_required("admin")
def reset_totp(officer_id: str):
    errors = _confirmed(f"totp_confirm_{officer_id}")
    if errors:
        return _officers_page(400, errors=errors)
    try:
        api("POST", f"/v1/identity/officers/{officer_id}:resetTotp", json={})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        _fields, general = _errors(error, ())
        return _officers_page(answer_status(error), general=general)
    return redirect(url_for(".officers", selesai="totp_reset", instansi=request.form.get("instansi", "")), code=303)


# -- the complaints routing table ------------------------------------------------------------------


def _category_label(category: str) -> str:
    words = text(f"complaints_category_{category}", g.lang)
    return category if words.startswith("complaints_category_") else words


def _routes_page(status: int = 200, **context):
    category = request.args.get("kategori", "").strip()
    regency = request.args.get("kabupaten", "").strip()
    params = {k: v for k, v in (("category", category), ("regency_code", regency)) if v}
    entries = api("GET", "/v1/complaints/routing/entries", params=params).get("entries") or []
    entries.sort(key=lambda e: (e.get("category") or "", e.get("regency_code") or ""))
    return _page(
        "staff/admin_routes.html",
        status,
        entries=entries,
        agencies=_agencies(),
        categories=CATEGORIES,
        regencies=[(r.code, f"{r.code} {r.name}") for r in regions.regencies()],
        filters={"kategori": category, "kabupaten": regency},
        category_label=_category_label,
        **context,
    )


@blueprint.get("/rute")
@staff_session.staff_required("admin")
def routes():
    return _routes_page()


@blueprint.post("/rute")
@staff_session.staff_required("admin")
def put_route():
    values = {name: request.form.get(name, "").strip() for name in ROUTE_FIELDS}
    errors: dict[str, str] = {}
    for name in ROUTE_FIELDS:
        if not values[name]:
            errors[name] = text("staff_admin_required", g.lang)
    agency = next((a for a in _agencies() if a.get("code") == values["agency_code"]), None)
    if values["agency_code"] and agency is None:
        errors["agency_code"] = text("staff_admin_unknown_agency", g.lang)
    if errors:
        return _routes_page(400, errors=errors, values=values)
    try:
        api(
            "PUT",
            f"/v1/complaints/routing/{values['category']}/{values['regency_code']}",
            json={"agency_code": values["agency_code"], "agency_name": agency.get("name", "")},
        )
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        errors, general = _errors(error, ROUTE_FIELDS)
        return _routes_page(answer_status(error), errors=errors, general=general, values=values)
    return redirect(
        url_for(".routes", selesai="route_saved", kategori=values["category"], kabupaten=values["regency_code"]),
        code=303,
    )


# -- secrets shown once: e-KTP API clients and Open311 keys ----------------------------------------


@blueprint.route("/klien-ektp", methods=["GET", "POST"])
@staff_session.staff_required("admin")
def api_clients():
    values = {name: request.form.get(name, "").strip() for name in CLIENT_FIELDS}
    if request.method == "POST":
        errors = _confirmed("client_confirm")
        rate = values["rate_limit_per_minute"] or "60"
        if not rate.isdigit():
            errors["rate_limit_per_minute"] = text("staff_admin_whole_number", g.lang)
        if errors:
            return _page("staff/admin_clients.html", 400, errors=errors, values=values)
        body = {"name": values["name"], "rate_limit_per_minute": int(rate)}
        try:
            made = api("POST", "/v1/identity/api-clients", json=body, idempotency_key=idempotency_key())
        except GatewayError as error:
            return _refused("staff/admin_clients.html", error, CLIENT_FIELDS, values)
        session[SHOWN_ONCE] = {
            "kind": "client",
            "name": made.get("name", ""),
            "id": made.get("client_id", ""),
            "secret": made.get("client_secret", ""),
        }
        return redirect(url_for(".api_clients", selesai="client_created"), code=303)
    return _page("staff/admin_clients.html")


@blueprint.route("/kunci-open311", methods=["GET", "POST"])
@staff_session.staff_required("admin")
def open311_keys():
    values = {name: request.form.get(name, "").strip() for name in KEY_FIELDS}
    if request.method == "POST":
        errors = _confirmed("key_confirm")
        if errors:
            return _page("staff/admin_keys.html", 400, errors=errors, values=values)
        try:
            made = api("POST", "/v1/complaints/open311-keys", json=values, idempotency_key=idempotency_key())
        except GatewayError as error:
            return _refused("staff/admin_keys.html", error, KEY_FIELDS, values)
        session[SHOWN_ONCE] = {
            "kind": "open311",
            "name": made.get("name", ""),
            "id": made.get("id", ""),
            "secret": made.get("api_key", ""),
        }
        return redirect(url_for(".open311_keys", selesai="key_created"), code=303)
    return _page("staff/admin_keys.html")


def entry_links(who: dict) -> list[tuple[str, str]]:
    """Admins: agencies, officers, routing, API clients and Open311 keys."""
    return [("staff_admin.index", "staff_admin_link")] if who.get("role") == "admin" else []
