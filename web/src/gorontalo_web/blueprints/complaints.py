"""/pengaduan and /lacak/<kode>: file, support, follow, answer, rate and reopen complaints.

Filing signed in goes to POST /v1/complaints (assurance level 1) with a photo uploaded first through
POST /v1/complaints/photos; without an account to POST /v1/complaints/anonymous (privacy `anonim`, a
phone number or e-mail address to hear back, no photo: the photo routes need an account). Before a
complaint with a position is filed, the open complaints of its category within 250 m are shown, so the
resident can support one instead (POST :support).

The anonymous filer's `reporter_key` (the one proof of being the reporter) is shown once and kept in the
server-side session, never in a URL; with it this phone can answer, rate and reopen as the reporter.
"""

from __future__ import annotations

import hashlib
import uuid

from flask import Blueprint, Response, abort, g, jsonify, redirect, render_template, request, session, url_for

from .. import signin, uploads
from ..gateway import GatewayError
from ..regions_picker import Choice, children, name_of
from ..texts import text
from .forms import answer_status, form_errors, idempotency_key

blueprint = Blueprint("complaints", __name__)

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
PRIVACIES = ("biasa", "anonim", "rahasia")
OPEN_STATUSES = ("received", "verified", "dispositioned", "in_progress", "reopened")
FILE_FIELDS = ("category", "title", "description", "latitude", "longitude", "region_code", "privacy", "photo")
ANONYMOUS_FIELDS = (*FILE_FIELDS, "contact_phone", "contact_email")
REPORTER_KEYS = "complaint_reporter_keys"  # session: tracking code -> reporter key of this phone's filings


def _gateway():
    return signin.gateway()


def _with_reporter_key(method: str, path: str, reporter_key: str, *, json=None, idempotency_key=None) -> dict:
    """A reporter call of an anonymous filer: the key travels as the X-Reporter-Key header."""
    return _gateway().request(
        method,
        path,
        json=json,
        lang=g.lang,
        idempotency_key=idempotency_key,
        headers={"X-Reporter-Key": reporter_key},
    )


def _as_reporter(method: str, path: str, *, json=None, idempotency_key=None, code: str = "") -> dict:
    """Call as whoever this phone is: the anonymous filer of `code` (its key is in this session), else the
    signed-in resident, else the public."""
    reporter_key = (session.get(REPORTER_KEYS) or {}).get(code) if code else None
    if reporter_key:
        return _with_reporter_key(method, path, reporter_key, json=json, idempotency_key=idempotency_key)
    if signin.resident_signed_in():
        try:
            return signin.call(
                lambda token: _gateway().request(
                    method, path, token=token, json=json, lang=g.lang, idempotency_key=idempotency_key
                )
            )
        except signin.NotSignedIn:
            pass
    return _gateway().request(method, path, json=json, lang=g.lang, idempotency_key=idempotency_key)


def normalise_code(code: str) -> str:
    """'gto 7k3q 95' -> 'GTO-7K3Q-95'; other shapes are passed on for the platform to judge."""
    compact = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if compact.startswith(("GTO", "GT0")) and len(compact) == 9:
        compact = compact[3:]
    if len(compact) == 6:
        return f"GTO-{compact[:4]}-{compact[4:]}"
    return (code or "").strip().upper()


def _number(value: str) -> float | None:
    try:
        return float(value.replace(",", ".")) if value else None
    except ValueError:
        return None


class Filing:
    """The form's values as typed, and what the platform needs from them."""

    def __init__(self, form, anonymous: bool):
        self.anonymous = anonymous
        self.values = {
            name: (form.get(name) or "").strip()
            for name in ("category", "title", "description", "latitude", "longitude", "contact_phone", "contact_email")
        }
        privacy = form.get("privacy") or ("anonim" if anonymous else "biasa")
        self.values["privacy"] = "anonim" if anonymous else (privacy if privacy in PRIVACIES else "biasa")
        self.choice = Choice.of(form.get("kabupaten", ""), form.get("kecamatan", ""), form.get("desa", ""))
        self.photo_ids = [p for p in form.getlist("photo_ids") if p][:5]

    @property
    def latitude(self) -> float | None:
        return _number(self.values["latitude"])

    @property
    def longitude(self) -> float | None:
        return _number(self.values["longitude"])

    def body(self) -> dict:
        body = {
            "category": self.values["category"],
            "title": self.values["title"],
            "description": self.values["description"],
            "region_code": self.choice.code,
            "privacy": self.values["privacy"],
            "channel": "web",
        }
        if self.latitude is not None and self.longitude is not None:
            body["latitude"], body["longitude"] = self.latitude, self.longitude
        if self.anonymous:
            body["contact_phone"] = self.values["contact_phone"]
            body["contact_email"] = self.values["contact_email"]
        else:
            body["photo_ids"] = self.photo_ids
        return body


def _render_form(filing: Filing, *, errors=None, general="", similar=None, key="", status=200):
    return render_template(
        "pengaduan.html",
        filing=filing,
        values=filing.values,
        choice=filing.choice,
        options=filing.choice.options(),
        categories=CATEGORIES,
        privacies=PRIVACIES,
        errors=errors or {},
        general=general,
        similar=similar,
        idempotency_key=key or str(uuid.uuid4()),
        support_key=str(uuid.uuid4()),
    ), status


@blueprint.route("/pengaduan", methods=["GET", "POST"])
def file_complaint():
    anonymous = not signin.resident_signed_in()
    if request.method == "GET":
        filing = Filing(request.args, anonymous)
        return _render_form(filing)
    filing = Filing(request.form, anonymous)
    key = idempotency_key()
    if request.form.get("action") == "region":
        # Without JavaScript the picker is a form of its own steps: the page comes back with the next list.
        return _render_form(filing, key=key)
    try:
        if not anonymous:
            photo = uploads.read_photo(request.files.get("photo"))
            if photo is not None:
                data, content_type = photo
                # The region the complaint is filed in: the instance owning it keeps the photo for the filing.
                region = uploads.upload_region(filing.choice.code)
                # One key per photo of this form and region: a resent form uploads it once, another is new.
                photo_key = f"{key}:photo:{region or '75'}:{hashlib.sha256(data).hexdigest()[:16]}"
                uploaded = signin.call(
                    lambda token: _gateway().upload(
                        "/v1/complaints/photos",
                        data,
                        content_type,
                        token=token,
                        lang=g.lang,
                        idempotency_key=photo_key,
                        params={"region_code": region} if region else None,
                    )
                )
                if uploaded.get("id") and uploaded["id"] not in filing.photo_ids:
                    filing.photo_ids.append(uploaded["id"])
        if request.form.get("confirm_new") != "1":
            similar = _nearby(filing)
            if similar:
                return _render_form(filing, similar=similar, key=key)
        if anonymous:
            filed = _gateway().request(
                "POST", "/v1/complaints/anonymous", json=filing.body(), lang=g.lang, idempotency_key=key
            )
        else:
            filed = signin.call(
                lambda token: _gateway().request(
                    "POST", "/v1/complaints", json=filing.body(), token=token, lang=g.lang, idempotency_key=key
                )
            )
    except signin.NotSignedIn:
        return redirect(url_for("auth.login"), code=303)
    except GatewayError as error:
        fields = ANONYMOUS_FIELDS if anonymous else FILE_FIELDS
        errors, general = form_errors(error, (*fields, "image", "photo_ids"), g.lang)
        for platform_name in ("image", "photo_ids"):
            if platform_name in errors:
                errors["photo"] = errors.pop(platform_name)
        if "region_code" in errors:
            errors["kabupaten"] = errors.pop("region_code")
        if error.status == 403 and not error.field_errors:
            general = text("complaints_need_level", g.lang)
        return _render_form(filing, errors=errors, general=general, key=key, status=answer_status(error))
    code = filed.get("tracking_code", "")
    if filed.get("reporter_key"):
        keys = dict(session.get(REPORTER_KEYS) or {})
        keys[code] = filed["reporter_key"]
        session[REPORTER_KEYS] = keys
    # `baru`: the page right after filing says so (and shows this session its reporter key). A flag in
    # the session would not do: the offline-draft script fetches the answer, then opens it again.
    return redirect(url_for("complaints.track", code=code, baru=1), code=303)


def _nearby(filing: Filing) -> list[dict]:
    if filing.latitude is None or filing.longitude is None or not filing.values["category"]:
        return []
    params = {"lat": filing.latitude, "lon": filing.longitude, "category": filing.values["category"]}
    try:
        found = _gateway().request("GET", "/v1/complaints/nearby", params=params, lang=g.lang)
    except GatewayError:
        return []  # a look-up that failed must not stop a filing; the agency merges duplicates
    return [item for item in found.get("complaints") or [] if item.get("complaint", {}).get("tracking_code")]


@blueprint.get("/pengaduan/wilayah")
def region_children():
    """The picker's next list for the enhancing script: [{code, name}] inside ?induk= (public data)."""
    parent = request.args.get("induk", "")
    response = jsonify([{"code": r.code, "name": r.name} for r in children(parent)])
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@blueprint.get("/pengaduan/saya")
@signin.login_required
def my_complaints():
    try:
        answer = signin.call(
            lambda token: _gateway().request(
                "GET", "/v1/complaints", token=token, lang=g.lang, params={"page_size": 50}
            )
        )
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return render_template("pengaduan_saya.html", complaints=[], general=text("error_unavailable", g.lang)), 503
    return render_template("pengaduan_saya.html", complaints=answer.get("complaints") or [], general="")


@blueprint.post("/pengaduan/<code>/dukung")
@signin.login_required
def support(code: str):
    code = normalise_code(code)
    key = idempotency_key()
    try:
        signin.call(
            lambda token: _gateway().request(
                "POST", f"/v1/complaints/{code}:support", json={}, token=token, lang=g.lang, idempotency_key=key
            )
        )
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        _, general = form_errors(error, (), g.lang)
        session["complaint_notice"] = general
    else:
        session["complaint_notice"] = text("complaints_supported", g.lang)
    return redirect(url_for("complaints.track", code=code), code=303)


@blueprint.get("/lacak")
def track_form():
    code = request.args.get("kode", "").strip()
    if code:
        return redirect(url_for("complaints.track", code=normalise_code(code)), code=303)
    return render_template("lacak.html", code="", general="")


@blueprint.get("/lacak/<code>")
def track(code: str):
    normalised = normalise_code(code)
    if normalised != code:
        return redirect(url_for("complaints.track", code=normalised, **request.args), code=303)
    try:
        complaint = _as_reporter("GET", f"/v1/complaints/{code}", code=code)
        updates = _as_reporter("GET", f"/v1/complaints/{code}/updates", code=code).get("updates") or []
    except GatewayError as error:
        if error.status == 404:
            general, status = text("complaints_not_found", g.lang), 404
        elif error.status == 400:
            general, status = text("complaints_code_invalid", g.lang), 400
        else:
            _, general = form_errors(error, (), g.lang)
            status = answer_status(error)
        return render_template("lacak.html", code=code, general=general), status
    owner = bool(complaint.get("id"))
    reporter_key = (session.get(REPORTER_KEYS) or {}).get(code, "")
    filed_now = request.args.get("baru") == "1" and (owner or bool(reporter_key))
    return render_template(
        "lacak_detail.html",
        c=complaint,
        code=code,
        updates=updates,
        owner=owner,
        open=complaint.get("status") in OPEN_STATUSES,
        question_pending=_question_pending(updates),
        region_name=_region_path(complaint.get("region_code", "")),
        reporter_key=reporter_key if filed_now else "",
        filed_now=filed_now,
        notice=session.pop("complaint_notice", ""),
        signed_in_now=signin.signed_in(),
        action_key=str(uuid.uuid4()),
    )


def _question_pending(updates: list[dict]) -> bool:
    """The agency's last question has no answer after it yet (updates come oldest first)."""
    pending = False
    for update in updates:
        if update.get("kind") == "question":
            pending = True
        elif update.get("kind") == "answer":
            pending = False
    return pending


def _region_path(code: str) -> str:
    """'Biawao, Kota Selatan, Kota Gorontalo': the village up to its regency, from servicekit's list."""
    choice = Choice.from_code(code)
    names = [name_of(part) for part in (choice.village, choice.district, choice.regency) if part]
    return ", ".join(name for name in names if name)


def _owner_action(code: str, verb: str, body: dict, *, idempotency_key: str | None = None):
    code = normalise_code(code)
    try:
        _as_reporter("POST", f"/v1/complaints/{code}{verb}", json=body, idempotency_key=idempotency_key, code=code)
    except GatewayError as error:
        _, general = form_errors(error, (), g.lang)
        session["complaint_notice"] = general
    else:
        session["complaint_notice"] = text(f"complaints_done_{verb.strip(':/')}", g.lang)
    return redirect(url_for("complaints.track", code=code), code=303)


@blueprint.post("/lacak/<code>/jawab")
def answer(code: str):
    note = request.form.get("note", "").strip()
    return _owner_action(code, ":answer", {"note": note}, idempotency_key=idempotency_key())


@blueprint.post("/lacak/<code>/nilai")
def rate(code: str):
    try:
        rating = int(request.form.get("rating", "0"))
    except ValueError:
        rating = 0
    return _owner_action(code, ":rate", {"rating": rating, "comment": request.form.get("comment", "").strip()})


@blueprint.post("/lacak/<code>/buka")
def reopen(code: str):
    return _owner_action(code, ":reopen", {"reason": request.form.get("reason", "").strip()})


@blueprint.get("/lacak/<code>/foto/<photo_id>")
def photo(code: str, photo_id: str):
    """The stored, EXIF-free copy, for whoever may see the complaint (the same rules as the page)."""
    code = normalise_code(code)
    if not photo_id.replace("-", "").isalnum():
        abort(404)
    path = f"/v1/complaints/{code}/photos/{photo_id}"
    reporter_key = (session.get(REPORTER_KEYS) or {}).get(code)
    try:
        if signin.resident_signed_in():
            answer_ = signin.call(lambda token: _gateway().fetch(path, token=token, lang=g.lang))
        elif reporter_key:
            answer_ = _gateway().fetch(path, lang=g.lang, headers={"X-Reporter-Key": reporter_key})
        else:
            answer_ = _gateway().fetch(path, lang=g.lang)
    except (GatewayError, signin.NotSignedIn):
        abort(404)
    content_type = answer_.headers.get("Content-Type", "")
    if content_type not in ("image/jpeg", "image/png"):
        abort(404)
    return Response(answer_.content, mimetype=content_type, headers={"Cache-Control": "private, no-store"})
