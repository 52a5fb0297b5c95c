"""/izin: find a permit, apply with documents, follow it, pay its fee, download the certificate.

Everything goes through the gateway's permits routes (and tax's for the fee's kode bayar):
- GET /v1/permits/types (public) is searched here by KBLI code or words: the catalog is small;
- a document is POSTed as raw bytes to /v1/permits/documents?document_type=..., then the application to
  /v1/permits/applications, both with an Idempotency-Key derived from the one key of the filled-in form,
  so a resent form neither uploads nor applies twice. Documents already uploaded for a form are kept in
  the server-side session, so a form sent back with a field error does not ask for the files again;
- the fee: an application awaiting payment names its bill in svc-tax (bill_id); POST
  /v1/tax/bills/{bill_id}:checkout gives its kode bayar (the bill's one open code, asked again it is the same);
- the certificate PDF is passed through with a Content-Disposition of its own and `no-store`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for

from servicekit import regions

from .. import signin
from ..gateway import GatewayError
from ..regions_picker import district_groups, place_name
from ..signin import api
from ..texts import text
from ..uploads import upload_region
from . import permit_documents, permit_responsible
from .forms import answer_status, form_errors

blueprint = Blueprint("permits", __name__)

# Permit numbers are written with '-' in addresses: 7571-DPMPTSP-2026-000001.
PERMIT_NUMBER = re.compile(r"^\d{4}-DPMPTSP-\d{4}-\d{6}$")
APPLY_FIELDS = (
    "business_name",
    "business_address",
    "region_code",
    "nib",
    "investment_rupiah",
    "workforce",
    "self_declaration",
    *permit_responsible.FIELDS,
)
# Forms whose uploaded documents the session remembers (the newest ones; a session is not a store).
SESSION_CHECKOUTS = "izin_checkouts"


# ---- helpers: the gateway, words, dates --------------------------------------------------------------


def _gateway():
    return signin.gateway()


def _permit_types() -> list[dict]:
    return list(_gateway().request("GET", "/v1/permits/types", lang=g.lang).get("permit_types") or [])


def _fold(value: str) -> str:
    """Lower case without accents or punctuation: 'Rumah/Warung' and 'warung' meet."""
    plain = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def search_types(permit_types: list[dict], query: str) -> list[dict]:
    """Types whose KBLI code starts with the digits asked, or whose title holds every word asked."""
    query = _fold(query)
    if not query:
        return permit_types
    if query.replace(" ", "").isdigit():
        digits = query.replace(" ", "")
        return [t for t in permit_types if str(t.get("kbli_code", "")).startswith(digits)]
    words = query.split()
    return [t for t in permit_types if all(word in _fold(t.get("title", "")) for word in words)]


def _label(prefix: str, value: str) -> str:
    """permits_status_issued -> its words; an unknown value (a newer platform) is shown as it is."""
    key = f"{prefix}_{value}"
    words = text(key, g.lang)
    return value if words == key else words


@blueprint.app_context_processor
def permit_words():
    return {
        "izin_status": lambda value: _label("permits_status", value or ""),
        "izin_risk": lambda value: _label("permits_risk", value or ""),
        "izin_next": lambda value: _label("permits_next", value or ""),
        "izin_actor": lambda value: _label("permits_actor", value or ""),
        "izin_region": lambda code: place_name(code, with_parents=True),
    }


def _page_error(error: GatewayError):
    """A page that could not be read: back to login on 401, else the gateway's status with its words."""
    if error.unauthenticated:
        raise signin.NotSignedIn from None
    if error.status == 404:
        return render_template("error.html", message_key="error_not_found"), 404
    if error.unavailable or error.status >= 500:
        return render_template("error.html", message_key="error_unavailable"), 503
    if error.status == 403:
        return render_template("error.html", message_key="permits_forbidden"), 403
    return render_template("error.html", message_key="error_generic"), answer_status(error)


@blueprint.errorhandler(413)
def form_too_large(error):
    """All the files of one form together over the app's limit: said in the resident's words, not Werkzeug's."""
    return render_template("error.html", message_key="permits_form_too_large"), 413


def _int_field(values: dict, errors: dict, field: str) -> int:
    raw = values.get(field, "").replace(".", "").replace(" ", "")
    if not raw:
        return 0
    if not raw.isdigit():
        errors[field] = text("permits_whole_number", g.lang)
        return 0
    return int(raw)


# ---- pages -------------------------------------------------------------------------------------------


@blueprint.get("/izin")
def index():
    query = request.args.get("q", "").strip()[:100]
    try:
        permit_types = _permit_types()
    except GatewayError:
        return render_template(
            "izin.html", query=query, permit_types=[], general=text("error_unavailable", g.lang)
        ), 503
    return render_template("izin.html", query=query, permit_types=search_types(permit_types, query), general="")


@blueprint.route("/izin/ajukan/<kbli_code>", methods=["GET", "POST"])
@signin.login_required
def apply(kbli_code: str):
    signin.access_token()  # a signed-in resident only: else to the login page
    try:
        permit_type = next((t for t in _permit_types() if t.get("kbli_code") == kbli_code), None)
    except GatewayError as error:
        return _page_error(error)
    if permit_type is None:
        abort(404)
    names = list(permit_type.get("required_documents") or [])
    values = {field: request.form.get(field, "").strip() for field in APPLY_FIELDS}
    form_key = request.form.get("idempotency_key", "")
    if not re.fullmatch(r"[A-Za-z0-9-]{8,64}", form_key):
        form_key = str(uuid.uuid4())
    remembered = permit_documents.remembered(form_key)
    errors: dict[str, str] = {}
    general, status = "", 200
    if request.method == "POST":
        uploaded, errors, general = permit_documents.upload_documents(
            form_key, names, remembered, request.form.get("region_code", "")
        )
        permit_documents.remember_uploads(form_key, uploaded)
        remembered = uploaded
        status = 503 if general else 400
        investment = _int_field(values, errors, "investment_rupiah")
        workforce = _int_field(values, errors, "workforce")
        responsible = permit_responsible.read(values, errors, g.lang)
        point = regions.centroid_of(values["region_code"]) if values["region_code"] else None
        # A number that is no number is told first: sent as 0 it could create the application.
        if not general and not any(not field.startswith("document_") for field in errors):
            body = {
                "kbli_code": kbli_code,
                "business_name": values["business_name"],
                "business_address": values["business_address"],
                "region_code": values["region_code"],
                # The seat of the chosen kecamatan: the platform wants a point in Gorontalo.
                "latitude": point[0] if point else 0.0,
                "longitude": point[1] if point else 0.0,
                "investment_rupiah": investment,
                "workforce": workforce,
                "nib": values["nib"],
                "self_declaration": bool(values["self_declaration"]),
                "document_ids": [uploaded[str(i)]["id"] for i in range(len(names)) if str(i) in uploaded],
                **responsible,
            }
            try:
                application = api("POST", "/v1/permits/applications", json=body, idempotency_key=form_key)
            except GatewayError as error:
                if error.unauthenticated:
                    raise signin.NotSignedIn from None
                remote = dict(error.field_errors)
                for coordinate in ("latitude", "longitude"):
                    if coordinate in remote:
                        remote.setdefault("region_code", remote.pop(coordinate))
                if errors:  # a missing or refused file is already told next to its input
                    remote = {f: m for f, m in remote.items() if not f.startswith("document_ids")}
                error.field_errors = remote
                by_field, general = form_errors(error, APPLY_FIELDS, g.lang)
                if not by_field and not remote and errors and not (error.unavailable or error.status >= 500):
                    general = ""  # only the documents were wrong: each is told next to its input
                errors = {**by_field, **errors}
                status = answer_status(error)
            else:
                permit_documents.remember_uploads(form_key, None)
                return redirect(url_for("permits.application", application_id=application["id"]), code=303)
    return render_template(
        "izin_apply.html",
        permit_type=permit_type,
        names=names,
        values=values,
        errors=errors,
        general=general,
        idempotency_key=form_key,
        remembered=remembered,
        districts=district_groups(),
        # Applying needs a verified phone (acr 1); the platform refuses otherwise, this tells it first.
        acr_low=int(session.get("acr") or 0) < 1,
    ), status


@blueprint.get("/izin/saya")
@signin.login_required
def mine():
    params = {"page_size": 20}
    page_token = request.args.get("halaman", "")[:200]
    if page_token:
        params["page_token"] = page_token
    try:
        answer = api("GET", "/v1/permits/applications", params=params)
    except GatewayError as error:
        return _page_error(error)
    return render_template(
        "izin_list.html",
        applications=answer.get("applications") or [],
        next_page_token=answer.get("next_page_token") or "",
    )


def _application(application_id: str) -> dict:
    return api("GET", f"/v1/permits/applications/{application_id}")


def _valid_id(application_id: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", application_id):
        abort(404)
    return application_id


def _checkout_of(bill_id: str) -> dict | None:
    """The kode bayar this session asked for, while it is still valid."""
    checkout = (session.get(SESSION_CHECKOUTS) or {}).get(bill_id)
    if not checkout:
        return None
    try:
        expires = dt.datetime.fromisoformat(str(checkout.get("expires_at")).replace("Z", "+00:00"))
    except ValueError:
        return checkout
    return checkout if expires > dt.datetime.now(dt.UTC) else None


def _render_application(application: dict, *, errors=None, general="", note="", status=200, idempotency_key=""):
    bill = None
    if application.get("bill_id"):
        try:
            bill = api("GET", f"/v1/tax/bills/{application['bill_id']}")
        except GatewayError as error:
            if error.unauthenticated:
                raise signin.NotSignedIn from None
            bill = None  # the page still shows the application; the fee's amount is on it
    return render_template(
        "izin_application.html",
        application=application,
        bill=bill,
        checkout=_checkout_of(application.get("bill_id") or ""),
        errors=errors or {},
        general=general,
        note=note,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
        remembered={},
    ), status


@blueprint.get("/izin/permohonan/<application_id>")
@signin.login_required
def application(application_id: str):
    try:
        found = _application(_valid_id(application_id))
    except GatewayError as error:
        return _page_error(error)
    return _render_application(found)


def _act(application_id: str, verb: str, body: dict, fields: tuple[str, ...] = ("note",)):
    """POST an action of the applicant; 303 back to the application, or the page with the refusal."""
    try:
        api("POST", f"/v1/permits/applications/{application_id}:{verb}", json=body)
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        by_field, general = form_errors(error, fields, g.lang)
        try:
            found = _application(application_id)
        except GatewayError as again:
            return _page_error(again)
        return _render_application(
            found, errors=by_field, general=general, note=body.get("note", ""), status=answer_status(error)
        )
    return redirect(url_for("permits.application", application_id=application_id), code=303)


@blueprint.post("/izin/permohonan/<application_id>/tarik")
@signin.login_required
def withdraw(application_id: str):
    note = request.form.get("note", "").strip()
    return _act(_valid_id(application_id), "withdraw", {"note": note})


@blueprint.post("/izin/permohonan/<application_id>/nib")
@signin.login_required
def provide_nib(application_id: str):
    return _act(_valid_id(application_id), "provide-nib", {"nib": request.form.get("nib", "").strip()}, ("nib",))


@blueprint.post("/izin/permohonan/<application_id>/perbaiki")
@signin.login_required
def resubmit(application_id: str):
    """Answer a revision request: a note, and new files for the documents the officer asked again."""
    application_id = _valid_id(application_id)
    try:
        found = _application(application_id)
    except GatewayError as error:
        return _page_error(error)
    documents = list(found.get("documents") or [])
    names = [d.get("document_type", "") for d in documents]
    note = request.form.get("note", "").strip()
    form_key = request.form.get("idempotency_key", "")
    if not re.fullmatch(r"[A-Za-z0-9-]{8,64}", form_key):
        form_key = str(uuid.uuid4())
    chosen = any(
        request.files.get(f"document_{i}") and request.files[f"document_{i}"].filename for i in range(len(names))
    )
    body: dict = {"note": note}
    if chosen:
        region = upload_region(found.get("region_code", ""))
        remembered = {str(i): {"id": d.get("document_id", ""), "region_code": region} for i, d in enumerate(documents)}
        uploaded, errors, general = permit_documents.upload_documents(form_key, names, remembered, region)
        if errors or general:
            return _render_application(
                found,
                errors=errors,
                general=general,
                note=note,
                status=503 if general else 400,
                idempotency_key=form_key,
            )
        body["document_ids"] = [uploaded[str(i)]["id"] for i in range(len(names))]
    return _act(application_id, "resubmit", body)


@blueprint.post("/izin/permohonan/<application_id>/bayar")
@signin.login_required
def pay(application_id: str):
    """The fee's kode bayar from svc-tax (checkout of the application's bill), kept for this session."""
    application_id = _valid_id(application_id)
    try:
        found = _application(application_id)
        bill_id = found.get("bill_id") or ""
        if not bill_id or found.get("status") != "awaiting_payment":
            return redirect(url_for("permits.application", application_id=application_id), code=303)
        checkout = api("POST", f"/v1/tax/bills/{bill_id}:checkout", json={})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        _, general = form_errors(error, (), g.lang)
        try:
            found = _application(application_id)
        except GatewayError as again:
            return _page_error(again)
        return _render_application(found, general=general, status=answer_status(error))
    kept = dict(session.get(SESSION_CHECKOUTS) or {})
    kept[bill_id] = {
        "billing_code": checkout.get("billing_code", ""),
        "amount": checkout.get("amount", ""),
        "expires_at": checkout.get("expires_at", ""),
    }
    while len(kept) > permit_documents.REMEMBERED_FORMS:
        kept.pop(next(iter(kept)))
    session[SESSION_CHECKOUTS] = kept
    return redirect(url_for("permits.application", application_id=application_id) + "#bayar", code=303)


@blueprint.get("/izin/sertifikat/<permit_number>")
@signin.login_required
def certificate(permit_number: str):
    """The certificate PDF as the platform prints it, saved under the permit number; never cached."""
    if not PERMIT_NUMBER.fullmatch(permit_number):
        abort(404)
    try:
        answer = signin.call(
            lambda token: _gateway().fetch(f"/v1/permits/permits/{permit_number}/certificate", token=token, lang=g.lang)
        )
    except GatewayError as error:
        return _page_error(error)
    if not answer.content.startswith(b"%PDF"):
        return render_template("error.html", message_key="error_unavailable"), 502
    response = Response(answer.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="izin-{permit_number}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
