"""/petugas/pengaduan: complaints for the province dispatchers (Diskominfo) and the agencies (e.g. Dinas PUPR).

- /antrean: the dispatch queue (GET /v1/complaints/dispatch/queue) with the model's suggested category and
  its confidence; a complaint's page shows possible duplicates nearby side by side (GET /v1/complaints/nearby)
  and the forms to verify, dispatch with the suggested or a corrected category (svc-complaints stores a
  correction for `gorontalo-complaints train-model`), or reject with a reason.
- /instansi: the agency inbox (GET /v1/complaints/agency/inbox) with the first-response deadline; a complaint's
  page has its follow-up history (internal notes and the dialogue with the reporter included) and the forms
  to start, post a public update, an internal note or a question to the reporter, resolve with a photo of the
  result (uploaded through the gateway first), or reject.
- /eskalasi: breached deadlines escalated to the agency head and the dispatchers (GET /v1/complaints/escalations).

Every action is a plain form (CSRF, POST-redirect-GET, works without JavaScript); what cannot be undone
(dispatch, reject, resolve) asks for a ticked confirmation, checked on the server. The API's problem+json
field errors are shown next to the inputs they name. A complaint's page finds it in the caller's own queue or
inbox: those answers carry the staff view (suggestion, coordinates) that a look-up by tracking code does not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from flask import Blueprint, Response, abort, g, redirect, render_template, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..texts import text
from . import session as staff_session

blueprint = Blueprint("staff_complaints", __name__, url_prefix="/petugas/pengaduan")

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
STATUSES = ("received", "verified", "dispositioned", "in_progress", "resolved", "closed", "rejected", "reopened")
UPDATE_KINDS = ("update", "internal", "question")
NOTICE = "staff_complaints_notice"
PAGE_SIZE = 50
# How many pages of a queue a complaint's page looks through to find it (100 a page).
LOOKUP_PAGES = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
QUEUE, INBOX = "dispatch", "agency"
QUEUE_PATHS = {QUEUE: "/v1/complaints/dispatch/queue", INBOX: "/v1/complaints/agency/inbox"}
STAFF = staff_session.staff_required("officer", "admin")


def _gateway():
    return signin.gateway()


def _api(method: str, path: str, **kwargs) -> dict:
    return signin.call(lambda token: _gateway().request(method, path, token=token, lang=g.lang, **kwargs))


def _key() -> str:
    key = (request.form.get("idempotency_key") or "").strip()
    if key and len(key) <= 255 and key.isascii() and key.isprintable() and " " not in key:
        return key
    return str(uuid.uuid4())


def _notice(key: str, **values) -> None:
    message = text(key, g.lang)
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value))
    session[NOTICE] = message


def _category_name(category: str) -> str:
    return text(f"complaints_category_{category}", g.lang) if category else ""


def _instant(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        instant = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


def deadline_of(complaint: dict, which: str) -> dict:
    """{"due": RFC 3339 or "", "late": bool, "met": bool} of the `disposition` or `first_response` deadline."""
    due = complaint.get(f"{which}_due_at") or ""
    due_at = _instant(due)
    done = _instant(complaint.get("dispositioned_at" if which == "disposition" else "first_response_at"))
    if which in (complaint.get("breached_deadlines") or []):
        late = True
    elif due_at is None:
        late = False
    elif done is not None:
        late = done > due_at
    else:
        late = complaint.get("status") not in ("rejected", "closed") and dt.datetime.now(dt.UTC) > due_at
    return {"due": due, "late": late, "met": done is not None and not late}


def _who() -> dict:
    return staff_session.staff() or {}


def _page(template: str, status: int = 200, **context):
    context.setdefault("errors", {})
    context.setdefault("general", "")
    return (
        render_template(
            template,
            who=_who(),
            notice=session.pop(NOTICE, None),
            categories=CATEGORIES,
            statuses=STATUSES,
            deadline_of=deadline_of,
            category_name=_category_name,
            **context,
        ),
        status,
    )


def _find(queue: str, code: str) -> dict | None:
    """The complaint (staff view) in the caller's queue or inbox, or None."""
    token = None
    for _ in range(LOOKUP_PAGES):
        params = {"page_size": 100} | ({"page_token": token} if token else {})
        answer = _api("GET", QUEUE_PATHS[queue], params=params)
        for complaint in answer.get("complaints") or []:
            if complaint.get("tracking_code") == code:
                return complaint
        token = answer.get("next_page_token")
        if not token:
            return None
    return None


def _photos(code: str) -> list[dict]:
    """The photos the caller may see (a look-up by tracking code lists them; queue entries do not)."""
    try:
        return list(_api("GET", f"/v1/complaints/{code}").get("photos") or [])
    except GatewayError:
        return []


def _unavailable(error: GatewayError):
    return _page("staff/pengaduan_error.html", answer_status(error), general=form_errors(error, (), g.lang)[1])


# ---------------------------------------------------------------------------------------------- overview


@blueprint.get("")
@blueprint.get("/")
@STAFF
def index():
    return _page("staff/pengaduan.html")


# ------------------------------------------------------------------------------------------ the dispatch


@blueprint.get("/antrean")
@STAFF
def queue():
    params = {"page_size": PAGE_SIZE}
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    try:
        answer = _api("GET", QUEUE_PATHS[QUEUE], params=params)
    except GatewayError as error:
        return _page(
            "staff/pengaduan_antrean.html",
            answer_status(error),
            complaints=[],
            next_token="",
            general=form_errors(error, (), g.lang)[1],
        )
    return _page(
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
        answer = _gateway().request(
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
        complaint = _find(QUEUE, code)
    except GatewayError as error:
        return _unavailable(error)
    if complaint is None:
        return _page("staff/pengaduan_error.html", 404, general=text("staff_complaints_not_found", g.lang))
    values = values or {}
    return _page(
        "staff/pengaduan_disposisi.html",
        status,
        complaint=complaint,
        nearby=_nearby(complaint),
        photos=_photos(code),
        chosen=values.get("category") or complaint.get("category") or complaint.get("suggested_category") or "",
        values=values,
        errors=errors or {},
        general=general,
    )


@blueprint.get("/antrean/<code>")
@STAFF
def dispatch_view(code: str):
    return _dispatch_page(code)


def _confirmed() -> bool:
    return request.form.get("confirm") == "yes"


@blueprint.post("/antrean/<code>/teruskan")
@STAFF
def dispatch(code: str):
    values = {name: request.form.get(name, "").strip() for name in ("category", "region_code", "note")}
    if not _confirmed():
        errors = {"confirm_dispatch": text("staff_complaints_confirm_required", g.lang)}
        return _dispatch_page(code, errors=errors, values=values, status=400)
    body = {"category": values["category"]}
    body |= {k: values[k] for k in ("region_code", "note") if values[k]}
    try:
        before = _find(QUEUE, code)
        done = _api("POST", f"/v1/complaints/{code}:dispatch", json=body)
    except GatewayError as error:
        errors, general = form_errors(error, ("category", "region_code", "note"), g.lang)
        return _dispatch_page(code, errors=errors, general=general, values=values, status=answer_status(error))
    _notice("staff_complaints_dispatched", code=code, agency=done.get("agency_name") or done.get("agency_code"))
    suggested = (before or {}).get("suggested_category")
    if suggested and suggested != done.get("category"):
        message = session[NOTICE] + " " + text("staff_complaints_corrected", g.lang)
        session[NOTICE] = message.replace("{before}", _category_name(suggested)).replace(
            "{after}", _category_name(done.get("category", ""))
        )
    return redirect(url_for(".queue"), code=303)


@blueprint.post("/antrean/<code>/verifikasi")
@STAFF
def verify(code: str):
    try:
        _api("POST", f"/v1/complaints/{code}:verify", json={})
    except GatewayError as error:
        return _dispatch_page(code, general=form_errors(error, (), g.lang)[1], status=answer_status(error))
    _notice("staff_complaints_verified", code=code)
    return redirect(url_for(".dispatch_view", code=code), code=303)


def _reject(code: str, queue: str):
    reason = request.form.get("reason", "").strip()
    again = _dispatch_page if queue == QUEUE else _agency_page
    if not _confirmed():
        errors = {"confirm_reject": text("staff_complaints_confirm_required", g.lang)}
        return again(code, errors=errors, values={"reason": reason}, status=400)
    try:
        _api("POST", f"/v1/complaints/{code}:reject", json={"reason": reason})
    except GatewayError as error:
        errors, general = form_errors(error, ("reason",), g.lang)
        return again(code, errors=errors, general=general, values={"reason": reason}, status=answer_status(error))
    _notice("staff_complaints_rejected", code=code)
    return redirect(url_for(".queue" if queue == QUEUE else ".inbox"), code=303)


@blueprint.post("/antrean/<code>/tolak")
@STAFF
def reject(code: str):
    return _reject(code, QUEUE)


# ------------------------------------------------------------------------------------------- the agency


@blueprint.get("/instansi")
@STAFF
def inbox():
    status = request.args.get("status", "")
    params = {"page_size": PAGE_SIZE} | ({"status": status} if status in STATUSES else {})
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    try:
        answer = _api("GET", QUEUE_PATHS[INBOX], params=params)
    except GatewayError as error:
        errors, general = form_errors(error, ("status",), g.lang)
        return _page(
            "staff/pengaduan_instansi.html",
            answer_status(error),
            complaints=[],
            next_token="",
            status_filter=status,
            errors=errors,
            general=general,
        )
    return _page(
        "staff/pengaduan_instansi.html",
        complaints=answer.get("complaints") or [],
        next_token=answer.get("next_page_token") or "",
        status_filter=status,
    )


def _agency_page(code: str, *, errors=None, general="", status=200, values=None, update_key="", resolve_key=""):
    try:
        complaint = _find(INBOX, code)
        updates = _api("GET", f"/v1/complaints/{code}/updates").get("updates") or [] if complaint else []
    except GatewayError as error:
        return _unavailable(error)
    if complaint is None:
        return _page("staff/pengaduan_error.html", 404, general=text("staff_complaints_not_found", g.lang))
    return _page(
        "staff/pengaduan_tindak.html",
        status,
        complaint=complaint,
        updates=updates,
        photos=_photos(code),
        update_kinds=UPDATE_KINDS,
        values=values or {},
        errors=errors or {},
        general=general,
        update_key=update_key or str(uuid.uuid4()),
        resolve_key=resolve_key or str(uuid.uuid4()),
    )


@blueprint.get("/instansi/<code>")
@STAFF
def agency_view(code: str):
    return _agency_page(code)


@blueprint.post("/instansi/<code>/mulai")
@STAFF
def start(code: str):
    note = request.form.get("start_note", "").strip()
    try:
        _api("POST", f"/v1/complaints/{code}:start", json={"note": note} if note else {})
    except GatewayError as error:
        errors, general = form_errors(error, ("note",), g.lang)
        if "note" in errors:
            errors["start_note"] = errors.pop("note")
        return _agency_page(
            code, errors=errors, general=general, values={"start_note": note}, status=answer_status(error)
        )
    _notice("staff_complaints_started", code=code)
    return redirect(url_for(".agency_view", code=code), code=303)


@blueprint.post("/instansi/<code>/kabar")
@STAFF
def post_update(code: str):
    kind = request.form.get("kind", "update")
    note = request.form.get("note", "").strip()
    key = _key()
    body = {"note": note}
    if kind == "internal":
        body["internal"] = True
    elif kind == "question":
        body["kind"] = "question"
    try:
        _api("POST", f"/v1/complaints/{code}/updates", json=body, idempotency_key=key)
    except GatewayError as error:
        errors, general = form_errors(error, ("note", "kind"), g.lang)
        if "internal" in error.field_errors:
            errors["kind"] = error.field_errors["internal"]
        return _agency_page(
            code,
            errors=errors,
            general=general,
            values={"note": note, "kind": kind},
            update_key=key,
            status=answer_status(error),
        )
    _notice("staff_complaints_posted")
    return redirect(url_for(".agency_view", code=code), code=303)


def _photo(upload) -> tuple[bytes, str] | None | str:
    """(bytes, content type), None when no file was chosen, or the text key of what is wrong with it."""
    if upload is None or not upload.filename:
        return None
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if not data:
        return None
    if len(data) > MAX_PHOTO_BYTES:
        return "staff_complaints_photo_too_big"
    for magic, content_type in PHOTO_TYPES.items():
        if data.startswith(magic):
            return data, content_type
    return "staff_complaints_photo_type"


@blueprint.post("/instansi/<code>/selesai")
@STAFF
def resolve(code: str):
    note = request.form.get("resolve_note", "").strip()
    key = _key()
    values = {"resolve_note": note}
    errors: dict[str, str] = {}
    if not _confirmed():
        errors["confirm_resolve"] = text("staff_complaints_confirm_required", g.lang)
    photo = _photo(request.files.get("photo"))
    if isinstance(photo, str):
        errors["photo"] = text(photo, g.lang)
    elif photo is None:
        errors["photo"] = text("staff_complaints_photo_required", g.lang)
    if errors:
        return _agency_page(code, errors=errors, values=values, resolve_key=key, status=400)
    data, content_type = photo
    try:
        # One key per photo of this form: a resent form uploads it once.
        photo_key = f"{key}:photo:{hashlib.sha256(data).hexdigest()[:16]}"
        signin.call(
            lambda token: _gateway().upload(
                f"/v1/complaints/{code}/photos",
                data,
                content_type,
                token=token,
                lang=g.lang,
                idempotency_key=photo_key,
            )
        )
        _api("POST", f"/v1/complaints/{code}:resolve", json={"note": note})
    except GatewayError as error:
        errors, general = form_errors(error, ("note", "image"), g.lang)
        if "note" in errors:
            errors["resolve_note"] = errors.pop("note")
        if "image" in errors:
            errors["photo"] = errors.pop("image")
        return _agency_page(
            code, errors=errors, general=general, values=values, resolve_key=key, status=answer_status(error)
        )
    _notice("staff_complaints_resolved", code=code)
    return redirect(url_for(".agency_view", code=code), code=303)


@blueprint.post("/instansi/<code>/tolak")
@STAFF
def agency_reject(code: str):
    return _reject(code, INBOX)


# -------------------------------------------------------------------------------------- escalations


@blueprint.get("/eskalasi")
@STAFF
def escalations():
    params = {"page_size": PAGE_SIZE}
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    try:
        answer = _api("GET", "/v1/complaints/escalations", params=params)
    except GatewayError as error:
        return _page(
            "staff/pengaduan_eskalasi.html",
            answer_status(error),
            escalations=[],
            next_token="",
            general=form_errors(error, (), g.lang)[1],
        )
    return _page(
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
            lambda token: _gateway().fetch(f"/v1/complaints/{code}/photos/{photo_id}", token=token, lang=g.lang)
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
