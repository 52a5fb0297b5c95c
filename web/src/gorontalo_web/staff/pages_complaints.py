"""/petugas/pengaduan: complaints for the province dispatchers (Diskominfo), and the escalations.

- /antrean: the dispatch queue (GET /v1/complaints/dispatch/queue) with the model's suggested category and
  its confidence; a complaint's page shows possible duplicates nearby side by side (GET /v1/complaints/nearby)
  and the forms to verify, dispatch with the suggested or a corrected category (svc-complaints stores a
  correction for `gorontalo-complaints train-model`), or reject with a reason.
- /eskalasi: breached deadlines escalated to the agency head and the dispatchers (GET /v1/complaints/escalations).
The agencies' inbox is pages_complaints_agency.

Every action is a plain form (CSRF, POST-redirect-GET, works without JavaScript); what cannot be undone
(dispatch, reject, resolve) asks for a ticked confirmation, checked on the server. The API's problem+json
field errors are shown next to the inputs they name. A complaint's page finds it in the caller's own queue or
inbox: those answers carry the staff view (suggestion, coordinates) that a look-up by tracking code does not.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from .complaints_common import (
    NOTICE,
    PAGE_SIZE,
    QUEUE,
    QUEUE_PATHS,
    STAFF,
    category_name,
    confirmed,
    find_complaint,
    notice,
    photos_of,
    reject_with_reason,
    render_page,
    unavailable,
)

blueprint = Blueprint("staff_complaints", __name__, url_prefix="/petugas/pengaduan")


# ---------------------------------------------------------------------------------------------- overview


@blueprint.get("")
@blueprint.get("/")
@STAFF
def index():
    return render_page("staff/pengaduan.html")


# ------------------------------------------------------------------------------------------ the dispatch


@blueprint.get("/antrean")
@STAFF
def queue():
    params = {"page_size": PAGE_SIZE}
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    try:
        answer = api("GET", QUEUE_PATHS[QUEUE], params=params)
    except GatewayError as error:
        return render_page(
            "staff/pengaduan_antrean.html",
            answer_status(error),
            complaints=[],
            next_token="",
            general=form_errors(error, (), g.lang)[1],
        )
    return render_page(
        "staff/pengaduan_antrean.html",
        complaints=answer.get("complaints") or [],
        next_token=answer.get("next_page_token") or "",
    )


def _nearby(complaint: dict) -> dict:
    """Open complaints of the (suggested) category within the platform's radius, this one left out."""
    category = complaint.get("category") or complaint.get("suggested_category")
    lat, lon = complaint.get("latitude"), complaint.get("longitude")
    if not (category and lat and lon):
        return {"searched": False, "items": [], "radius": 0, "category": category}
    try:
        answer = signin.gateway().request(
            "GET", "/v1/complaints/nearby", params={"lat": lat, "lon": lon, "category": category}, lang=g.lang
        )
    except GatewayError:
        return {"searched": False, "items": [], "radius": 0, "category": category}
    items = [
        {"complaint": item.get("complaint") or {}, "distance": round(float(item.get("distance_meters") or 0))}
        for item in answer.get("complaints") or []
        if (item.get("complaint") or {}).get("tracking_code") != complaint.get("tracking_code")
    ]
    return {
        "searched": True,
        "items": items,
        "radius": round(float(answer.get("radius_meters") or 250)),
        "category": category,
    }


def _dispatch_page(code: str, *, errors=None, general="", status=200, values=None):
    try:
        complaint = find_complaint(QUEUE, code)
    except GatewayError as error:
        return unavailable(error)
    if complaint is None:
        return render_page("staff/pengaduan_error.html", 404, general=text("staff_complaints_not_found", g.lang))
    values = values or {}
    return render_page(
        "staff/pengaduan_disposisi.html",
        status,
        complaint=complaint,
        nearby=_nearby(complaint),
        photos=photos_of(code),
        chosen=values.get("category") or complaint.get("category") or complaint.get("suggested_category") or "",
        values=values,
        errors=errors or {},
        general=general,
    )


@blueprint.get("/antrean/<code>")
@STAFF
def dispatch_view(code: str):
    return _dispatch_page(code)


@blueprint.post("/antrean/<code>/teruskan")
@STAFF
def dispatch(code: str):
    values = {name: request.form.get(name, "").strip() for name in ("category", "region_code", "note")}
    if not confirmed():
        errors = {"confirm_dispatch": text("staff_complaints_confirm_required", g.lang)}
        return _dispatch_page(code, errors=errors, values=values, status=400)
    body = {"category": values["category"]}
    body |= {k: values[k] for k in ("region_code", "note") if values[k]}
    try:
        before = find_complaint(QUEUE, code)
        done = api("POST", f"/v1/complaints/{code}:dispatch", json=body)
    except GatewayError as error:
        errors, general = form_errors(error, ("category", "region_code", "note"), g.lang)
        return _dispatch_page(code, errors=errors, general=general, values=values, status=answer_status(error))
    notice("staff_complaints_dispatched", code=code, agency=done.get("agency_name") or done.get("agency_code"))
    suggested = (before or {}).get("suggested_category")
    if suggested and suggested != done.get("category"):
        message = session[NOTICE] + " " + text("staff_complaints_corrected", g.lang)
        session[NOTICE] = message.replace("{before}", category_name(suggested)).replace(
            "{after}", category_name(done.get("category", ""))
        )
    return redirect(url_for(".queue"), code=303)


@blueprint.post("/antrean/<code>/verifikasi")
@STAFF
def verify(code: str):
    try:
        api("POST", f"/v1/complaints/{code}:verify", json={})
    except GatewayError as error:
        return _dispatch_page(code, general=form_errors(error, (), g.lang)[1], status=answer_status(error))
    notice("staff_complaints_verified", code=code)
    return redirect(url_for(".dispatch_view", code=code), code=303)


@blueprint.post("/antrean/<code>/tolak")
@STAFF
def reject(code: str):
    return reject_with_reason(code, _dispatch_page, ".queue")


# -------------------------------------------------------------------------------------- escalations


@blueprint.get("/eskalasi")
@STAFF
def escalations():
    params = {"page_size": PAGE_SIZE}
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    try:
        answer = api("GET", "/v1/complaints/escalations", params=params)
    except GatewayError as error:
        return render_page(
            "staff/pengaduan_eskalasi.html",
            answer_status(error),
            escalations=[],
            next_token="",
            general=form_errors(error, (), g.lang)[1],
        )
    return render_page(
        "staff/pengaduan_eskalasi.html",
        escalations=answer.get("escalations") or [],
        next_token=answer.get("next_page_token") or "",
    )


# -------------------------------------------------------------------------------------------- photos


@blueprint.get("/<code>/foto/<photo_id>")
@STAFF
def photo(code: str, photo_id: str):
    if not photo_id.replace("-", "").isalnum() or not code.replace("-", "").isalnum():
        abort(404)
    try:
        answer = signin.call(
            lambda token: signin.gateway().fetch(f"/v1/complaints/{code}/photos/{photo_id}", token=token, lang=g.lang)
        )
    except GatewayError as error:
        abort(404 if error.status == 404 else answer_status(error))
    content_type = answer.headers.get("Content-Type", "")
    if content_type not in ("image/jpeg", "image/png"):
        abort(404)
    response = Response(answer.content, mimetype=content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def entry_links(who: dict) -> list[tuple[str, str]]:
    """The console's landing page links here for officers (their queue or inbox) and admins."""
    return [("staff_complaints.index", "staff_complaints_title")] if who.get("role") in ("officer", "admin") else []
