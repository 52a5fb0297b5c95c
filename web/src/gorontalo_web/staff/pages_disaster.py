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

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from servicekit import regions

from .. import maps
from ..blueprints.forms import answer_status, form_errors, idempotency_key
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import disaster_forms as forms
from . import session as staff_session
from .disaster_common import bpbd_only, staff_member

blueprint = Blueprint("staff_disaster", __name__, url_prefix="/petugas/siaga")

REPORTS_SHOWN = 30
INCIDENT_FORMS = {
    "verify": ("severity", "note"),
    "update": ("status", "severity", "note"),
    "dismiss": ("note",),
    "note": ("text",),
}


# -- the overview ------------------------------------------------------------------------------------


def _incidents(codes: list[str], status: str, hazard: str) -> list[dict]:
    found: dict[str, dict] = {}
    for code in codes:
        params = {"region": code, "page_size": 100}
        if status:
            params["status"] = status
        if hazard:
            params["hazard"] = hazard
        for incident in api("GET", "/v1/disaster/incidents", params=params).get("incidents") or []:
            found.setdefault(incident["id"], incident)
    return sorted(found.values(), key=lambda i: i.get("last_reported_at") or "", reverse=True)


def _reports(codes: list[str], hazard: str) -> list[dict]:
    params = {"page_size": 100} | ({"hazard": hazard} if hazard else {})
    reports = api("GET", "/v1/disaster/reports", params=params).get("reports") or []
    return [r for r in reports if forms.covers(codes, r.get("region_code") or "")][:REPORTS_SHOWN]


def _alerts(codes: list[str]) -> list[dict]:
    found: dict[str, dict] = {}
    for alert in api("GET", "/v1/disaster/alerts", params={"page_size": 100}).get("alerts") or []:
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
    who, refused = bpbd_only()
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
        incident = api("GET", f"/v1/disaster/incidents/{incident_id}")
        reports = (
            api("GET", "/v1/disaster/reports", params={"incident_id": incident_id, "page_size": 100}).get("reports")
            or []
        )
    except GatewayError as error:
        if error.status == 404:
            abort(404)
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    return (
        render_template(
            "staff/siaga_incident.html",
            who=staff_member(),
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
    _who_, refused = bpbd_only()
    if refused:
        return refused
    return _incident_page(incident_id)


@blueprint.post("/kejadian/<incident_id>/<action>")
@staff_session.staff_required("officer")
def incident_action(incident_id: str, action: str):
    _who_, refused = bpbd_only()
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
        api("POST", paths[action], json=body, idempotency_key=idempotency_key() if action == "note" else None)
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


def entry_links(who: dict) -> list[tuple[str, str]]:
    """BPBD officers' incidents, reports and alerts."""
    is_bpbd = who.get("role") == "officer" and "bpbd" in (who.get("agency") or "").lower()
    return [("staff_disaster.index", "staff_disaster_link")] if is_bpbd else []
