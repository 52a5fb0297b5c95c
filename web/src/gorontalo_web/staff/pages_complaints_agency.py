"""/petugas/pengaduan/instansi: the agency inbox (GET /v1/complaints/agency/inbox) with the first-response
deadline; a complaint's page has its follow-up history (internal notes and the dialogue with the reporter
included) and the forms to start, post a public update, an internal note or a question to the reporter,
resolve with a photo of the result (uploaded through the gateway first), or reject."""

from __future__ import annotations

import hashlib
import uuid

from flask import Blueprint, g, redirect, request, url_for

from .. import signin, uploads
from ..blueprints.forms import answer_status, form_errors, idempotency_key
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from .complaints_common import (
    INBOX,
    PAGE_SIZE,
    QUEUE_PATHS,
    STAFF,
    STATUSES,
    UPDATE_KINDS,
    confirmed,
    find_complaint,
    notice,
    photos_of,
    reject_with_reason,
    render_page,
    unavailable,
)

blueprint = Blueprint("staff_complaints_agency", __name__, url_prefix="/petugas/pengaduan")


# ------------------------------------------------------------------------------------------- the agency


@blueprint.get("/instansi")
@STAFF
def inbox():
    status = request.args.get("status", "")
    params = {"page_size": PAGE_SIZE} | ({"status": status} if status in STATUSES else {})
    if request.args.get("page_token"):
        params["page_token"] = request.args["page_token"]
    try:
        answer = api("GET", QUEUE_PATHS[INBOX], params=params)
    except GatewayError as error:
        errors, general = form_errors(error, ("status",), g.lang)
        return render_page(
            "staff/pengaduan_instansi.html",
            answer_status(error),
            complaints=[],
            next_token="",
            status_filter=status,
            errors=errors,
            general=general,
        )
    return render_page(
        "staff/pengaduan_instansi.html",
        complaints=answer.get("complaints") or [],
        next_token=answer.get("next_page_token") or "",
        status_filter=status,
    )


def _agency_page(code: str, *, errors=None, general="", status=200, values=None, update_key="", resolve_key=""):
    try:
        complaint = find_complaint(INBOX, code)
        updates = api("GET", f"/v1/complaints/{code}/updates").get("updates") or [] if complaint else []
    except GatewayError as error:
        return unavailable(error)
    if complaint is None:
        return render_page("staff/pengaduan_error.html", 404, general=text("staff_complaints_not_found", g.lang))
    return render_page(
        "staff/pengaduan_tindak.html",
        status,
        complaint=complaint,
        updates=updates,
        photos=photos_of(code),
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
        api("POST", f"/v1/complaints/{code}:start", json={"note": note} if note else {})
    except GatewayError as error:
        errors, general = form_errors(error, ("note",), g.lang)
        if "note" in errors:
            errors["start_note"] = errors.pop("note")
        return _agency_page(
            code, errors=errors, general=general, values={"start_note": note}, status=answer_status(error)
        )
    notice("staff_complaints_started", code=code)
    return redirect(url_for(".agency_view", code=code), code=303)


@blueprint.post("/instansi/<code>/kabar")
@STAFF
def post_update(code: str):
    kind = request.form.get("kind", "update")
    note = request.form.get("note", "").strip()
    key = idempotency_key()
    body = {"note": note}
    if kind == "internal":
        body["internal"] = True
    elif kind == "question":
        body["kind"] = "question"
    try:
        api("POST", f"/v1/complaints/{code}/updates", json=body, idempotency_key=key)
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
    notice("staff_complaints_posted")
    return redirect(url_for(".agency_view", code=code), code=303)


@blueprint.post("/instansi/<code>/selesai")
@STAFF
def resolve(code: str):
    note = request.form.get("resolve_note", "").strip()
    key = idempotency_key()
    values = {"resolve_note": note}
    errors: dict[str, str] = {}
    if not confirmed():
        errors["confirm_resolve"] = text("staff_complaints_confirm_required", g.lang)
    photo = _resolution_photo(request.files.get("photo"))
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
            lambda token: signin.gateway().upload(
                f"/v1/complaints/{code}/photos",
                data,
                content_type,
                token=token,
                lang=g.lang,
                idempotency_key=photo_key,
            )
        )
        api("POST", f"/v1/complaints/{code}:resolve", json={"note": note})
    except GatewayError as error:
        errors, general = form_errors(error, ("note", "image"), g.lang)
        if "note" in errors:
            errors["resolve_note"] = errors.pop("note")
        if "image" in errors:
            errors["photo"] = errors.pop("image")
        return _agency_page(
            code, errors=errors, general=general, values=values, resolve_key=key, status=answer_status(error)
        )
    notice("staff_complaints_resolved", code=code)
    return redirect(url_for(".agency_view", code=code), code=303)


@blueprint.post("/instansi/<code>/tolak")
@STAFF
def agency_reject(code: str):
    return reject_with_reason(code, _agency_page, ".inbox")


def _resolution_photo(upload) -> tuple[bytes, str] | None | str:
    """(bytes, media type), None when no file was chosen, or the words key of what is wrong with it."""
    photo = uploads.read_photo(upload)
    if photo is None:
        return None
    if len(photo[0]) > uploads.MAX_UPLOAD_BYTES:
        return "staff_complaints_photo_too_big"
    if photo[1] not in uploads.PHOTO_TYPES:
        return "staff_complaints_photo_type"
    return photo
