"""/petugas/wisata/acara, /usaha, /ulasan: the tourism office's desk (issue 21), beside its destinations.

- Events: the calendar ahead (GET /v1/tourism/events) and a new event (POST /v1/tourism/events with the
  form's Idempotency-Key), at a destination or a place named in words within a region.
- Businesses waiting for the office (GET /v1/tourism/businesses:pending): a permit held by another
  account than the one listing it; confirm or refuse (POST .../{id}:confirm-permit). svc-tourism checks
  the permit with svc-permits again: only a valid one becomes the "berizin" badge.
- Reported reviews (GET /v1/tourism/reviews:reported), hidden since reported: restore, or remove for good
  (POST /v1/tourism/reviews/{id}:moderate); removing needs the ticked confirmation.
"""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for

from .. import signin
from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..texts import text
from . import session as staff_session
from .tourism_forms import is_tourism_officer

blueprint = Blueprint("staff_tourism_desk", __name__, url_prefix="/petugas/wisata")

EVENT_FIELDS = (
    "name_id",
    "name_en",
    "description_id",
    "description_en",
    "start_date",
    "end_date",
    "destination_id",
    "place_name",
    "region_code",
)
NOTICE_KEY = "staff_tourism_desk_notice"
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def refused():
    if not is_tourism_officer(staff_session.staff() or {}):
        return render_template("staff/forbidden.html"), 403
    return None


def _listed(path: str, key: str, params: dict | None = None) -> tuple[list, str]:
    try:
        return list(signin.api("GET", path, params=params or {"page_size": 100}).get(key) or []), ""
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return [], form_errors(error, (), g.lang)[1]


def _event_page(*, values=None, errors=None, general="", key="", status=200):
    events, listed_error = _listed("/v1/tourism/events", "events")
    places, _ = _listed("/v1/tourism/destinations", "destinations")
    return render_template(
        "staff/wisata_acara.html",
        who=staff_session.staff(),
        events=events,
        places=sorted(places, key=lambda p: p.get("name", "")),
        values=values or {},
        errors=errors or {},
        general=general or listed_error,
        notice=session.pop(NOTICE_KEY, "") if request.method == "GET" else "",
        idempotency_key=key or str(uuid.uuid4()),
    ), status


@blueprint.route("/acara", methods=["GET", "POST"])
@staff_session.staff_required("officer")
def events():
    if refused():
        return refused()
    if request.method == "GET":
        return _event_page()
    values = {name: request.form.get(name, "").strip() for name in EVENT_FIELDS}
    key = request.form.get("idempotency_key", "").strip()[:64] or str(uuid.uuid4())
    if values["destination_id"] and not ID.fullmatch(values["destination_id"]):
        values["destination_id"] = ""
    body = {
        "name": {"id": values["name_id"], "en": values["name_en"]},
        "description": {"id": values["description_id"], "en": values["description_en"]},
        "start_date": values["start_date"],
        **{name: values[name] for name in ("end_date", "destination_id", "place_name", "region_code") if values[name]},
    }
    try:
        signin.api("POST", "/v1/tourism/events", json=body, idempotency_key=key)
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        error.field_errors = {name.replace(".", "_"): message for name, message in error.field_errors.items()}
        errors, general = form_errors(error, EVENT_FIELDS, g.lang)
        return _event_page(values=values, errors=errors, general=general, key=key, status=answer_status(error))
    session[NOTICE_KEY] = text("staff_tourism_event_created", g.lang)
    return redirect(url_for(".events"), code=303)


@blueprint.get("/usaha")
@staff_session.staff_required("officer")
def businesses():
    if refused():
        return refused()
    pending, general = _listed("/v1/tourism/businesses:pending", "businesses")
    return render_template(
        "staff/wisata_usaha.html",
        who=staff_session.staff(),
        businesses=pending,
        general=session.pop(NOTICE_KEY + "_error", "") or general,
        notice=session.pop(NOTICE_KEY, ""),
    )


@blueprint.post("/usaha/<business_id>")
@staff_session.staff_required("officer")
def confirm_permit(business_id: str):
    if refused():
        return refused()
    if not ID.fullmatch(business_id):
        abort(404)
    confirm = request.form.get("decision") == "confirm"
    if not confirm and request.form.get("refuse_confirm") != "yes":
        session[NOTICE_KEY + "_error"] = text("staff_tourism_refuse_confirm_needed", g.lang)
        return redirect(url_for(".businesses"), code=303)
    try:
        answer = signin.api("POST", f"/v1/tourism/businesses/{business_id}:confirm-permit", json={"confirm": confirm})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        session[NOTICE_KEY + "_error"] = form_errors(error, (), g.lang)[1]
        return redirect(url_for(".businesses"), code=303)
    key = "staff_tourism_business_licensed" if answer.get("licensed") else "staff_tourism_business_not_licensed"
    session[NOTICE_KEY] = text(key, g.lang).replace("{name}", answer.get("name", ""))
    return redirect(url_for(".businesses"), code=303)


@blueprint.get("/ulasan")
@staff_session.staff_required("officer")
def reviews():
    if refused():
        return refused()
    reported, general = _listed("/v1/tourism/reviews:reported", "reviews")
    return render_template(
        "staff/wisata_ulasan.html",
        who=staff_session.staff(),
        reviews=reported,
        general=session.pop(NOTICE_KEY + "_error", "") or general,
        notice=session.pop(NOTICE_KEY, ""),
    )


@blueprint.post("/ulasan/<review_id>")
@staff_session.staff_required("officer")
def moderate(review_id: str):
    if refused():
        return refused()
    if not ID.fullmatch(review_id):
        abort(404)
    decision = request.form.get("decision", "")
    if decision not in ("restore", "remove"):
        abort(400)
    if decision == "remove" and request.form.get("remove_confirm") != "yes":
        session[NOTICE_KEY + "_error"] = text("staff_tourism_remove_confirm_needed", g.lang)
        return redirect(url_for(".reviews"), code=303)
    try:
        signin.api("POST", f"/v1/tourism/reviews/{review_id}:moderate", json={"decision": decision})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        session[NOTICE_KEY + "_error"] = form_errors(error, (), g.lang)[1]
        return redirect(url_for(".reviews"), code=303)
    session[NOTICE_KEY] = text(f"staff_tourism_review_{decision}d", g.lang)
    return redirect(url_for(".reviews"), code=303)


def entry_links(who: dict) -> list[tuple[str, str]]:
    """The office's events, businesses awaiting confirmation and reported reviews."""
    if not is_tourism_officer(who):
        return []
    return [
        ("staff_tourism_desk.events", "staff_tourism_events_title"),
        ("staff_tourism_desk.businesses", "staff_tourism_businesses_title"),
        ("staff_tourism_desk.reviews", "staff_tourism_reviews_title"),
    ]
