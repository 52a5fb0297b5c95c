"""/siaga: disaster reports with or without an account, live alerts, incidents near me.

- `GET /siaga?wilayah=75.03`: the active alerts of a region (GET /v1/disaster/alerts), the report form, the
  SMS format for when mobile data fails. The page opens the live stream (static/siaga.js) and redraws the
  list from `GET /siaga/peringatan` when an alert event arrives.
- `POST /siaga`: a report (POST /v1/disaster/reports, the photo first by POST /v1/disaster/photos), with the
  form's Idempotency-Key, so a form sent again (a lost answer, an offline draft sent later) files once.
  A signed-in resident reports under the account; an account below acr 1 is refused by the platform
  (403) and the report goes again without the token, as the platform asks.
- `GET /siaga/laporan/<id>`: the report's code and state (public, no personal data).
- `GET /siaga/sekitar`: incidents near a point (geolocation) or a kecamatan's seat.
- `GET /v1/disaster/alerts/stream`: the stream on the app's own origin, for a browser that cannot reach the
  stream server directly (see stream_proxy()).
"""

from __future__ import annotations

import re
import threading
import time
import uuid

import requests
from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request, url_for

from servicekit import regions

from .. import signin
from ..gateway import GatewayError
from ..regions_picker import district_groups, place_name, regency_choices
from ..texts import text
from .forms import answer_status, form_errors

blueprint = Blueprint("disaster", __name__)

# svc-disaster's hazards (proto/gorontalo/disaster/v1/disaster.proto, SubmitReportRequest.hazard).
HAZARDS = (
    "banjir",
    "banjir_bandang",
    "tanah_longsor",
    "gempa_bumi",
    "tsunami",
    "kebakaran_hutan_lahan",
    "kebakaran_permukiman",
    "angin_puting_beliung",
    "gelombang_pasang_abrasi",
    "kekeringan",
    "erupsi",
)
CASUALTIES = ("dead", "missing", "injured", "displaced", "houses_damaged")
REPORT_FIELDS = ("hazard", "latitude", "longitude", "district", "description", "phone", "photo", *CASUALTIES)
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
NEARBY_RADIUS_KM = 25
PROVINCE = regions.GORONTALO
STREAM_PATH = "/v1/disaster/alerts/stream"
REPORT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


# --- helpers the templates use ------------------------------------------------------------------


blueprint.add_app_template_filter(place_name, "siaga_region")


def chosen_region(raw: str | None) -> str:
    """A Gorontalo region code from ?wilayah=, else the whole province."""
    code = regions.normalise(raw or "")
    if code and (code == PROVINCE or regions.in_gorontalo(code)):
        return code
    return PROVINCE


def stream_urls(region: str) -> tuple[str, str]:
    """(the URL the browser opens first, the app's own-origin path to fall back on)."""
    own = f"{STREAM_PATH}?region={region}"
    streams = current_app.extensions["gorontalo_settings"].streams_url
    return ((streams + own) if streams else own), own


def active_alerts(region: str) -> list[dict] | None:
    params = {} if region == PROVINCE else {"region": region}
    try:
        answer = signin.gateway().request("GET", "/v1/disaster/alerts", lang=g.lang, params=params)
    except GatewayError:
        return None
    return list(answer.get("alerts") or [])


def render_page(*, values=None, errors=None, general="", idempotency_key=None, status=200):
    region = chosen_region(request.args.get("wilayah"))
    first, fallback = stream_urls(region)
    return render_template(
        "siaga.html",
        region=region,
        regencies=regency_choices(),
        districts=district_groups(),
        hazards=HAZARDS,
        casualties=CASUALTIES,
        alerts=active_alerts(region),
        stream_url=first,
        stream_fallback_url=fallback,
        values=values or {},
        errors=errors or {},
        general=general,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
    ), status


# --- pages --------------------------------------------------------------------------------------


@blueprint.get("/siaga")
def index():
    return render_page()


@blueprint.get("/siaga/peringatan")
def alerts_fragment():
    """The alert list alone (HTML), redrawn by the page when the stream says something changed."""
    region = chosen_region(request.args.get("wilayah"))
    alerts = active_alerts(region)
    return render_template("siaga_alerts.html", alerts=alerts), (200 if alerts is not None else 503)


@blueprint.post("/siaga")
def submit():
    values = {name: request.form.get(name, "").strip() for name in REPORT_FIELDS if name != "photo"}
    # One key per filled-in form: the same form sent again (lost answer, offline draft) files nothing twice.
    idempotency_key = request.form.get("idempotency_key", "").strip()[:200] or str(uuid.uuid4())
    errors: dict[str, str] = {}
    body = report_body(values, errors)
    photo = request.files.get("photo")
    photo_bytes = photo.read(MAX_PHOTO_BYTES + 1) if photo and photo.filename else b""
    if len(photo_bytes) > MAX_PHOTO_BYTES:
        errors["photo"] = text("disaster_photo_too_large", g.lang)
    if errors:
        return render_page(values=values, errors=errors, idempotency_key=idempotency_key, status=400)

    def send(token):
        if photo_bytes:
            content_type = photo.mimetype if photo.mimetype in PHOTO_TYPES else "application/octet-stream"
            uploaded = signin.gateway().upload(
                "/v1/disaster/photos",
                photo_bytes,
                content_type,
                lang=g.lang,
                token=token,
                idempotency_key=f"{idempotency_key}.photo",
            )
            body["photo_ids"] = [uploaded["id"]]
        return signin.gateway().request(
            "POST", "/v1/disaster/reports", json=body, lang=g.lang, token=token, idempotency_key=idempotency_key
        )

    try:
        report = as_reporter(send)
    except GatewayError as error:
        error.field_errors = {platform_field(k): v for k, v in error.field_errors.items()}
        errors, general = form_errors(error, REPORT_FIELDS, g.lang)
        return render_page(
            values=values, errors=errors, general=general, idempotency_key=idempotency_key, status=answer_status(error)
        )
    return redirect(url_for("disaster.report", report_id=report["id"]), code=303)


def report_body(values: dict[str, str], errors: dict[str, str]) -> dict:
    body: dict = {"hazard": values["hazard"], "description": values["description"]}
    if values["latitude"] or values["longitude"]:
        try:
            body["latitude"], body["longitude"] = float(values["latitude"]), float(values["longitude"])
        except ValueError:
            errors["latitude"] = text("disaster_location_invalid", g.lang)
    elif values["district"] and (seat := regions.centroid_of(values["district"])):
        body["latitude"], body["longitude"] = seat
    else:
        errors["district"] = text("disaster_location_missing", g.lang)
    counts = {}
    for name in CASUALTIES:
        if values[name]:
            if not values[name].isdigit():
                errors[name] = text("disaster_count_invalid", g.lang)
            else:
                counts[name] = int(values[name])
    if counts:
        body["casualties"] = counts
    if values["phone"]:
        body["phone"] = values["phone"]
    return body


def platform_field(field: str) -> str:
    """The platform's field names as the form's inputs are named."""
    if field.startswith("casualties."):
        return field.split(".", 1)[1]
    if field in ("photo_ids", "file") or field.startswith("photo_ids"):
        return "photo"
    return field


def as_reporter(send):
    """send(token) as the signed-in resident, or anonymously: without a session, or when the platform
    refuses the account's level for reports (403), it is sent again without the token."""
    if signin.signed_in():
        try:
            return signin.call(send)
        except signin.NotSignedIn:
            pass
        except GatewayError as error:
            if error.status != 403:
                raise
    return send(None)


@blueprint.get("/siaga/laporan/<report_id>")
def report(report_id: str):
    if not REPORT_ID.fullmatch(report_id):
        abort(404)  # only an id goes into the gateway's path
    try:
        found = signin.gateway().request("GET", f"/v1/disaster/reports/{report_id}", lang=g.lang)
    except GatewayError as error:
        if error.status in (400, 404):
            abort(404)
        return render_template("error.html", message_key="error_unavailable"), 503
    return render_template("siaga_report.html", report=found, region=place_name(found.get("region_code", "")))


@blueprint.get("/siaga/sekitar")
def nearby():
    place, point = "", None
    lat, lon = request.args.get("lat", "").strip(), request.args.get("lon", "").strip()
    district = request.args.get("kecamatan", "").strip()
    if lat and lon:
        try:
            point = (float(lat), float(lon))
        except ValueError:
            point = None
    elif district and (seat := regions.centroid_of(district)):
        point, place = seat, place_name(district)
    incidents, general, status = None, "", 200
    if point is None:
        general, status = text("disaster_location_missing", g.lang), 400
    else:
        try:
            answer = signin.gateway().request(
                "GET",
                "/v1/disaster/incidents/nearby",
                lang=g.lang,
                params={"lat": point[0], "lon": point[1], "radius_km": NEARBY_RADIUS_KM},
            )
            incidents = list(answer.get("incidents") or [])
        except GatewayError as error:
            _, general = form_errors(error, (), g.lang)
            status = answer_status(error)
    return render_template(
        "siaga_nearby.html",
        incidents=incidents,
        place=place or (f"{point[0]:.4f}, {point[1]:.4f}" if point else ""),
        general=general,
        districts=district_groups(),
        district=district,
    ), status


# --- the live stream on the app's own origin ---------------------------------------------------------

# Each proxied stream holds one of the worker's threads (gunicorn gthread, 8 a worker): at most this many
# at once per process, and each for a bounded time (the browser's EventSource reconnects by itself and
# resumes with Last-Event-ID). In production nginx sends this path straight to the stream server.
PROXY_STREAMS_PER_PROCESS = 3
PROXY_STREAM_SECONDS = 240
_proxy_slots = threading.BoundedSemaphore(PROXY_STREAMS_PER_PROCESS)


@blueprint.get(STREAM_PATH)
def stream_proxy():
    """The gateway's alert stream passed through byte for byte, for browsers that cannot open the stream
    server's origin themselves (no nginx in front, or a stream server without CORS for this app)."""
    if not _proxy_slots.acquire(blocking=False):
        response = Response("", status=503, mimetype="text/plain")
        response.headers["Retry-After"] = "30"
        return response
    try:
        headers = {"Accept": "text/event-stream", "Accept-Language": g.lang}
        if request.headers.get("Last-Event-ID"):
            headers["Last-Event-ID"] = request.headers["Last-Event-ID"][:32]
        gateway_url = signin.gateway().base_url
        # The gateway answers 307 to its stream server; requests follows it (a GET stays a GET).
        upstream = requests.get(
            gateway_url + STREAM_PATH,
            params=list(request.args.items(multi=True)),
            headers=headers,
            stream=True,
            timeout=(5, 45),  # the stream server sends a comment every 15 s
        )
    except requests.RequestException:
        _proxy_slots.release()
        response = Response("", status=503, mimetype="text/plain")
        response.headers["Retry-After"] = "30"
        return response
    if upstream.status_code != 200:
        body = upstream.content
        upstream.close()
        _proxy_slots.release()
        return Response(body, status=upstream.status_code, mimetype=upstream.headers.get("Content-Type"))

    response = Response(_Relay(upstream), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response


class _Relay:
    """The upstream stream's bytes as they come, for a bounded time; close() (called by the WSGI server,
    whether or not iteration began) frees the upstream connection and the slot exactly once."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.closed = False

    def __iter__(self):
        ends_at = time.monotonic() + PROXY_STREAM_SECONDS
        try:
            for chunk in self.upstream.iter_content(chunk_size=None):
                yield chunk
                if time.monotonic() > ends_at:
                    return
        except requests.RequestException:
            return

    def close(self):
        if not self.closed:
            self.closed = True
            self.upstream.close()
            _proxy_slots.release()
