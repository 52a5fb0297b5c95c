"""/petugas/siaga: the BPBD officer's pages (issue 16).

- `/petugas/siaga`: incidents and residents' reports of the officer's jurisdiction on a plain server-drawn
  map (maps.py's projection and district seats) and as lists, with the alerts in force there.
- `/petugas/siaga/kejadian/<id>`: one incident: verify (with severity), change status or severity, dismiss,
  situation notes (POST /v1/disaster/incidents/{id}:verify|:update|:dismiss, /{id}/notes).
- `/petugas/siaga/peringatan/baru` and `/peringatan/<id>/perbarui`: the CAP alert composer. "Pratinjau"
  asks POST /v1/disaster/alerts:preview for the CAP 1.2 document and its validation (the platform's rules
  and the OASIS XSD) and shows both; "Terbitkan" issues only the very content whose preview was valid
  (its fingerprint is kept in the session) and only with the confirmation ticked.
- `/petugas/siaga/peringatan/<id>`: one alert with its CAP document; cancel it (ticked confirmation).

Everything is a form that works without JavaScript (POST, then 303 to a page); what cannot be undone
(dismiss, close, issue, cancel) asks for a ticked confirmation checked on the server. The API's
problem+json errors are shown next to the inputs they name.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from servicekit import regions

from .. import maps, signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..texts import text
from . import disaster_forms as forms
from . import session as staff_session

blueprint = Blueprint("staff_disaster", __name__, url_prefix="/petugas/siaga")

PREVIEW_KEY = "staff_disaster_preview"  # the fingerprint of the last valid preview
REPORTS_SHOWN = 30
INCIDENT_FORMS = {
    "verify": ("severity", "note"),
    "update": ("status", "severity", "note"),
    "dismiss": ("note",),
    "note": ("text",),
}


def _gateway():
    return signin.gateway()


def _api(method: str, path: str, **kwargs):
    return signin.call(lambda token: _gateway().request(method, path, token=token, lang=g.lang, **kwargs))


def _who() -> dict:
    return staff_session.staff() or {}


def _bpbd_only():
    """The officer's staff session, or a 403 page for staff who are not BPBD."""
    who = _who()
    if not forms.is_bpbd(who):
        return None, (render_template("staff/forbidden.html"), 403)
    return who, None


def _key() -> str:
    """The form's Idempotency-Key (a fresh one for a form first shown)."""
    key = (request.form.get("idempotency_key") or "").strip()
    return key if 0 < len(key) <= 255 else str(uuid.uuid4())


def _unavailable(error: GatewayError) -> bool:
    return error.unavailable or error.status >= 500


# -- the overview ------------------------------------------------------------------------------------


def _incidents(codes: list[str], status: str, hazard: str) -> list[dict]:
    found: dict[str, dict] = {}
    for code in codes:
        params = {"region": code, "page_size": 100}
        if status:
            params["status"] = status
        if hazard:
            params["hazard"] = hazard
        for incident in _api("GET", "/v1/disaster/incidents", params=params).get("incidents") or []:
            found.setdefault(incident["id"], incident)
    return sorted(found.values(), key=lambda i: i.get("last_reported_at") or "", reverse=True)


def _reports(codes: list[str], hazard: str) -> list[dict]:
    params = {"page_size": 100} | ({"hazard": hazard} if hazard else {})
    reports = _api("GET", "/v1/disaster/reports", params=params).get("reports") or []
    return [r for r in reports if forms.covers(codes, r.get("region_code") or "")][:REPORTS_SHOWN]


def _alerts(codes: list[str]) -> list[dict]:
    found: dict[str, dict] = {}
    for alert in _api("GET", "/v1/disaster/alerts", params={"page_size": 100}).get("alerts") or []:
        if forms.touches(codes, alert.get("region_codes") or []):
            found.setdefault(alert["id"], alert)
    return list(found.values())


MAP_PADDING = 50  # drawing units around what the officer's view must show
MAP_MIN_WIDTH = 360  # not much closer than the whole province: seat labels stay in proportion
MAP_MIN_ASPECT = 0.6  # height to width of the window at least (the province itself is a wide strip)


def _view(drawn: dict, codes: list[str]) -> str:
    """The SVG viewBox: the whole province for a provincial officer, else the part holding the officer's
    regency seats and every point (the same projection, only a closer window on it)."""
    width, height = drawn["width"], drawn["height"]
    if regions.GORONTALO in codes:
        return f"0 0 {width} {height}"
    xs = [p.x for p in drawn["points"]]
    ys = [p.y for p in drawn["points"]]
    for seat in drawn["seats"]:
        if forms.touches(codes, [seat["seat"].regency_code]):
            xs.append(seat["x"])
            ys.append(seat["y"])
    if not xs:
        return f"0 0 {width} {height}"
    view_w = max(MAP_MIN_WIDTH, max(xs) - min(xs) + 2 * MAP_PADDING)
    view_h = max(view_w * MAP_MIN_ASPECT, max(ys) - min(ys) + 2 * MAP_PADDING)
    view_w, view_h = min(view_w, width), min(view_h, height)
    x0 = min(max((min(xs) + max(xs)) / 2 - view_w / 2, 0), width - view_w)
    y0 = min(max((min(ys) + max(ys)) / 2 - view_h / 2, 0), height - view_h)
    return f"{x0:.1f} {y0:.1f} {view_w:.1f} {view_h:.1f}"


def _map(incidents: list[dict], reports: list[dict]) -> dict:
    """maps.plain_map() of the incidents and reports (maps.points_of reads GeoJSON points)."""

    def feature(kind, item, lat, lon):
        return {
            "type": "Feature",
            "id": item.get("code") or item["id"][:8],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"title": text(f"disaster_hazard_{item.get('hazard')}", g.lang), "status": kind},
        }

    features = [
        feature("incident", i, (i.get("area") or {}).get("latitude", 0), (i.get("area") or {}).get("longitude", 0))
        for i in incidents
    ]
    features += [feature("report", r, r.get("latitude", 0), r.get("longitude", 0)) for r in reports]
    drawn = maps.plain_map(maps.points_of({"type": "FeatureCollection", "features": features}))
    # Diamonds for reports: the four corners around the projected point, in the same drawing units.
    drawn["shapes"] = [
        {
            "point": p,
            "diamond": f"{p.x},{p.y - 8} {p.x + 8},{p.y} {p.x},{p.y + 8} {p.x - 8},{p.y}",
        }
        for p in drawn["points"]
    ]
    return drawn


@blueprint.get("")
@blueprint.get("/")
@staff_session.staff_required("officer")
def index():
    who, refused = _bpbd_only()
    if refused:
        return refused
    codes = forms.jurisdiction(who)
    status = request.args.get("status", "") if request.args.get("status", "") in forms.INCIDENT_STATUSES else ""
    hazard = request.args.get("hazard", "") if request.args.get("hazard", "") in forms.HAZARDS else ""
    general, http_status = "", 200
    incidents, reports, alerts = [], [], []
    try:
        incidents = _incidents(codes, status, hazard)
        reports = _reports(codes, hazard)
        alerts = _alerts(codes)
    except GatewayError as error:
        general, http_status = text("staff_disaster_unavailable", g.lang), answer_status(error)
    drawn = _map(incidents, reports)
    return (
        render_template(
            "staff/siaga.html",
            who=who,
            codes=codes,
            incidents=incidents,
            reports=reports,
            alerts=alerts,
            drawn=drawn,
            view=_view(drawn, codes),
            filters={"status": status, "hazard": hazard},
            forms=forms,
            general=general,
        ),
        http_status,
    )


# -- one incident ------------------------------------------------------------------------------------


def _incident_page(incident_id: str, *, form: str = "", errors=None, general: str = "", values=None, status=200):
    try:
        incident = _api("GET", f"/v1/disaster/incidents/{incident_id}")
        reports = (
            _api("GET", "/v1/disaster/reports", params={"incident_id": incident_id, "page_size": 100}).get("reports")
            or []
        )
    except GatewayError as error:
        if error.status == 404:
            abort(404)
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    return (
        render_template(
            "staff/siaga_incident.html",
            who=_who(),
            incident=incident,
            reports=reports,
            form=form,
            errors=errors or {},
            general=general,
            values=values or {},
            done=request.args.get("selesai", ""),
            key=str(uuid.uuid4()),
            forms=forms,
        ),
        status,
    )


@blueprint.get("/kejadian/<incident_id>")
@staff_session.staff_required("officer")
def incident(incident_id: str):
    _who_, refused = _bpbd_only()
    if refused:
        return refused
    return _incident_page(incident_id)


@blueprint.post("/kejadian/<incident_id>/<action>")
@staff_session.staff_required("officer")
def incident_action(incident_id: str, action: str):
    _who_, refused = _bpbd_only()
    if refused:
        return refused
    if action not in INCIDENT_FORMS:
        abort(404)
    fields = INCIDENT_FORMS[action]
    values = {f"{action}_{name}": request.form.get(f"{action}_{name}", "").strip() for name in fields}
    body = {name: values[f"{action}_{name}"] for name in fields}
    irreversible = action == "dismiss" or (action == "update" and body.get("status") == "closed")
    if irreversible and request.form.get(f"{action}_confirm") != "yes":
        errors = {f"{action}_confirm": text("staff_disaster_confirm_needed", g.lang)}
        return _incident_page(incident_id, form=action, errors=errors, values=values, status=400)
    paths = {
        "verify": f"/v1/disaster/incidents/{incident_id}:verify",
        "update": f"/v1/disaster/incidents/{incident_id}:update",
        "dismiss": f"/v1/disaster/incidents/{incident_id}:dismiss",
        "note": f"/v1/disaster/incidents/{incident_id}/notes",
    }
    try:
        _api("POST", paths[action], json=body, idempotency_key=_key() if action == "note" else None)
    except GatewayError as error:
        if error.status == 404:
            abort(404)
        by_field, general = form_errors(error, fields, g.lang)
        errors = {f"{action}_{name}": message for name, message in by_field.items()}
        return _incident_page(
            incident_id, form=action, errors=errors, general=general, values=values, status=answer_status(error)
        )
    done = {"verify": "verified", "update": "updated", "dismiss": "dismissed", "note": "note"}[action]
    return redirect(url_for(".incident", incident_id=incident_id, selesai=done), code=303)


# -- the alert composer ------------------------------------------------------------------------------


def _composer(
    *,
    values: dict,
    incident_id: str = "",
    previous: dict | None = None,
    key: str,
    preview: dict | None = None,
    errors=None,
    problems=None,
    general: str = "",
    status: int = 200,
):
    return (
        render_template(
            "staff/siaga_compose.html",
            who=_who(),
            values=values,
            incident_id=incident_id,
            previous=previous,
            key=key,
            preview=preview,
            errors=errors or {},
            problems=problems or [],
            general=general,
            forms=forms,
        ),
        status,
    )


def _preview(body: dict, update_of: str) -> dict:
    return _api("POST", "/v1/disaster/alerts:preview", json={"alert": body, "update_of": update_of})


def _compose(previous: dict | None):
    """GET shows the form; POST previews, or issues what was previewed valid and confirmed."""
    update_of = previous["id"] if previous else ""
    incident_id = (request.values.get("incident_id") or "").strip() if not previous else ""
    if request.method == "GET":
        values = forms.values_of_alert(previous) if previous else {"status": "Actual"}
        if incident_id:
            try:  # the incident's hazard is the alert's unless the officer says otherwise
                values["hazard"] = _api("GET", f"/v1/disaster/incidents/{incident_id}").get("hazard", "")
            except GatewayError as error:
                if error.status != 404:
                    raise
                incident_id = ""
        return _composer(values=values, incident_id=incident_id, previous=previous, key=str(uuid.uuid4()))

    key = _key()
    values = {name: request.form.get(name, "") for name in forms.ALERT_FIELDS}
    body, local = forms.alert_body(values, incident_id)
    local_errors = {name: text(key_, g.lang) for name, key_ in local.items()}
    page = {"values": values, "incident_id": incident_id, "previous": previous, "key": key}
    if local_errors:
        session.pop(PREVIEW_KEY, None)
        return _composer(**page, errors=local_errors, status=400)
    wanted = request.form.get("action", "preview")
    fingerprint = forms.fingerprint(body, update_of)
    general, confirm_missing = "", False
    if wanted == "issue":
        if session.get(PREVIEW_KEY) != fingerprint:
            general = text("staff_disaster_preview_first", g.lang)
        elif request.form.get("issue_confirm") != "yes":
            confirm_missing = True
        else:
            return _issue(body, previous, key, page)
    try:
        preview = _preview(body, update_of)
    except GatewayError as error:
        _by_field, general_error = form_errors(error, (), g.lang)
        return _composer(**page, general=general_error, status=answer_status(error))
    errors, problems = forms.place_problems(preview.get("problems") or [])
    if preview.get("valid"):
        session[PREVIEW_KEY] = fingerprint
    else:
        session.pop(PREVIEW_KEY, None)
    if confirm_missing:
        errors["issue_confirm"] = text("staff_disaster_confirm_needed", g.lang)
    refused = not preview.get("valid") or bool(general) or confirm_missing
    return _composer(
        **page, preview=preview, errors=errors, problems=problems, general=general, status=400 if refused else 200
    )


def _issue(body: dict, previous: dict | None, key: str, page: dict):
    try:
        if previous:
            alert = _api(
                "POST", f"/v1/disaster/alerts/{previous['id']}:update", json={"alert": body}, idempotency_key=key
            )
        else:
            alert = _api("POST", "/v1/disaster/alerts", json=body, idempotency_key=key)
    except GatewayError as error:
        # Refused (the time moved on, the alert changed meanwhile...): preview again with a new key,
        # since the same key with another body would be refused as a reuse.
        session.pop(PREVIEW_KEY, None)
        _by_field, general = form_errors(error, (), g.lang)
        errors, problems = forms.place_problems([{"field": f, "detail": m} for f, m in error.field_errors.items()])
        if problems and all(p["input"] for p in problems):
            general = ""
        page = page | {"key": str(uuid.uuid4())}
        return _composer(**page, errors=errors, problems=problems, general=general, status=answer_status(error))
    session.pop(PREVIEW_KEY, None)
    done = "updated" if previous else "issued"
    return redirect(url_for(".alert", alert_id=alert["id"], selesai=done), code=303)


@blueprint.route("/peringatan/baru", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def compose():
    _who_, refused = _bpbd_only()
    if refused:
        return refused
    return _compose(None)


def _load_alert(alert_id: str) -> dict:
    try:
        return _api("GET", f"/v1/disaster/alerts/{alert_id}")
    except GatewayError as error:
        if error.status in (400, 404):
            abort(404)
        raise


@blueprint.route("/peringatan/<alert_id>/perbarui", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def update_alert(alert_id: str):
    _who_, refused = _bpbd_only()
    if refused:
        return refused
    try:
        previous = _load_alert(alert_id)
    except GatewayError as error:
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    if previous.get("source") != "bpbd" or not previous.get("active"):
        return redirect(url_for(".alert", alert_id=alert_id), code=303)
    return _compose(previous)


# -- one alert ---------------------------------------------------------------------------------------


def _alert_page(alert_id: str, *, errors=None, general: str = "", values=None, status: int = 200):
    try:
        alert = _load_alert(alert_id)
        document = signin.call(
            lambda token: _gateway().fetch(f"/v1/disaster/alerts/{alert_id}.cap.xml", token=token, lang=g.lang)
        )
    except GatewayError as error:
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    cap_xml = document.text if document.status_code == 200 else ""
    return (
        render_template(
            "staff/siaga_alert.html",
            who=_who(),
            alert=alert,
            cap_xml=cap_xml,
            errors=errors or {},
            general=general,
            values=values or {},
            done=request.args.get("selesai", ""),
            key=str(uuid.uuid4()),
            forms=forms,
        ),
        status,
    )


@blueprint.get("/peringatan/<alert_id>")
@staff_session.staff_required("officer")
def alert(alert_id: str):
    _who_, refused = _bpbd_only()
    if refused:
        return refused
    return _alert_page(alert_id)


@blueprint.post("/peringatan/<alert_id>/batalkan")
@staff_session.staff_required("officer")
def cancel_alert(alert_id: str):
    _who_, refused = _bpbd_only()
    if refused:
        return refused
    values = {name: request.form.get(name, "").strip() for name in ("reason_id", "reason_en")}
    if request.form.get("cancel_confirm") != "yes":
        errors = {"cancel_confirm": text("staff_disaster_confirm_needed", g.lang)}
        return _alert_page(alert_id, errors=errors, values=values, status=400)
    try:
        cancelled = _api(
            "POST",
            f"/v1/disaster/alerts/{alert_id}:cancel",
            json={"reason": {"id": values["reason_id"], "en": values["reason_en"]}},
            idempotency_key=_key(),
        )
    except GatewayError as error:
        if error.status == 404:
            abort(404)
        by_field, general = form_errors(error, ("reason.id", "reason.en"), g.lang)
        errors = {name.replace(".", "_"): message for name, message in by_field.items()}
        return _alert_page(alert_id, errors=errors, general=general, values=values, status=answer_status(error))
    return redirect(url_for(".alert", alert_id=cancelled["id"], selesai="cancelled"), code=303)


def entry_links(who: dict) -> list[tuple[str, str]]:
    """BPBD officers' incidents, reports and alerts."""
    is_bpbd = who.get("role") == "officer" and "bpbd" in (who.get("agency") or "").lower()
    return [("staff_disaster.index", "staff_disaster_link")] if is_bpbd else []
